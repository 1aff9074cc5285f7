import 'server-only';
import type { Config, RetentionPolicy } from '@/lib/config';
import type { Database } from '@/lib/db';
import { log } from '@/lib/log';
import { collectSnapshot, type CollectionSummary } from './collect';
import { advisoryLockKey } from './lock-keys';
import { thinSnapshots } from './retention';
import { resolveTargets, selectTargets, type CollectionTarget } from './targets';
import { observeCollectionFailure } from '@/lib/metrics';
import { createLimiter } from '@/lib/sources/http/limiter';

/**
 * Exactly one collection per cluster per interval, however many app replicas (and CronJobs) run:
 * 1. in this process, a cluster being collected is not started again: callers share the running one;
 * 2. across processes, a Postgres advisory lock keyed by the cluster name (pg_try_advisory_lock):
 *    whoever does not get it skips, it does not wait;
 * 3. holding the lock, a scheduled run skips when the cluster already has a snapshot taken since
 *    the start of the current interval (intervals are aligned to the epoch, so every replica agrees
 *    on where one starts). A person asking for a snapshot (`force`) skips this check, not the lock.
 */

export type CollectionOutcome =
  | { status: 'collected'; clusterName: string; summary: CollectionSummary }
  | { status: 'skipped'; clusterName: string; reason: 'running-elsewhere' | 'collected-this-interval'; message: string }
  | { status: 'failed'; clusterName: string; error: Error };

export interface CollectOptions {
  intervalMs: number;
  /** take a snapshot even if this interval has one (still never two at once) */
  force: boolean;
  retention?: RetentionPolicy;
  signingKeyPem?: string;
}

// Per database, so that two databases in one process (tests) do not share collections.
const runningByDatabase = new WeakMap<Database, Map<string, Promise<CollectionOutcome>>>();

/**
 * The start of the interval holding `now`, aligned to the epoch.
 * @example intervalStart(new Date('2026-06-01T12:07:00Z'), 15 * 60_000) // 2026-06-01T12:00:00Z
 */
export function intervalStart(now: Date, intervalMs: number): Date {
  return new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
}

async function findSnapshotTakenSince(database: Database, clusterName: string, since: Date): Promise<{ id: string; takenAt: Date } | null> {
  return database.prisma.snapshot.findFirst({
    where: { cluster: { name: clusterName }, takenAt: { gte: since } },
    orderBy: { takenAt: 'desc' },
    select: { id: true, takenAt: true },
  });
}

async function collectHoldingLock(database: Database, target: CollectionTarget, options: CollectOptions): Promise<CollectionOutcome> {
  const clusterName = target.clusterName;
  const attempt = await database.tryWithAdvisoryLock(advisoryLockKey('collect', clusterName), async (): Promise<CollectionOutcome> => {
    if (!options.force) {
      const since = intervalStart(new Date(), options.intervalMs);
      const existing = await findSnapshotTakenSince(database, clusterName, since);
      if (existing) {
        return {
          status: 'skipped',
          clusterName,
          reason: 'collected-this-interval',
          message: `snapshot ${existing.id} was taken at ${existing.takenAt.toISOString()}, in the current interval (since ${since.toISOString()})`,
        };
      }
    }
    const summary = await collectSnapshot(database, target, { signingKeyPem: options.signingKeyPem });
    if (options.retention) {
      // Retention is housekeeping: its failure must not turn a stored snapshot into a failed collection.
      await thinSnapshots(database, clusterName, options.retention).catch((error: unknown) => {
        log.error({ event: 'retention.failed', cluster: clusterName, err: error }, 'retention failed; it will be retried after the next collection');
      });
    }
    return { status: 'collected', clusterName, summary };
  });
  if (!attempt.acquired) {
    return { status: 'skipped', clusterName, reason: 'running-elsewhere', message: 'a collection of this cluster is already running in another process' };
  }
  return attempt.value;
}

/** Collects one cluster unless it is already being collected or (unless forced) already was this interval. */
export function collectCluster(database: Database, target: CollectionTarget, options: CollectOptions): Promise<CollectionOutcome> {
  let running = runningByDatabase.get(database);
  if (!running) {
    running = new Map();
    runningByDatabase.set(database, running);
  }
  const existing = running.get(target.clusterName);
  if (existing) return existing;
  const collection = collectHoldingLock(database, target, options)
    .catch((error: unknown): CollectionOutcome => {
      log.error({ event: 'collection.failed', cluster: target.clusterName, err: error }, 'collection failed');
      observeCollectionFailure(target.clusterName);
      return { status: 'failed', clusterName: target.clusterName, error: error instanceof Error ? error : new Error(String(error)) };
    })
    .finally(() => running.delete(target.clusterName));
  running.set(target.clusterName, collection);
  return collection;
}

// Collections one process runs at once. Each holds a database connection for its lock and its
// own memory for the lists it reads: with 50 clusters and 5 replicas, starting them all at once
// needed 250 lock connections (PostgreSQL allows 100 by default). A few at a time also lets the
// other replicas take the clusters this one has not reached yet (BENCHMARKS.md, fleet).
const COLLECTIONS_AT_ONCE = 4;

/** Collects every configured cluster (or the one named), each independently of the others, a few at a time. */
export async function collectAllClusters(database: Database, config: Config, options: { clusterName?: string; force: boolean }): Promise<CollectionOutcome[]> {
  const targets = selectTargets(await resolveTargets(config), options.clusterName);
  const limit = createLimiter(COLLECTIONS_AT_ONCE);
  return Promise.all(
    targets.map((target) =>
      limit(() => collectCluster(database, target, {
        intervalMs: config.collectIntervalMs,
        force: options.force,
        retention: config.retention,
        signingKeyPem: config.signingKeyPem,
      })),
    ),
  );
}

// (failures are logged where they happen, in collectCluster)
function logOutcome(outcome: CollectionOutcome): void {
  if (outcome.status === 'skipped') log.info({ event: 'collection.skipped', cluster: outcome.clusterName, reason: outcome.reason }, outcome.message);
}

// Fire a little after an interval starts, so that clock jitter cannot land us in the previous one.
const START_MARGIN_MS = 1_000;

/**
 * Takes a snapshot now, then one at the start of every interval. Every replica runs this; the lock
 * and the interval check leave one snapshot per cluster per interval. Failures are logged, never fatal.
 */
export function startCollectionSchedule(database: Database, config: Config): () => void {
  const run = (force: boolean) =>
    collectAllClusters(database, config, { force })
      .then((outcomes) => outcomes.forEach(logOutcome))
      .catch((error: unknown) => log.error({ event: 'collection.failed', err: error }, 'scheduled collection failed'));
  // The first snapshot at start-up. The embedded database belongs to this one process, so no other
  // replica can have taken this interval's snapshot: take one, so a restart (say, with another demo
  // scenario) shows at once. On a shared Postgres, replicas starting together take one between them.
  void run(database.kind === 'embedded');
  let timer: NodeJS.Timeout | undefined;
  const scheduleNext = () => {
    const now = Date.now();
    const delay = intervalStart(new Date(now), config.collectIntervalMs).getTime() + config.collectIntervalMs - now + START_MARGIN_MS;
    timer = setTimeout(() => {
      scheduleNext();
      void run(false);
    }, delay);
    timer.unref();
  };
  scheduleNext();
  log.info({ event: 'schedule.started', intervalMs: config.collectIntervalMs, clusters: config.clusters.map((cluster) => cluster.name) }, 'collection schedule started');
  return () => clearTimeout(timer);
}
