import { expect } from 'vitest';
import { CONTROLS } from '@/lib/catalog';
import { callEndpoint, type ApiEndpoint } from '@/lib/testing/api-routes';

/**
 * Reading while collections commit: `GET /api/matrix` in a loop, each answer checked to be one
 * whole snapshot — every control of the catalog, and the snapshot it names holding exactly that
 * many stored results and section counts (`GET /api/snapshots/{id}`). Used on embedded PGlite
 * (concurrency.test.ts) and real Postgres (concurrency.integration.test.ts).
 */

interface MatrixAnswer {
  snapshot: { id: string };
  sections: { controls: unknown[] }[];
}

interface SnapshotAnswer {
  id: string;
  results: unknown[];
  sections: { pass: number; fail: number; warn: number; unknown: number; manual: number; notApplicable: number }[];
}

export interface ReadLoopResult {
  reads: number;
  /** the snapshot ids the answers showed, in the order seen */
  seen: string[];
}

/**
 * Reads the matrix (and the snapshot it names) until `done` settles, checking every answer; returns
 * how many reads were made and which snapshots they showed.
 */
export async function readWhileCollecting(endpoints: { matrix: ApiEndpoint; snapshot: ApiEndpoint }, cookie: string, done: Promise<unknown>): Promise<ReadLoopResult> {
  let isDone = false;
  void done.finally(() => (isDone = true)).catch(() => undefined);
  const seen: string[] = [];
  let reads = 0;
  while (!isDone) {
    const matrixResponse = await callEndpoint(endpoints.matrix, { headers: { cookie } });
    expect(matrixResponse.status).toBe(200);
    const matrix = (await matrixResponse.json()) as MatrixAnswer;
    expect(matrix.sections.flatMap((section) => section.controls)).toHaveLength(CONTROLS.length);
    const snapshotResponse = await callEndpoint(endpoints.snapshot, { params: { id: matrix.snapshot.id }, headers: { cookie } });
    expect(snapshotResponse.status).toBe(200);
    const snapshot = (await snapshotResponse.json()) as SnapshotAnswer;
    expect(snapshot.results).toHaveLength(CONTROLS.length);
    const counted = snapshot.sections.reduce((sum, section) => sum + section.pass + section.fail + section.warn + section.unknown + section.manual + section.notApplicable, 0);
    expect(counted).toBe(CONTROLS.length);
    if (seen.at(-1) !== matrix.snapshot.id) seen.push(matrix.snapshot.id);
    reads++;
    // Requests reach a real server through its sockets; called directly, an embedded database
    // answers through promises alone and the loop would never let the collection's I/O run.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { reads, seen };
}
