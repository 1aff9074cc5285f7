import { expect, type APIRequestContext } from '@playwright/test';

// e2e/seed-history.ts stores a snapshot from two days ago before the app starts; the app then takes
// its own at start-up. "Live" is the one the app took: anything younger than this.
const LIVE_WITHIN_MS = 60 * 60 * 1000;

export interface SnapshotRef {
  id: string;
  takenAt: string;
}

interface Health {
  status: 'ok' | 'degraded';
  demo: boolean;
  database: { ok: boolean };
  lastSnapshot: SnapshotRef | null;
}

/** Waits until the app's own start-up snapshot is stored (health may answer before it is). */
export async function waitForLiveSnapshot(request: APIRequestContext): Promise<Health> {
  let health: Health | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/health');
        health = response.ok() ? ((await response.json()) as Health) : undefined;
        const takenAt = health?.lastSnapshot ? Date.parse(health.lastSnapshot.takenAt) : 0;
        return Date.now() - takenAt < LIVE_WITHIN_MS;
      },
      { message: 'GET /api/health never reported the start-up snapshot', timeout: 60_000, intervals: [250, 500, 1_000] },
    )
    .toBe(true);
  return health as Health;
}

/** The snapshots of the demo cluster, newest first (needs a signed-in request context). */
export async function listSnapshots(request: APIRequestContext): Promise<SnapshotRef[]> {
  const response = await request.get('/api/snapshots');
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { snapshots: SnapshotRef[] }).snapshots;
}
