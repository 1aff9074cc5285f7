import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/metrics/route';
import { getAppDatabase } from '@/lib/app-context';
import { observeCollection, observeCollectionFailure, observeSourceRequest } from '@/lib/metrics';

const TOKEN = 'scrape-token-for-tests';

/** `# TYPE name type` lines of a Prometheus text exposition. */
function typesOf(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [match[1] ?? '', match[2] ?? '']));
}

async function scrape(): Promise<string> {
  const response = await GET(new Request('http://refmap.test/api/metrics', { headers: { authorization: `Bearer ${TOKEN}` } }));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

beforeAll(async () => {
  vi.stubEnv('REFMAP_DATA_DIR', mkdtempSync(path.join(tmpdir(), 'refmap-metrics-')));
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('REFMAP_METRICS_TOKEN', TOKEN);
  // a stored snapshot: two controls of section 5, one of section 2
  const { prisma } = await getAppDatabase();
  await prisma.cluster.create({
    data: {
      name: 'prod-eu',
      snapshots: {
        create: {
          takenAt: new Date('2026-12-01T10:00:00Z'),
          durationMs: 1200,
          catalogVersion: 'test',
          refmapVersion: 'test',
          score: 0.5,
          sourceErrors: [{ source: 'harbor', kind: 'timeout', message: 'no answer in 10s' }],
          results: {
            create: [
              { controlId: 'S5.NON-ROOT', sectionId: '5', status: 'fail', summary: 'x' },
              { controlId: 'S5.NO-PRIV-ESC', sectionId: '5', status: 'pass', summary: 'x' },
              { controlId: 'S2.X', sectionId: '2', status: 'manual', summary: 'x' },
            ],
          },
        },
      },
    },
  });
  // sign-offs: the gauge keeps the earliest expiry in force, never a revoked or expired one
  const signOff = { clusterName: 'prod-eu', owner: 'team', createdAt: new Date('2026-01-01T00:00:00Z'), createdBy: 'u', createdByName: 'U' };
  const waiver = { ...signOff, controlId: 'S5.NON-ROOT', risk: 'r', reason: 'r' };
  await prisma.waiver.createMany({
    data: [
      { ...waiver, expiresAt: new Date('2099-03-01T00:00:00Z') },
      { ...waiver, expiresAt: new Date('2099-02-01T00:00:00Z') },
      { ...waiver, expiresAt: new Date('2099-01-01T00:00:00Z'), revokedAt: new Date('2026-02-01T00:00:00Z'), revokedBy: 'u', revokedByName: 'U' },
      { ...waiver, controlId: 'S5.NO-PRIV-ESC', expiresAt: new Date('2026-01-02T00:00:00Z') },
    ],
  });
  await prisma.attestation.create({ data: { ...signOff, controlId: 'S2.X', statement: 's', evidenceUrl: 'https://evidence.example.com', expiresAt: new Date('2099-04-01T00:00:00Z') } });
  observeCollection({ clusterName: 'prod-eu', durationMs: 1200, sourceErrors: [{ source: 'harbor', kind: 'timeout' }] });
  observeCollectionFailure('prod-eu');
  observeSourceRequest('prometheus', 42, 'ok');
});

afterAll(async () => {
  await (await getAppDatabase()).close();
});

describe('GET /api/metrics', () => {
  it('needs the bearer token when REFMAP_METRICS_TOKEN is set', async () => {
    expect((await GET(new Request('http://refmap.test/api/metrics'))).status).toBe(401);
    expect((await GET(new Request('http://refmap.test/api/metrics', { headers: { authorization: 'Bearer nope' } }))).status).toBe(401);
  });

  it('serves Refmap’s metrics with their names and types, plus the process metrics', async () => {
    const types = typesOf(await scrape());
    expect(Object.fromEntries([...types].filter(([name]) => name.startsWith('refmap_')))).toEqual({
      refmap_collection_duration_seconds: 'histogram',
      refmap_collections_total: 'counter',
      refmap_source_errors_total: 'counter',
      refmap_source_request_duration_seconds: 'histogram',
      refmap_control_status: 'gauge',
      refmap_section_score: 'gauge',
      refmap_score: 'gauge',
      refmap_last_snapshot_timestamp_seconds: 'gauge',
      refmap_snapshot_source_errors: 'gauge',
      refmap_signoff_expiry_timestamp_seconds: 'gauge',
      refmap_collect_interval_seconds: 'gauge',
      refmap_chain_head_sequence: 'gauge',
    });
    expect(types.get('process_cpu_user_seconds_total')).toBe('counter');
    expect(types.get('nodejs_heap_size_used_bytes')).toBe('gauge');
  });

  it('reports each control’s status as 1/0 and the scores of the newest snapshot', async () => {
    const text = await scrape();
    expect(text).toContain('refmap_control_status{cluster="prod-eu",control="S5.NON-ROOT",status="fail"} 1');
    expect(text).toContain('refmap_control_status{cluster="prod-eu",control="S5.NON-ROOT",status="pass"} 0');
    expect(text).toContain('refmap_control_status{cluster="prod-eu",control="S2.X",status="manual"} 1');
    expect(text).toContain('refmap_section_score{cluster="prod-eu",section="5"} 0.5');
    // section 2 has only a manual control: no score rather than a misleading 0
    expect(text).not.toContain('refmap_section_score{cluster="prod-eu",section="2"}');
    expect(text).toContain('refmap_score{cluster="prod-eu"} 0.5');
    expect(text).toContain(`refmap_last_snapshot_timestamp_seconds{cluster="prod-eu"} ${Date.parse('2026-12-01T10:00:00Z') / 1000}`);
    // this snapshot was written without a seal: it is no chain head, and none is made up
    expect(text).not.toContain('refmap_chain_head_sequence{cluster="prod-eu"}');
  });

  it('reports the newest snapshot’s failing sources, the sign-offs’ expiries and the interval', async () => {
    const text = await scrape();
    expect(text).toContain('refmap_snapshot_source_errors{cluster="prod-eu",source="harbor",kind="timeout"} 1');
    expect(text).toContain(`refmap_signoff_expiry_timestamp_seconds{cluster="prod-eu",control="S5.NON-ROOT",kind="waiver"} ${Date.parse('2099-02-01T00:00:00Z') / 1000}`);
    expect(text).toContain(`refmap_signoff_expiry_timestamp_seconds{cluster="prod-eu",control="S2.X",kind="attestation"} ${Date.parse('2099-04-01T00:00:00Z') / 1000}`);
    expect(text).not.toContain('control="S5.NO-PRIV-ESC",kind="waiver"');
    expect(text).toContain('refmap_collect_interval_seconds 900');
  });

  it('counts collections, failures and source errors of this process', async () => {
    const text = await scrape();
    expect(text).toContain('refmap_collections_total{cluster="prod-eu",outcome="collected"} 1');
    expect(text).toContain('refmap_collections_total{cluster="prod-eu",outcome="failed"} 1');
    expect(text).toContain('refmap_source_errors_total{cluster="prod-eu",source="harbor",kind="timeout"} 1');
    expect(text).toContain('refmap_collection_duration_seconds_count{cluster="prod-eu"} 1');
    expect(text).toContain('refmap_source_request_duration_seconds_count{source="prometheus",outcome="ok"} 1');
  });
});
