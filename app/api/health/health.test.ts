import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import type { Database } from '@/lib/db';
import { storeSnapshot } from '@/lib/snapshots/store';

// Least exposure: GET /api/health answers anyone, so what it tells the anonymous must name nothing.

const dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-health-'));
let database: Database;
let snapshotId: string;
const SOURCE_PATH = 'https://prometheus.internal.example.com/api/v1/query';

beforeAll(async () => {
  const env: Record<string, string> = { DATABASE_URL: '', REFMAP_DATA_DIR: dataDir, REFMAP_CONFIG: '', KUBECONFIG: '', REFMAP_SESSION_SECRET: TEST_SESSION_SECRET, REFMAP_OIDC_ISSUER: '' };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { getAppDatabase } = await import('@/lib/app-context');
  database = await getAppDatabase();
  const sourceErrors = [{ source: 'prometheus', kind: 'unreachable', message: `GET ${SOURCE_PATH} failed` }];
  ({ id: snapshotId } = await storeSnapshot(database, { clusterName: 'payments-prod', takenAt: new Date(), durationMs: 1, catalogVersion: 't', refmapVersion: 't', score: null, sourceErrors, results: [] }));
}, 120_000);

afterAll(async () => {
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function health(headers: Record<string, string> = {}) {
  const { GET } = await import('./route');
  const response = await GET(new Request('http://refmap.test/api/health', { headers }));
  return { status: response.status, text: await response.text() };
}

describe('GET /api/health', () => {
  it('tells the anonymous only whether Refmap works: no snapshot id, cluster name or source path', async () => {
    const anonymous = await health();
    expect(anonymous.status).toBe(200);
    expect(JSON.parse(anonymous.text)).toEqual({ status: 'degraded', demo: expect.any(Boolean), database: { ok: true }, lastSnapshot: { takenAt: expect.any(String), failingSources: 1 } });
    for (const secret of [snapshotId, 'payments-prod', SOURCE_PATH, 'prometheus']) expect(anonymous.text).not.toContain(secret);
  });

  it('gives the details to a signed-in user', async () => {
    const signedIn = await health({ cookie: await sessionCookieFor('viewer') });
    expect(JSON.parse(signedIn.text)).toMatchObject({ lastSnapshot: { id: snapshotId, cluster: 'payments-prod', sourceErrors: [{ message: `GET ${SOURCE_PATH} failed` }] } });
  });
});
