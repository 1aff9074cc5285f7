import type { z } from 'zod';
import { canonicalJson, sha256Hex } from '@/lib/evaluate/canonical-json';
import { findEvaluator } from '@/lib/evaluate/evaluators';
import { DEFAULT_CATALOG_SETTINGS, type CatalogSettings } from '@/lib/evaluate/settings';
import type { CheckDefinition, ControlDefinition, SectionId } from '@/lib/evaluate/types';
import { catalogDocumentSchema, clusterCatalogSchema, type CatalogDocument, type ClusterCatalogDocument, type ControlData, type OverrideData } from './schema';

export interface Catalog {
  version: string;
  controls: ControlDefinition[];
  settings: CatalogSettings;
}

/**
 * A mistake in catalog data, naming where it is: the file (a built-in YAML file or REFMAP_CONFIG),
 * and the path of the field, with the control's id when there is one, e.g.
 * `catalog.controls.0.checks.1.params.query` (ORG.OPA-UP): Required.
 */
export class CatalogFileError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${file}: ${path}: ${reason}`);
    this.name = 'CatalogFileError';
  }
}

/** Where a document came from: its file name and the prefix of its fields' paths. */
export interface DocumentOrigin {
  file: string;
  /** e.g. `catalog` for REFMAP_CONFIG's section, `` for a built-in file */
  prefix: string;
}

function joinPath(origin: DocumentOrigin, parts: (string | number)[]): string {
  return [origin.prefix, ...parts.map(String)].filter((part) => part !== '').join('.') || '(root)';
}

function failFromZod(origin: DocumentOrigin, error: z.ZodError, basePath: (string | number)[] = []): never {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    throw new CatalogFileError(origin.file, joinPath(origin, [...basePath, ...(issue.path as (string | number)[]), issue.keys[0] ?? '']), 'is not a known field');
  }
  throw new CatalogFileError(origin.file, joinPath(origin, [...basePath, ...((issue?.path ?? []) as (string | number)[])]), issue?.message ?? 'invalid');
}

export function parseCatalogDocument(raw: unknown, origin: DocumentOrigin): CatalogDocument {
  const parsed = catalogDocumentSchema.safeParse(raw ?? {});
  if (!parsed.success) failFromZod(origin, parsed.error);
  return parsed.data;
}

export function parseClusterCatalog(raw: unknown, origin: DocumentOrigin): ClusterCatalogDocument {
  const parsed = clusterCatalogSchema.safeParse(raw ?? {});
  if (!parsed.success) failFromZod(origin, parsed.error);
  return parsed.data;
}

/** Resolves a check's evaluator and validates its params; the error names file, control and field. */
function resolveCheck(raw: ControlData['checks'][number], origin: DocumentOrigin, path: (string | number)[]): CheckDefinition {
  const evaluator = findEvaluator(raw.evaluator);
  if (!evaluator) throw new CatalogFileError(origin.file, joinPath(origin, [...path, 'evaluator']), `no evaluator named "${raw.evaluator}"`);
  let params: Record<string, unknown>;
  try {
    params = evaluator.parseParams(raw.params);
  } catch (error) {
    failFromZod(origin, error as z.ZodError, [...path, 'params']);
  }
  return { id: raw.id, evaluator: evaluator.name, params, rule: raw.rule ?? evaluator.description, source: evaluator.source, query: evaluator.query(params) };
}

function resolveControl(data: ControlData, origin: DocumentOrigin, index: number): ControlDefinition {
  const path = ['controls', `${index} (${data.id})`];
  const seen = new Set<string>();
  const checks = data.checks.map((check, checkIndex) => {
    if (seen.has(check.id)) throw new CatalogFileError(origin.file, joinPath(origin, [...path, 'checks', checkIndex, 'id']), `${check.id} is used twice in this control`);
    seen.add(check.id);
    return resolveCheck(check, origin, [...path, 'checks', checkIndex]);
  });
  if (data.manual && checks.length > 0) throw new CatalogFileError(origin.file, joinPath(origin, [...path, 'checks']), 'a manual control has no checks');
  if (data.derivedFrom && checks.length > 0) throw new CatalogFileError(origin.file, joinPath(origin, [...path, 'checks']), 'a derived control has no checks of its own');
  return {
    id: data.id,
    sectionId: data.section as SectionId,
    group: data.group,
    reference: data.reference,
    title: data.title,
    requirement: data.requirement,
    implementation: data.implementation,
    remediation: data.remediation,
    severity: data.severity,
    ...(data.manual ? { isManual: true } : {}),
    ...(data.derivedFrom ? { derivedFrom: data.derivedFrom } : {}),
    checks,
  };
}

/** Controls of a document, resolved; ids must be new (`taken` holds those already defined). */
export function resolveControls(document: CatalogDocument, origin: DocumentOrigin, taken: Set<string>): ControlDefinition[] {
  return document.controls.map((data, index) => {
    if (taken.has(data.id)) throw new CatalogFileError(origin.file, joinPath(origin, ['controls', index, 'id']), `${data.id} is already defined; use overrides to change it`);
    taken.add(data.id);
    return resolveControl(data, origin, index);
  });
}

/** An override merged into a control: params merged per check (and re-validated), marks and severity replaced. */
function applyOverride(control: ControlDefinition, override: OverrideData, origin: DocumentOrigin, path: string[]): ControlDefinition {
  const changes: Record<string, { params?: Record<string, unknown>; rule?: string }> = { ...override.checks };
  for (const [checkId, query] of Object.entries(override.queries ?? {})) {
    changes[checkId] = { ...changes[checkId], params: { ...changes[checkId]?.params, query } };
  }
  for (const checkId of Object.keys(changes)) {
    if (!control.checks.some((check) => check.id === checkId)) throw new CatalogFileError(origin.file, joinPath(origin, [...path, 'checks', checkId]), 'no such check');
  }
  const checks = control.checks.map((check) => {
    const change = changes[check.id];
    if (!change) return check;
    return resolveCheck({ id: check.id, evaluator: check.evaluator, rule: change.rule ?? check.rule, params: { ...check.params, ...change.params } }, origin, [...path, 'checks', check.id]);
  });
  return {
    ...control,
    checks,
    ...(override.severity ? { severity: override.severity } : {}),
    ...(override.notApplicable ? { notApplicable: override.notApplicable } : {}),
  };
}

export function applyOverrides(controls: ControlDefinition[], overrides: Record<string, OverrideData>, origin: DocumentOrigin): ControlDefinition[] {
  for (const controlId of Object.keys(overrides)) {
    if (!controls.some((control) => control.id === controlId)) throw new CatalogFileError(origin.file, joinPath(origin, ['overrides', controlId]), 'no such control');
  }
  return controls.map((control) => {
    const override = overrides[control.id];
    return override ? applyOverride(control, override, origin, ['overrides', control.id]) : control;
  });
}

/** Every derived control names controls that exist and are not derived themselves. */
export function checkDerivations(controls: ControlDefinition[], origin: DocumentOrigin): void {
  const byId = new Map(controls.map((control) => [control.id, control]));
  for (const control of controls) {
    for (const id of control.derivedFrom ?? []) {
      const source = byId.get(id);
      if (!source || source.derivedFrom) throw new CatalogFileError(origin.file, joinPath(origin, ['controls', control.id, 'derivedFrom']), `${id} is not a control with checks of its own`);
    }
  }
}

/**
 * The built-in catalog with REFMAP_CONFIG's `catalog:` section and, for one cluster, its
 * `clusters[].catalog` applied. The version changes whenever either does.
 */
export function buildCatalog(
  builtIn: { version: string; controls: ControlDefinition[] },
  file: CatalogDocument | undefined,
  cluster?: { name: string; catalog: ClusterCatalogDocument | undefined },
): Catalog {
  if (!file && !cluster?.catalog) return { version: builtIn.version, controls: builtIn.controls, settings: DEFAULT_CATALOG_SETTINGS };
  const origin: DocumentOrigin = { file: 'REFMAP_CONFIG', prefix: 'catalog' };
  const taken = new Set(builtIn.controls.map((control) => control.id));
  let controls = [...builtIn.controls, ...(file ? resolveControls(file, origin, taken) : [])];
  checkDerivations(controls, origin);
  controls = applyOverrides(controls, file?.overrides ?? {}, origin);
  if (cluster?.catalog) controls = applyOverrides(controls, cluster.catalog.overrides, { file: 'REFMAP_CONFIG', prefix: `clusters.${cluster.name}.catalog` });
  const changes = { file: file ?? null, cluster: cluster?.catalog ?? null };
  return {
    version: `${builtIn.version}+${sha256Hex(canonicalJson(JSON.parse(JSON.stringify(changes)))).slice(0, 12)}`,
    controls,
    settings: { ...DEFAULT_CATALOG_SETTINGS, ...file?.settings, ...cluster?.catalog?.settings },
  };
}
