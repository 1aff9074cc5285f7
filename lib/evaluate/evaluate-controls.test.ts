import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CONTROLS } from '@/lib/catalog';
import { fakeReaders } from '@/lib/testing/fake-sources';
import { SourceError } from '@/lib/sources/source-error';
import { canonicalJson, sha256Hex } from './canonical-json';
import { evaluateControls, type EvaluationContext } from './evaluate-controls';
import { defineEvaluator, type Evaluator } from './evaluator';
import { DEFAULT_CATALOG_SETTINGS } from './settings';
import type { CheckOutcome, ControlDefinition } from './types';

/** Evaluators that answer what the test says, whatever the sources hold. */
function answering(outcomes: Record<string, () => Promise<CheckOutcome>>): (name: string) => Evaluator | undefined {
  return (name) =>
    outcomes[name] &&
    defineEvaluator({
      name,
      source: 'prometheus',
      description: 'test',
      params: z.object({}).strict(),
      reads: [],
      query: () => name,
      read: async () => outcomes[name]!(),
      judge: (outcome) => outcome,
    });
}

function context(outcomes: Record<string, () => Promise<CheckOutcome>> = {}): EvaluationContext {
  return { sources: fakeReaders({ prometheus: {} }), settings: DEFAULT_CATALOG_SETTINGS, now: new Date('2026-06-01T00:00:00Z'), evaluators: answering(outcomes) };
}

function control(evaluators: string[], extra: Partial<ControlDefinition> = {}): ControlDefinition {
  return {
    id: 'X.TEST',
    sectionId: '2',
    group: 'test',
    reference: 'test',
    title: 't',
    requirement: 'r',
    implementation: 'i',
    remediation: 'm',
    severity: 'medium',
    checks: evaluators.map((evaluator) => ({ id: evaluator, evaluator, params: {}, rule: 'r', source: 'prometheus', query: evaluator })),
    ...extra,
  };
}

const outcome = (status: CheckOutcome['status'], summary: string): (() => Promise<CheckOutcome>) => async () => ({ status, summary, excerpt: {} });

describe('evaluateControls', () => {
  it('makes every check of a source that is not configured unknown', async () => {
    const results = await evaluateControls(CONTROLS, { ...context(), sources: fakeReaders({}), evaluators: undefined });
    for (const result of results.filter((candidate) => candidate.evidence.length > 0)) {
      expect(result.status, result.controlId).toBe('unknown');
    }
  });

  it('takes the worst status of several checks and summarises from the deciding ones', async () => {
    const [result] = await evaluateControls([control(['a', 'b'])], context({ a: outcome('pass', 'fine'), b: outcome('warn', 'shaky') }));
    expect(result?.status).toBe('warn');
    expect(result?.summary).toBe('shaky');
  });

  it('turns a SourceError into unknown with the source and the fault in the summary', async () => {
    const timeout = async (): Promise<CheckOutcome> => {
      throw new SourceError({ source: 'prometheus', kind: 'timeout', path: '/api/v1/query', message: 'no answer within 10000 ms' });
    };
    const [result] = await evaluateControls([control(['a'])], context({ a: timeout }));
    expect(result?.status).toBe('unknown');
    expect(result?.summary).toContain('prometheus /api/v1/query: no answer within 10000 ms');
    expect(result?.evidence[0]?.excerpt).toMatchObject({ error: { source: 'prometheus', kind: 'timeout' } });
  });

  it('turns an unexpected exception, or an evaluator that does not exist, into unknown, never pass', async () => {
    const [thrown] = await evaluateControls([control(['a'])], context({ a: () => Promise.reject(new TypeError('boom')) }));
    expect(thrown?.status).toBe('unknown');
    const [missing] = await evaluateControls([control(['nobody'])], context({}));
    expect(missing?.status).toBe('unknown');
    expect(missing?.summary).toContain('No evaluator named nobody');
  });

  it('hashes exactly the canonical JSON of the evidence body', async () => {
    const [result] = await evaluateControls([control(['a'])], context({ a: async () => ({ status: 'pass', summary: 's', excerpt: { n: 1 } }) }));
    const evidence = result!.evidence[0]!;
    const { sha256, ...body } = evidence;
    expect(sha256).toBe(sha256Hex(canonicalJson(body)));
  });

  it('makes a check whose evidence cannot be hashed (NaN) unknown, and still evaluates the others', async () => {
    const [result] = await evaluateControls([control(['a', 'b'])], context({ a: async () => ({ status: 'pass', summary: 's', excerpt: { ratio: Number.NaN } }), b: outcome('pass', 'fine') }));
    expect(result?.status).toBe('unknown');
    expect(result?.evidence.map((item) => item.status)).toEqual(['unknown', 'pass']);
  });

  it('honours a not-applicable mark until it expires, naming owner and reason', async () => {
    const marked = control(['a'], { notApplicable: { reason: 'Argo Rollouts only', owner: 'platform-team', expires: '2026-07-01T00:00:00Z' } });
    const [inForce] = await evaluateControls([marked], context({ a: outcome('fail', 'bad') }));
    expect(inForce?.status).toBe('not-applicable');
    expect(inForce?.evidence[0]).toMatchObject({ source: 'configuration', excerpt: { reason: 'Argo Rollouts only', owner: 'platform-team', expires: '2026-07-01T00:00:00Z' } });
    const [expired] = await evaluateControls([marked], { ...context({ a: outcome('fail', 'bad') }), now: new Date('2026-07-02T00:00:00Z') });
    expect(expired?.status).toBe('fail');
  });
});
