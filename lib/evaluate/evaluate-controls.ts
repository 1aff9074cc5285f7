import 'server-only';
import type { CheckContext, CheckDefinition, ControlDefinition } from '@/lib/catalog/types';
import { log } from '@/lib/log';
import { isSourceError } from '@/lib/sources/source-error';
import { canonicalJson, sha256Hex } from './canonical-json';
import { worstStatus } from './score';
import type { CheckOutcome, ControlResult, Evidence } from './types';

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
async function runCheck(check: CheckDefinition, context: CheckContext): Promise<CheckOutcome> {
  if (!context.sources.clients[check.source]) {
    return { status: 'unknown', summary: `${check.source} is not configured`, excerpt: { error: { source: check.source, kind: 'not-configured' } } };
  }
  try {
    return await check.run(context);
  } catch (error) {
    if (isSourceError(error)) {
      return { status: 'unknown', summary: `Evidence could not be collected: ${error.message}`, excerpt: { error: { ...error.toJSON() } } };
    }
    // A bug in a check must not hide the other controls, nor turn into a pass.
    log.error({ event: 'check.failed', checkId: check.id, err: error }, 'check threw an unexpected error');
    return { status: 'unknown', summary: `The check failed unexpectedly: ${(error as Error).message}`, excerpt: { error: { kind: 'internal' } } };
  }
}

function summarise(control: ControlDefinition, evidence: Evidence[], status: ControlResult['status']): string {
  if (control.isManual) return 'Not observable in a cluster: needs an attestation';
  const deciding = evidence.filter((item) => item.status === status);
  return (deciding.length > 0 ? deciding : evidence).map((item) => item.summary).join('; ');
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

/** Evaluates every control, all checks concurrently. Never throws for a source problem. */
export async function evaluateControls(controls: ControlDefinition[], context: CheckContext): Promise<ControlResult[]> {
  const direct = controls.filter((control) => !control.derivedFrom);
  const directResults = await Promise.all(
    direct.map(async (control): Promise<ControlResult> => {
      const evidence = await Promise.all(control.checks.map(async (check) => toEvidence(check, await runCheck(check, context), new Date())));
      const status = control.isManual ? 'manual' : worstStatus(evidence.map((item) => item.status));
      return { controlId: control.id, sectionId: control.sectionId, status, summary: summarise(control, evidence, status), evidence };
    }),
  );
  const resultsById = new Map(directResults.map((result) => [result.controlId, result]));
  // keep the catalog's order: derived controls sit where the catalog puts them
  return controls.map((control) => (control.derivedFrom ? deriveResult(control, resultsById, new Date()) : resultsById.get(control.id)!));
}
