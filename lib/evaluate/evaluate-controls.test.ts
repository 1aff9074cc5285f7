import { describe, expect, it } from 'vitest';
import { CONTROLS } from '@/lib/catalog';
import { DEFAULT_CATALOG_SETTINGS } from '@/lib/catalog/settings';
import { fakeReaders } from '@/lib/catalog/test-readers';
import type { ControlDefinition } from '@/lib/catalog/types';
import { SourceError } from '@/lib/sources/source-error';
import { canonicalJson, sha256Hex } from './canonical-json';
import { evaluateControls } from './evaluate-controls';

const context = { sources: fakeReaders({ prometheus: {} }), settings: DEFAULT_CATALOG_SETTINGS, now: new Date('2026-06-01T00:00:00Z') };

function control(checks: ControlDefinition['checks']): ControlDefinition {
  return { id: 'X.TEST', sectionId: '2', group: 'test', title: 't', requirement: 'r', implementation: 'i', remediation: 'm', checks };
}

describe('evaluateControls', () => {
  it('makes every check of a source that is not configured unknown', async () => {
    const results = await evaluateControls(CONTROLS, { ...context, sources: fakeReaders({}) });
    for (const result of results.filter((candidate) => candidate.evidence.length > 0)) {
      expect(result.status, result.controlId).toBe('unknown');
    }
  });

  it('takes the worst status of several checks and summarises from the deciding ones', async () => {
    const [result] = await evaluateControls(
      [
        control([
          { id: 'a', source: 'prometheus', query: 'q1', rule: 'r', run: async () => ({ status: 'pass', summary: 'fine', excerpt: {} }) },
          { id: 'b', source: 'prometheus', query: 'q2', rule: 'r', run: async () => ({ status: 'warn', summary: 'shaky', excerpt: {} }) },
        ]),
      ],
      context,
    );
    expect(result?.status).toBe('warn');
    expect(result?.summary).toBe('shaky');
  });

  it('turns a SourceError into unknown with the source and the fault in the summary', async () => {
    const [result] = await evaluateControls(
      [
        control([
          {
            id: 'a',
            source: 'prometheus',
            query: 'q',
            rule: 'r',
            run: async () => {
              throw new SourceError({ source: 'prometheus', kind: 'timeout', path: '/api/v1/query', message: 'no answer within 10000 ms' });
            },
          },
        ]),
      ],
      context,
    );
    expect(result?.status).toBe('unknown');
    expect(result?.summary).toContain('prometheus /api/v1/query: no answer within 10000 ms');
    expect(result?.evidence[0]?.excerpt).toMatchObject({ error: { source: 'prometheus', kind: 'timeout' } });
  });

  it('turns an unexpected exception into unknown, never pass', async () => {
    const [result] = await evaluateControls(
      [control([{ id: 'a', source: 'prometheus', query: 'q', rule: 'r', run: async () => Promise.reject(new TypeError('boom')) }])],
      context,
    );
    expect(result?.status).toBe('unknown');
  });

  it('hashes exactly the canonical JSON of the evidence body', async () => {
    const [result] = await evaluateControls(
      [control([{ id: 'a', source: 'prometheus', query: 'q', rule: 'r', run: async () => ({ status: 'pass', summary: 's', excerpt: { n: 1 } }) }])],
      context,
    );
    const evidence = result!.evidence[0]!;
    const { sha256, ...body } = evidence;
    expect(sha256).toBe(sha256Hex(canonicalJson(body)));
  });
});
