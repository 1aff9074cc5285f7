// Test fixture for snapshots.integration.test.ts: a process that writes one snapshot to the Postgres
// database given as its first argument, for the cluster named by its second, so that the test can
// kill it in the middle of the write. Run with `node --import tsx --conditions=react-server`.
import { openDatabase } from '@/lib/db';
import { storeSnapshot } from '../store';

const [databaseUrl, clusterName] = process.argv.slice(2);
if (!databaseUrl || !clusterName) throw new Error('usage: write-snapshot.ts DATABASE_URL CLUSTER');
const database = await openDatabase({ databaseUrl, dataDir: '/nonexistent' });
const observedAt = new Date().toISOString();
await storeSnapshot(database, {
  clusterName,
  takenAt: new Date(),
  durationMs: 1,
  catalogVersion: 'test',
  refmapVersion: 'test',
  score: 1,
  sourceErrors: [],
  results: [
    {
      controlId: 'T.A',
      sectionId: '2',
      status: 'pass',
      summary: 'written by a process that is about to die',
      evidence: [{ checkId: 'c1', source: 'kubernetes', query: '/api/v1/pods', observedAt, status: 'pass', summary: 'ok', excerpt: { writer: process.pid }, sha256: '' }],
    },
  ],
});
await database.close();
