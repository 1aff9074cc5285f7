// npm run collect -- --once [--cluster NAME] [--force]
// One snapshot per configured cluster (or the one named) and a one-screen summary, for a Kubernetes
// CronJob or by hand. Like the app's schedule it takes no second snapshot in the same interval
// (REFMAP_COLLECT_INTERVAL) unless --force, and never collects a cluster that is being collected
// elsewhere. The exit code is non-zero only when collection itself failed (a source that is down is
// recorded in the snapshot, not a failure; a skip is not a failure either).
// Without --once it keeps collecting at the start of every interval, like the app's scheduler.
import { parseArgs } from 'node:util';
import { ConfigError, getConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db';
import { formatCollectionOutcome } from '@/lib/snapshots/format-summary';
import { collectAllClusters, startCollectionSchedule } from '@/lib/snapshots/scheduler';
import { UnknownClusterError } from '@/lib/snapshots/targets';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { once: { type: 'boolean', default: false }, cluster: { type: 'string' }, force: { type: 'boolean', default: false } },
    strict: true,
  });
  const config = getConfig();
  // Check the name before opening the database: a typo should not wait on a connection.
  if (values.cluster !== undefined && !config.clusters.some((cluster) => cluster.name === values.cluster)) {
    throw new UnknownClusterError(values.cluster, config.clusters.map((cluster) => cluster.name));
  }
  const database = await openDatabase(config);
  if (!values.once) {
    startCollectionSchedule(database, config);
    await new Promise<void>((resolve) => process.once('SIGTERM', resolve).once('SIGINT', resolve));
    await database.close();
    return 0;
  }
  try {
    const outcomes = await collectAllClusters(database, config, { clusterName: values.cluster, force: values.force });
    console.log(outcomes.map(formatCollectionOutcome).join('\n\n'));
    return outcomes.some((outcome) => outcome.status === 'failed') ? 1 : 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UnknownClusterError) {
      console.error(`collect: ${error.message}`);
      process.exit(2);
    }
    console.error(error instanceof ConfigError ? error.message : `collect failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
