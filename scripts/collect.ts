// npm run collect -- --once [--cluster NAME]
// One snapshot per configured cluster and a one-screen summary; the exit code is non-zero only
// when collection itself failed (a source that is down is recorded in the snapshot, not a failure).
// Without --once it keeps collecting every REFMAP_COLLECT_INTERVAL, like the app's scheduler.
import { parseArgs } from 'node:util';
import { ConfigError, getConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db';
import { collectAllClusters, startCollectionSchedule } from '@/lib/snapshots/scheduler';
import { formatCollectionSummary } from '@/lib/snapshots/format-summary';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { once: { type: 'boolean', default: false }, cluster: { type: 'string' } }, strict: true });
  const config = getConfig();
  if (values.cluster !== undefined && values.cluster !== config.clusterName) {
    console.error(`collect: no cluster named "${values.cluster}" is configured (configured: ${config.clusterName})`);
    return 2;
  }
  const database = await openDatabase(config);
  if (!values.once) {
    startCollectionSchedule(database, config);
    await new Promise<void>((resolve) => process.once('SIGTERM', resolve).once('SIGINT', resolve));
    await database.close();
    return 0;
  }
  try {
    const summaries = await collectAllClusters(database, config);
    for (const summary of summaries) console.log(formatCollectionSummary(summary));
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `collect failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
