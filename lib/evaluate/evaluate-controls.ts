import 'server-only';
import { log } from '@/lib/log';
import { isSourceError } from '@/lib/sources/source-error';
import { canonicalJson, NonCanonicalJsonError, sha256Hex } from './canonical-json';
import { scopePromQl } from './promql-scope';
import type { EvaluationEnv, Evaluator } from './evaluator';
import { findEvaluator } from './evaluators';
import { worstStatus } from '@/lib/evaluate/score';
import type { SourceReaders } from './source-readers';
import type { CheckDefinition, CheckOutcome, ControlDefinition, ControlResult, Evidence } from './types';

/** Everything one collection evaluates against: the shared readers and the evaluation environment. */
export interface EvaluationContext extends EvaluationEnv {
  sources: SourceReaders;
  /** told how long each check took, from its start to its verdict (waits for shared lists included) */
  onCheckTimed?: (controlId: string, checkId: string, durationMs: number) => void;
  /** where evaluators are looked up by name (default: the registry of lib/evaluate/evaluators) */
  evaluators?: (name: string) => Evaluator | undefined;
  /** this cluster's share of backends other clusters use too (see ClusterScope) */
  scope?: ClusterScope;
}

/**
 * Where several clusters' metrics meet in one Prometheus (or Thanos) and their logs in one
 * OpenSearch, what picks this cluster's: label matchers added to every PromQL query, and a field
 * every counted log document must have (applied by the readers).
 */
export interface ClusterScope {
  prometheusLabels?: Record<string, string>;
  opensearchMatch?: { field: string; value: string };
}

// readers whose OpenSearch documents are filtered by the cluster's scope
const SCOPED_OPENSEARCH_READS = new Set(['latestDocumentTime', 'countByTerms']);

/**
 * The check as it is sent for this cluster: its PromQL query with the cluster's label matchers, or
 * the reason it cannot be scoped (then it is not run: another cluster's series are no evidence).
 */
function scopedCheck(check: CheckDefinition, evaluator: Evaluator | undefined, scope: ClusterScope | undefined): { check: CheckDefinition } | { check: CheckDefinition; refusal: CheckOutcome } {
  if (!evaluator || !scope) return { check };
  if (scope.prometheusLabels && check.source === 'prometheus' && typeof check.params.query === 'string') {
    const scoped = scopePromQl(check.params.query, scope.prometheusLabels);
    if (!scoped.isScoped) {
      const labels = Object.entries(scope.prometheusLabels).map(([name, value]) => `${name}="${value}"`).join(', ');
      return { check, refusal: { status: 'unknown', summary: `The query cannot be scoped to this cluster (${labels}): ${scoped.reason}`, excerpt: { error: { kind: 'unscoped', reason: scoped.reason } } } };
    }
    const params = { ...check.params, query: scoped.query };
    return { check: { ...check, params, query: evaluator.query(params) } };
  }
  if (scope.opensearchMatch && evaluator.reads.some((read) => SCOPED_OPENSEARCH_READS.has(read))) {
    return { check: { ...check, query: `${check.query} (only documents with ${scope.opensearchMatch.field} = "${scope.opensearchMatch.value}")` } };
  }
  return { check };
}

/** Stamps an outcome with its origin and time, and hashes it so later tampering shows. */
export function toEvidence(check: { id: string; source: Evidence['source']; query: string }, outcome: CheckOutcome, observedAt: Date): Evidence {
  const body = {
    checkId: check.id,
    source: check.source,
    query: check.query,
    observedAt: observedAt.toISOString(),
    status: outcome.status,
    summary: outcome.summary,
    excerpt: outcome.excerpt,
  };
  return { ...body, sha256: sha256Hex(canonicalJson(body)) };
}

/** Runs one check; any failure to read the source makes it `unknown` with the reason — never `pass`. */
async function runCheck(check: CheckDefinition, evaluator: Evaluator | undefined, context: EvaluationContext): Promise<CheckOutcome> {
  if (!evaluator) {
    return { status: 'unknown', summary: `No evaluator named ${check.evaluator}`, excerpt: { error: { kind: 'internal' } } };
  }
  if (!context.sources.clients[check.source]) {
    return { status: 'unknown', summary: `${check.source} is not configured`, excerpt: { error: { source: check.source, kind: 'not-configured' } } };
  }
  try {
    return await evaluator.evaluate(context.sources, check.params, context);
  } catch (error) {
    if (isSourceError(error)) {
      return { status: 'unknown', summary: `Evidence could not be collected: ${error.message}`, excerpt: { error: { ...error.toJSON() } } };
    }
    // A bug in a check must not hide the other controls, nor turn into a pass.
    log.error({ event: 'check.failed', checkId: check.id, evaluator: check.evaluator, err: error }, 'check threw an unexpected error');
    return { status: 'unknown', summary: `The check failed unexpectedly: ${(error as Error).message}`, excerpt: { error: { kind: 'internal' } } };
  }
}

function summarise(control: ControlDefinition, evidence: Evidence[], status: ControlResult['status']): string {
  if (control.isManual) return 'Not observable in a cluster: needs an attestation';
  const deciding = evidence.filter((item) => item.status === status);
  return (deciding.length > 0 ? deciding : evidence).map((item) => item.summary).join('; ');
}

/** A not-applicable mark in force: the control is excluded from scoring, and the evidence says by whom and why. */
function markedNotApplicable(control: ControlDefinition, now: Date): ControlResult | undefined {
  const mark = control.notApplicable;
  if (!mark || (mark.expires !== undefined && Date.parse(mark.expires) <= now.getTime())) return undefined;
  const outcome: CheckOutcome = {
    status: 'not-applicable',
    summary: `Excluded by the catalog settings: ${mark.reason}`,
    excerpt: { reason: mark.reason, owner: mark.owner ?? null, expires: mark.expires ?? null },
  };
  const evidence = toEvidence({ id: 'excluded', source: 'configuration', query: 'catalog: notApplicable' }, outcome, now);
  return { controlId: control.id, sectionId: control.sectionId, status: 'not-applicable', summary: outcome.summary, evidence: [evidence] };
}

/**
 * A derived control takes the worst verdict of the controls it names; its one piece of evidence
 * records which controls those were and what they said, so the drilldown can explain it.
 */
function deriveResult(control: ControlDefinition, resultsById: Map<string, ControlResult>, observedAt: Date): ControlResult {
  const sources = (control.derivedFrom ?? []).map((id) => ({ id, result: resultsById.get(id) }));
  const statuses = sources.map(({ result }) => result?.status ?? 'unknown');
  const status = worstStatus(statuses);
  const parts = sources.map(({ id, result }) => `${id} is ${result?.status ?? 'unknown'}`);
  const outcome: CheckOutcome = {
    status,
    summary: `Derived from ${parts.join(' and ')}`,
    excerpt: { derivedFrom: sources.map(({ id, result }) => ({ controlId: id, status: result?.status ?? 'unknown', summary: result?.summary ?? 'not evaluated' })) },
  };
  const evidence = toEvidence({ id: 'derived', source: 'derived', query: `worst of ${(control.derivedFrom ?? []).join(', ')}` }, outcome, observedAt);
  return { controlId: control.id, sectionId: control.sectionId, status, summary: outcome.summary, evidence: [evidence] };
}

async function timedCheck(control: ControlDefinition, check: CheckDefinition, context: EvaluationContext): Promise<Evidence> {
  const started = performance.now();
  const evaluator = (context.evaluators ?? findEvaluator)(check.evaluator);
  const sent = scopedCheck(check, evaluator, context.scope);
  try {
    const outcome = 'refusal' in sent ? sent.refusal : await runCheck(sent.check, evaluator, context);
    try {
      return toEvidence(sent.check, outcome, new Date());
    } catch (error) {
      // evidence that cannot be hashed faithfully (NaN, Infinity) is no evidence: never a pass
      if (!(error instanceof NonCanonicalJsonError)) throw error;
      log.error({ event: 'check.unhashable', checkId: check.id, evaluator: check.evaluator, err: error }, 'check produced evidence that cannot be hashed');
      return toEvidence(sent.check, { status: 'unknown', summary: `The check produced evidence that cannot be hashed: ${error.message}`, excerpt: { error: { kind: 'internal' } } }, new Date());
    }
  } finally {
    context.onCheckTimed?.(control.id, check.id, performance.now() - started);
  }
}

async function evaluateDirect(control: ControlDefinition, context: EvaluationContext): Promise<ControlResult> {
  const evidence = await Promise.all(control.checks.map((check) => timedCheck(control, check, context)));
  const status = control.isManual ? 'manual' : worstStatus(evidence.map((item) => item.status));
  return { controlId: control.id, sectionId: control.sectionId, status, summary: summarise(control, evidence, status), evidence };
}

/** Evaluates every control, all checks concurrently. Never throws for a source problem. */
export async function evaluateControls(controls: ControlDefinition[], context: EvaluationContext): Promise<ControlResult[]> {
  const direct = controls.filter((control) => !control.derivedFrom);
  const directResults = await Promise.all(direct.map(async (control) => markedNotApplicable(control, context.now) ?? evaluateDirect(control, context)));
  const resultsById = new Map(directResults.map((result) => [result.controlId, result]));
  // keep the catalog's order: derived controls sit where the catalog puts them
  return controls.map((control) => (control.derivedFrom ? (markedNotApplicable(control, context.now) ?? deriveResult(control, resultsById, new Date())) : resultsById.get(control.id)!));
}
