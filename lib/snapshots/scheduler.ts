import 'server-only';
import type { Config } from '@/lib/config';
import type { Database } from '@/lib/db';
import { log } from '@/lib/log';
import { collectSnapshot, type CollectionSummary } from './collect';
import { resolveTargets } from './targets';

const running = new Map<string, Promise<CollectionSummary>>();

/**
 * Collects every configured cluster once. A cluster whose collection is already running in this
 * process is not started twice: the caller gets the running collection's result.
 */
export async function collectAllClusters(database: Database, config: Config): Promise<CollectionSummary[]> {
  const targets = await resolveTargets(config);
  return Promise.all(
    targets.map((target) => {
      const existing = running.get(target.clusterName);
      if (existing) return existing;
      const collection = collectSnapshot(database, target).finally(() => running.delete(target.clusterName));
      running.set(target.clusterName, collection);
      return collection;
    }),
  );
}

/** Takes a snapshot now and then every REFMAP_COLLECT_INTERVAL; failures are logged, never fatal. */
export function startCollectionSchedule(database: Database, config: Config): () => void {
  const runOnce = () =>
    collectAllClusters(database, config).catch((error: unknown) => {
      log.error({ event: 'collection.failed', err: error }, 'scheduled collection failed');
    });
  void runOnce();
  const timer = setInterval(runOnce, config.collectIntervalMs);
  timer.unref();
  log.info({ event: 'schedule.started', intervalMs: config.collectIntervalMs }, 'collection schedule started');
  return () => clearInterval(timer);
}
