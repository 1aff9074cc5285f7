import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDemoCluster, type DemoCluster } from '@/demo';
import { loadConfig } from '@/lib/config';
import { openDatabase, type Database } from '@/lib/db';
import { collectCluster } from '@/lib/snapshots/scheduler';
import { resolveTargets } from '@/lib/snapshots/targets';

/**
 * For the export tests: an embedded database and snapshots stored by the real collection code from
 * the built-in demo cluster (stock scenario), reached like any configured cluster — over its HTTP APIs
 * with credentials from the environment.
 */

export interface ReportFixture {
  database: Database;
  demo: DemoCluster;
  /** a temporary folder for the test's own files, removed by close() */
  dir: string;
  /**
   * Collects one snapshot of `clusterName`. `credentials` replaces the demo's own (a wrong one makes
   * that source's controls unknown, with the source's error in the evidence).
   */
  collect(clusterName: string, options?: { isSigned?: boolean; credentials?: Record<string, string> }): Promise<{ snapshotId: string; manifestHash: string }>;
  close(): Promise<void>;
}

export async function openReportFixture(): Promise<ReportFixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'refmap-reports-'));
  const database = await openDatabase({ dataDir: path.join(dir, 'data') });
  const demo = await startDemoCluster({ scenario: 'stock' });
  const { privateKey } = generateKeyPairSync('ed25519');
  const keyFile = path.join(dir, 'signing-key.pem');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());

  async function collect(clusterName: string, options: { isSigned?: boolean; credentials?: Record<string, string> } = {}) {
    const env: Record<string, string> = {
      REFMAP_CLUSTER_NAME: clusterName,
      REFMAP_DATA_DIR: path.join(dir, 'data'),
      PROMETHEUS_URL: demo.urls.prometheus,
      PROMETHEUS_TOKEN: demo.credentials.prometheusToken,
      OPENSEARCH_URL: demo.urls.opensearch,
      OPENSEARCH_USERNAME: demo.credentials.opensearchUsername,
      OPENSEARCH_PASSWORD: demo.credentials.opensearchPassword,
      HARBOR_URL: demo.urls.harbor,
      HARBOR_USERNAME: demo.credentials.harborUsername,
      HARBOR_PASSWORD: demo.credentials.harborPassword,
      KUBERNETES_API_URL: demo.urls.kubernetes,
      KUBERNETES_TOKEN: demo.credentials.kubernetesToken,
      REFMAP_SOURCE_TIMEOUT: '5s',
      ...(options.isSigned ? { REFMAP_SIGNING_KEY_FILE: keyFile } : {}),
      ...options.credentials,
    };
    const config = loadConfig(env);
    const [target] = await resolveTargets(config);
    const outcome = await collectCluster(database, target!, { intervalMs: 60_000, force: true, signingKeyPem: config.signingKeyPem });
    if (outcome.status !== 'collected') throw new Error(`collection of ${clusterName} did not store a snapshot: ${outcome.status}`);
    return { snapshotId: outcome.summary.snapshotId, manifestHash: outcome.summary.manifestHash };
  }

  return {
    database,
    demo,
    dir,
    collect,
    close: async () => {
      await demo.stop();
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
