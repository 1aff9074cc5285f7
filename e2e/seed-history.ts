// Gives the e2e database some history before the app starts: one snapshot of the demo cluster as it
// was two days earlier, when it ran the `healthy` scenario. The app then takes its own first snapshot
// of today's `stock` cluster at start-up, so the specs find a real regression (healthy → stock) with a
// diff behind it, and an as-of view that shows the older, better state.
//
// Honest by construction: the old snapshot is collected from the real demo simulators (started with
// their clock set two days back) through the same evaluation and storage code as any collection, so
// it is hashed and chained like the rest; nothing is written to the tables by hand.
//
// Run by playwright.config.ts before `next start` (the web server starts before any global setup, and
// the embedded database belongs to one process at a time, so seeding must come first). A database
// that already has a snapshot of the cluster is left alone.
//
//   npx tsx --conditions=react-server e2e/seed-history.ts
import { startDemoCluster } from '@/demo';
import { getConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db';
import { evaluateControls } from '@/lib/evaluate/evaluate-controls';
import { computeScore } from '@/lib/evaluate/score';
import { createSourceReaders } from '@/lib/evaluate/source-readers';
import { createHarborClient } from '@/lib/sources/harbor/client';
import { createKubernetesClient } from '@/lib/sources/kubernetes/client';
import { createOpenSearchClient } from '@/lib/sources/opensearch/client';
import { createPrometheusClient } from '@/lib/sources/prometheus/client';
import { collectSourceFailures } from '@/lib/snapshots/collect';
import { storeSnapshot } from '@/lib/snapshots/store';
import { REFMAP_VERSION } from '@/lib/version';

const TWO_DAYS_MS = 2 * 86_400_000;

const config = getConfig();
const clusterName = config.clusterName;
const database = await openDatabase(config);
try {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: clusterName }, select: { _count: { select: { snapshots: true } } } });
  if (cluster && cluster._count.snapshots > 0) {
    console.log(`seed-history: cluster ${clusterName} already has ${cluster._count.snapshots} snapshot(s); nothing to seed`);
  } else {
    const takenAt = new Date(Date.now() - TWO_DAYS_MS);
    const demo = await startDemoCluster({ scenario: 'healthy', now: takenAt });
    try {
      const plain = { skipTlsVerify: false };
      const timeoutMs = config.sourceTimeoutMs;
      const sources = createSourceReaders({
        prometheus: createPrometheusClient({ ...plain, url: demo.urls.prometheus, token: demo.credentials.prometheusToken }, { timeoutMs }),
        opensearch: createOpenSearchClient(
          { ...plain, url: demo.urls.opensearch, username: demo.credentials.opensearchUsername, password: demo.credentials.opensearchPassword },
          { timeoutMs },
        ),
        harbor: createHarborClient({ ...plain, url: demo.urls.harbor, username: demo.credentials.harborUsername, password: demo.credentials.harborPassword }, { timeoutMs }),
        kubernetes: createKubernetesClient({ kind: 'url', connection: { ...plain, url: demo.urls.kubernetes, token: demo.credentials.kubernetesToken } }, { timeoutMs }),
      });
      const { catalog } = config;
      const settings = catalog.settings.trustedRegistries.length > 0 ? catalog.settings : { ...catalog.settings, trustedRegistries: [demo.dataset.harborHost] };
      const results = await evaluateControls(catalog.controls, { sources, settings, now: takenAt, cluster: { name: clusterName, role: 'workload' } });
      const score = computeScore(results.map((result) => result.status));
      const stored = await storeSnapshot(database, {
        clusterName,
        takenAt,
        durationMs: 0,
        catalogVersion: catalog.version,
        refmapVersion: REFMAP_VERSION,
        score,
        sourceErrors: collectSourceFailures(results),
        results,
      });
      console.log(`seed-history: stored snapshot ${stored.id} of ${clusterName} (healthy scenario) taken ${takenAt.toISOString()}, score ${score}`);
    } finally {
      await demo.stop();
    }
  }
} finally {
  await database.close();
}
