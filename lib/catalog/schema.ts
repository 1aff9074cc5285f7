import { z } from 'zod';
import { catalogSettingsSchema } from '@/lib/evaluate/settings';

/**
 * The one shape of catalog data: the built-in files in reference-design/*.yaml and the `catalog:`
 * section of REFMAP_CONFIG (an organisation's own controls, overrides, not-applicable marks,
 * settings). Each check names an evaluator (lib/evaluate/evaluators) and gives its params, which
 * that evaluator validates when the catalog is loaded.
 *
 *   catalog:
 *     settings: { trustedRegistries: [harbor.example.com], maxRebootPendingDays: 14 }
 *     overrides:
 *       S5.DEPLOY-STRATEGY:
 *         notApplicable: { reason: "we deploy only with Argo Rollouts", owner: platform-team, expires: 2027-06-30 }
 *       T1.LOG-AGENT:
 *         checks: { fluentd-targets-up: { params: { query: 'up{job="fluent-bit"}' } } }
 *     controls:
 *       - id: ORG.OPA-UP
 *         section: "5"
 *         title: …
 *         requirement: …
 *         checks:
 *           - id: opa-targets
 *             evaluator: promql
 *             params: { query: 'up{job="opa"}', expect: every, op: "==", value: 1 }
 */

const nonEmpty = z.string().trim().min(1);
const paramsSchema = z.record(z.string(), z.unknown());

export const CHECK_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The older check shorthand `prometheus: {…}` / `kubernetes: {…}` is the `promql` /
 * `kubernetes-label` evaluator with those params; configuration files written for it still load.
 */
function expandShorthand(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const { prometheus, kubernetes, ...rest } = raw as Record<string, unknown>;
  if (prometheus !== undefined && kubernetes !== undefined) return raw;
  if (prometheus !== undefined) return { ...rest, evaluator: 'promql', params: prometheus };
  if (kubernetes !== undefined) return { ...rest, evaluator: 'kubernetes-label', params: kubernetes };
  return raw;
}

export const checkSchema = z.preprocess(
  expandShorthand,
  z
    .object({
      id: z.string().regex(CHECK_ID_PATTERN, 'must be lower-case letters, digits and dashes'),
      evaluator: nonEmpty,
      /** the pass rule in one sentence; defaults to the evaluator's description */
      rule: nonEmpty.optional(),
      params: paramsSchema.default({}),
    })
    .strict(),
);

export const severitySchema = z.enum(['low', 'medium', 'high', 'critical']);

export const controlSchema = z
  .object({
    id: z.string().regex(/^[A-Z0-9]+(\.[A-Z0-9-]+)+$/, 'must look like ORG.NAME (upper-case, dots and dashes)'),
    section: z.enum(['1', '2', '3', '4', '5']),
    group: nonEmpty.default('Organisation controls'),
    reference: nonEmpty.default('Organisation control'),
    title: nonEmpty,
    requirement: nonEmpty,
    implementation: nonEmpty.default('Defined by the platform team in the catalog settings.'),
    remediation: nonEmpty.default('See the team’s runbook.'),
    severity: severitySchema.default('medium'),
    manual: z.boolean().default(false),
    derivedFrom: z.array(nonEmpty).min(1).optional(),
    checks: z.array(checkSchema).default([]),
  })
  .strict();

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO 8601 date or time');

export const notApplicableSchema = z.union([
  nonEmpty.transform((reason) => ({ reason })),
  z.object({ reason: nonEmpty, owner: nonEmpty.optional(), expires: z.union([isoDate, z.date().transform((date) => date.toISOString())]).optional() }).strict(),
]);

export const overrideSchema = z
  .object({
    /** excludes the control from scoring: a reason, or {reason, owner, expires} */
    notApplicable: notApplicableSchema.optional(),
    severity: severitySchema.optional(),
    /** check id → params merged over the check's own (e.g. a replacement PromQL `query`) */
    checks: z.record(z.string(), z.object({ params: paramsSchema.optional(), rule: nonEmpty.optional() }).strict()).optional(),
    /** shorthand for `checks: { id: { params: { query } } }` */
    queries: z.record(z.string(), nonEmpty).optional(),
  })
  .strict();

/** What one cluster may change (`clusters[].catalog` in REFMAP_CONFIG). */
export const clusterCatalogSchema = z
  .object({
    settings: catalogSettingsSchema.default({}),
    overrides: z.record(z.string(), overrideSchema).default({}),
  })
  .strict();

export const catalogDocumentSchema = clusterCatalogSchema.extend({ controls: z.array(controlSchema).default([]) }).strict();

export type CatalogDocument = z.infer<typeof catalogDocumentSchema>;
export type ClusterCatalogDocument = z.infer<typeof clusterCatalogSchema>;
export type ControlData = z.infer<typeof controlSchema>;
export type OverrideData = z.infer<typeof overrideSchema>;
