import { z } from 'zod';
import { canonicalJson, sha256Hex } from '@/lib/evaluate/canonical-json';
import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import { CATALOG_VERSION, CONTROLS } from './index';
import { instantQuery, label } from './checks/prometheus';
import { isSystemNamespace } from './checks/kubernetes';
import { capOffenders, countPhrase } from './offenders';
import { DEFAULT_CATALOG_SETTINGS, type CatalogSettings } from './settings';
import type { CheckContext, CheckDefinition, ControlDefinition, SectionId } from './types';

/**
 * The `catalog:` part of the REFMAP_CONFIG file: settings a platform team tunes, overrides of
 * existing controls, and controls of its own with declarative Prometheus or Kubernetes checks.
 *
 *   catalog:
 *     settings: { trustedRegistries: [harbor.example.com], maxRebootPendingDays: 14 }
 *     overrides:
 *       S5.DEPLOY-STRATEGY: { notApplicable: "we deploy only with Argo Rollouts" }
 *       T1.LOG-AGENT: { queries: { fluentd-targets-up: 'up{job="fluent-bit"}' } }
 *     controls:
 *       - id: ORG.OPA-UP
 *         section: "5"
 *         title: …
 *         checks:
 *           - id: opa-targets
 *             prometheus: { query: 'up{job="opa"}', expect: every, op: "==", value: 1 }
 */

const nonEmpty = z.string().trim().min(1);

const settingsSchema = z
  .object({
    systemNamespaces: z.array(nonEmpty),
    maxOffendersPerCheck: z.number().int().min(1).max(1000),
    maxAllowedVulnGateSeverity: z.enum(['low', 'medium', 'high', 'critical']),
    maxRebootPendingDays: z.number().positive(),
    minimumKubernetesMinor: z.number().int().min(0),
    trustedRegistries: z.array(nonEmpty),
    allowedClusterAdminSubjects: z.array(nonEmpty),
    logRetentionDays: z.number().positive(),
    maxLogSnapshotAgeHours: z.number().positive(),
    gatekeeperAuditIntervalSeconds: z.number().positive(),
    harborAuthMode: nonEmpty,
    minFluentdBufferFreePercent: z.number().min(0).max(100),
    networkFlowToolNames: z.array(nonEmpty),
    minTargetsUpShare: z.number().min(0).max(1),
    stdoutLogWindowHours: z.number().positive(),
    maxBackupAgeHours: z.number().positive(),
    minCertificateValidityDays: z.number().positive(),
  })
  .partial()
  .strict();

const comparison = z.enum(['==', '!=', '>', '>=', '<', '<=']);

const prometheusCheckSchema = z
  .object({
    query: nonEmpty,
    /**
     * empty: pass when the query returns no series (e.g. firing alerts);
     * every: pass when every series satisfies `op value` — and there is at least one series
     */
    expect: z.enum(['empty', 'every']),
    op: comparison.optional(),
    value: z.number().optional(),
    failStatus: z.enum(['fail', 'warn']).default('fail'),
    /** label that names the offending object in evidence */
    objectLabel: nonEmpty.optional(),
  })
  .strict()
  .refine((check) => check.expect === 'empty' || (check.op !== undefined && check.value !== undefined), { message: 'expect: every needs op and value' });

const kubernetesCheckSchema = z
  .object({
    list: z.enum(['namespaces', 'nodes', 'pods', 'workloads']),
    /** a label that every listed object must carry (optionally with this value) */
    requireLabel: nonEmpty,
    value: nonEmpty.optional(),
    excludeSystemNamespaces: z.boolean().default(true),
    failStatus: z.enum(['fail', 'warn']).default('fail'),
  })
  .strict();

const customCheckSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes'),
    rule: nonEmpty.optional(),
    prometheus: prometheusCheckSchema.optional(),
    kubernetes: kubernetesCheckSchema.optional(),
  })
  .strict()
  .refine((check) => (check.prometheus === undefined) !== (check.kubernetes === undefined), { message: 'give exactly one of prometheus or kubernetes' });

const customControlSchema = z
  .object({
    id: z.string().regex(/^[A-Z0-9]+(\.[A-Z0-9-]+)+$/, 'must look like ORG.NAME (upper-case, dots and dashes)'),
    section: z.enum(['1', '2', '3', '4', '5']),
    group: nonEmpty.default('Organisation controls'),
    title: nonEmpty,
    requirement: nonEmpty,
    implementation: nonEmpty.default('Defined by the platform team in the catalog settings.'),
    remediation: nonEmpty.default('See the team’s runbook.'),
    manual: z.boolean().default(false),
    checks: z.array(customCheckSchema).default([]),
  })
  .strict();

const overrideSchema = z
  .object({
    /** excludes the control from scoring with this reason */
    notApplicable: nonEmpty.optional(),
    /** check id → PromQL that replaces the check's query */
    queries: z.record(z.string(), nonEmpty).optional(),
  })
  .strict();

export const catalogFileSchema = z
  .object({
    settings: settingsSchema.default({}),
    overrides: z.record(z.string(), overrideSchema).default({}),
    controls: z.array(customControlSchema).default([]),
  })
  .strict();

export type CatalogFile = z.infer<typeof catalogFileSchema>;

export interface Catalog {
  version: string;
  controls: ControlDefinition[];
  settings: CatalogSettings;
}

export class CatalogFileError extends Error {
  readonly path: string;

  constructor(
    pathInCatalog: string,
    readonly reason: string,
  ) {
    super(`catalog.${pathInCatalog}: ${reason}`);
    this.path = `catalog.${pathInCatalog}`;
    this.name = 'CatalogFileError';
  }
}

/** Validates the `catalog:` part of the config file; the error names the path of the bad field. */
export function parseCatalogFile(raw: unknown): CatalogFile {
  const parsed = catalogFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === 'unrecognized_keys') {
      throw new CatalogFileError([...issue.path, issue.keys[0] ?? ''].map(String).join('.'), 'is not a known setting');
    }
    throw new CatalogFileError(issue?.path.map(String).join('.') || '(root)', issue?.message ?? 'invalid');
  }
  return parsed.data;
}

function compare(op: z.infer<typeof comparison>, left: number, right: number): boolean {
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}

function declarativePrometheusCheck(id: string, spec: z.infer<typeof prometheusCheckSchema>, rule: string | undefined): CheckDefinition {
  const describedRule = rule ?? (spec.expect === 'empty' ? 'The query returns no series.' : `Every series satisfies value ${spec.op} ${spec.value} (and there is at least one).`);
  return {
    id,
    source: 'prometheus',
    query: spec.query,
    rule: describedRule,
    run: async (context): Promise<CheckOutcome> => {
      const { samples, warnings } = await instantQuery(context, spec.query);
      const name = (sample: (typeof samples)[number]) => (spec.objectLabel ? label(sample, spec.objectLabel) : canonicalJson(sample.labels));
      if (spec.expect === 'empty') {
        const offenders: Offender[] = samples.map((sample) => ({ object: name(sample), reason: `value ${sample.value}` }));
        const excerpt = { series: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
        return samples.length === 0 ? { status: 'pass', summary: 'The query returns no series', excerpt } : { status: spec.failStatus, summary: `The query returns ${countPhrase(samples.length, 'series', 'series')}`, excerpt };
      }
      // no series means the evidence is missing, never that everything is fine
      if (samples.length === 0) return { status: 'unknown', summary: 'The query returns no series', excerpt: { series: 0, warnings } };
      const offenders: Offender[] = samples.filter((sample) => !compare(spec.op!, sample.value, spec.value!)).map((sample) => ({ object: name(sample), reason: `value ${sample.value}` }));
      const excerpt = { series: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
      return offenders.length === 0
        ? { status: 'pass', summary: `All ${countPhrase(samples.length, 'series', 'series')} satisfy ${spec.op} ${spec.value}`, excerpt }
        : { status: spec.failStatus, summary: `${offenders.length} of ${countPhrase(samples.length, 'series', 'series')} do not satisfy ${spec.op} ${spec.value}`, excerpt };
    },
  };
}

async function listObjects(context: CheckContext, list: z.infer<typeof kubernetesCheckSchema>['list']): Promise<{ name: string; namespace?: string; labels: Record<string, string> }[]> {
  switch (list) {
    case 'namespaces':
      return (await context.sources.namespaces()).map((namespace) => ({ name: `namespace ${namespace.name}`, namespace: namespace.name, labels: namespace.labels }));
    case 'nodes':
      return (await context.sources.nodes()).map((node) => ({ name: `node ${node.name}`, labels: {} }));
    case 'pods':
      return (await context.sources.pods()).map((pod) => ({ name: `${pod.namespace}/${pod.name}`, namespace: pod.namespace, labels: pod.labels }));
    case 'workloads':
      return (await context.sources.workloads()).map((workload) => ({ name: `${workload.kind} ${workload.namespace}/${workload.name}`, namespace: workload.namespace, labels: workload.labels }));
  }
}

function declarativeKubernetesCheck(id: string, spec: z.infer<typeof kubernetesCheckSchema>, rule: string | undefined): CheckDefinition {
  const wanted = spec.value === undefined ? `label ${spec.requireLabel}` : `label ${spec.requireLabel}=${spec.value}`;
  return {
    id,
    source: 'kubernetes',
    query: `list ${spec.list} → metadata.labels["${spec.requireLabel}"]`,
    rule: rule ?? `Every listed ${spec.list.replace(/s$/, '')} carries ${wanted}.`,
    run: async (context): Promise<CheckOutcome> => {
      const objects = (await listObjects(context, spec.list)).filter((object) => !spec.excludeSystemNamespaces || object.namespace === undefined || !isSystemNamespace(context.settings, object.namespace));
      if (objects.length === 0) return { status: 'not-applicable', summary: `No ${spec.list} to check`, excerpt: { objects: 0 } };
      const offenders: Offender[] = objects
        .filter((object) => (spec.value === undefined ? object.labels[spec.requireLabel] === undefined : object.labels[spec.requireLabel] !== spec.value))
        .map((object) => ({ object: object.name, reason: `missing ${wanted}` }));
      const excerpt = { objects: objects.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
      return offenders.length === 0
        ? { status: 'pass', summary: `All ${countPhrase(objects.length, spec.list.replace(/s$/, ''))} carry ${wanted}`, excerpt }
        : { status: spec.failStatus, summary: `${offenders.length} of ${countPhrase(objects.length, spec.list.replace(/s$/, ''))} lack ${wanted}`, excerpt };
    },
  };
}

function toControl(spec: z.infer<typeof customControlSchema>): ControlDefinition {
  return {
    id: spec.id,
    sectionId: spec.section as SectionId,
    group: spec.group,
    title: spec.title,
    requirement: spec.requirement,
    implementation: spec.implementation,
    remediation: spec.remediation,
    isManual: spec.manual,
    checks: spec.checks.map((check) =>
      check.prometheus ? declarativePrometheusCheck(check.id, check.prometheus, check.rule) : declarativeKubernetesCheck(check.id, check.kubernetes!, check.rule),
    ),
  };
}

/**
 * Sends a check's Prometheus query as the override instead. Checks call `instantQuery` with their
 * own constant query; the wrapper swaps it on the way out, so the evidence records what was sent.
 */
function withQueryOverride(check: CheckDefinition, query: string): CheckDefinition {
  return {
    ...check,
    query,
    run: (context) => {
      const prometheus = context.sources.clients.prometheus;
      if (!prometheus) return check.run(context);
      const rewritten = {
        ...prometheus,
        instantQuery: (sent: string, at?: Date) => prometheus.instantQuery(sent === check.query ? query : sent, at),
      };
      return check.run({ ...context, sources: { ...context.sources, clients: { ...context.sources.clients, prometheus: rewritten } } });
    },
  };
}

function notApplicableControl(control: ControlDefinition, reason: string): ControlDefinition {
  return {
    ...control,
    derivedFrom: undefined,
    isManual: false,
    checks: [
      {
        id: 'excluded',
        source: control.checks[0]?.source ?? 'kubernetes',
        query: 'catalog settings: overrides',
        rule: 'Excluded from scoring by the catalog settings.',
        run: async () => ({ status: 'not-applicable', summary: `Excluded by the catalog settings: ${reason}`, excerpt: { reason } }),
      },
    ],
  };
}

/** The built-in catalog with a settings file applied; the version changes whenever the file does. */
export function buildCatalog(file: CatalogFile | undefined): Catalog {
  if (!file) return { version: CATALOG_VERSION, controls: CONTROLS, settings: DEFAULT_CATALOG_SETTINGS };
  const knownIds = new Set(CONTROLS.map((control) => control.id));
  for (const [index, control] of file.controls.entries()) {
    if (knownIds.has(control.id)) throw new CatalogFileError(`controls.${index}.id`, `${control.id} is a built-in control; use overrides to change it`);
    knownIds.add(control.id);
  }
  for (const [controlId, override] of Object.entries(file.overrides)) {
    const control = CONTROLS.find((candidate) => candidate.id === controlId);
    if (!control) throw new CatalogFileError(`overrides.${controlId}`, 'no such built-in control');
    for (const checkId of Object.keys(override.queries ?? {})) {
      const check = control.checks.find((candidate) => candidate.id === checkId);
      if (!check) throw new CatalogFileError(`overrides.${controlId}.queries.${checkId}`, 'no such check');
      if (check.source !== 'prometheus') throw new CatalogFileError(`overrides.${controlId}.queries.${checkId}`, 'only Prometheus queries can be overridden');
    }
  }
  const controls = [
    ...CONTROLS.map((control) => {
      const override = file.overrides[control.id];
      if (!override) return control;
      if (override.notApplicable) return notApplicableControl(control, override.notApplicable);
      const queries = override.queries ?? {};
      return { ...control, checks: control.checks.map((check) => (queries[check.id] ? withQueryOverride(check, queries[check.id]!) : check)) };
    }),
    ...file.controls.map(toControl),
  ];
  return {
    version: `${CATALOG_VERSION}+${sha256Hex(canonicalJson(file)).slice(0, 12)}`,
    controls,
    settings: { ...DEFAULT_CATALOG_SETTINGS, ...file.settings },
  };
}
