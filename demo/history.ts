import 'server-only';
import type { Config } from '@/lib/config';
import { prepareAttestation, saveAttestation } from '@/lib/data/attestations';
import { hasAnySnapshot } from '@/lib/data/snapshots';
import { prepareWaiver, saveWaiver } from '@/lib/data/waivers';
import type { Database } from '@/lib/db';
import { collectSnapshot } from '@/lib/snapshots/collect';
import { toTarget } from '@/lib/snapshots/targets';
import { startDemoFleet } from './fleet';
import { historyTimes, STORY_SIGN_OFFS, type StorySignOff } from './storyline';

/**
 * The demo's past, written the honest way: for every time of the storyline the simulators are
 * started as the clusters were then, and the real collection code (evaluation, hashing, chaining,
 * storing) takes a snapshot stamped with that time. The storyline's waivers and attestations are
 * recorded through the same checks as the API's, at their own times. Nothing is written by hand.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface HistoryProgress {
  done: number;
  total: number;
  at: Date;
}

export interface HistoryOutcome {
  status: 'generated' | 'skipped';
  snapshots: number;
  signOffs: number;
  anchor: Date;
}

const STORY_AUTHOR = { sub: 'demo-storyline', name: 'Demo storyline' };

async function recordSignOff(database: Database, signOff: StorySignOff, anchor: Date): Promise<void> {
  const now = new Date(anchor.getTime() - signOff.recordedDaysAgo * DAY_MS);
  const expiresAt = new Date(anchor.getTime() + signOff.expiresInDays * DAY_MS);
  const common = { clusterName: signOff.cluster, controlId: signOff.controlId, owner: signOff.owner, expiresAt };
  if (signOff.kind === 'waiver') {
    const reason = 'Accepted by the security officer for a limited time while the fix is rolled out.';
    await saveWaiver(database, await prepareWaiver(database, { ...common, risk: signOff.text, reason }, STORY_AUTHOR, now));
  } else {
    const evidenceUrl = 'https://gitlab.example.com/platform/pipelines/-/blob/main/.gitlab-ci.yml';
    await saveAttestation(database, await prepareAttestation(database, { ...common, statement: signOff.text, evidenceUrl }, STORY_AUTHOR, now));
  }
}

/**
 * Writes about 90 days of history for the demo clusters into an empty database (a database with any
 * snapshot is left alone). Deterministic for a given `now`: the storyline ends at `now` rounded down
 * to the hour, and the app's first live snapshot follows it.
 */
export async function generateDemoHistory(
  database: Database,
  config: Config,
  options: { now?: Date; onProgress?: (progress: HistoryProgress) => void } = {},
): Promise<HistoryOutcome> {
  const anchor = new Date(Math.floor((options.now ?? new Date()).getTime() / HOUR_MS) * HOUR_MS);
  if (!config.isDemo) throw new Error('demo history is only written for the built-in demo clusters');
  if (await hasAnySnapshot(database)) return { status: 'skipped', snapshots: 0, signOffs: 0, anchor };
  const times = historyTimes(anchor);
  const clusterNames = new Set(config.clusters.map((cluster) => cluster.name));
  const pendingSignOffs = STORY_SIGN_OFFS.filter((signOff) => clusterNames.has(signOff.cluster)).sort((a, b) => b.recordedDaysAgo - a.recordedDaysAgo);
  const clusters = config.clusters.map((cluster) => ({ name: cluster.name, sharesServicesOf: cluster.logsStoredIn }));
  let snapshots = 0;
  let signOffs = 0;
  for (const [index, at] of times.entries()) {
    // sign-offs recorded before this time, each judged against the snapshots taken until then
    while (pendingSignOffs[0] && anchor.getTime() - pendingSignOffs[0].recordedDaysAgo * DAY_MS <= at.getTime()) {
      await recordSignOff(database, pendingSignOffs.shift()!, anchor);
      signOffs += 1;
    }
    const fleet = await startDemoFleet({ scenario: config.demoScenario, clusters, at, anchor });
    try {
      // one cluster after the other keeps each chain in time order and the machine responsive
      for (const cluster of config.clusters) {
        await collectSnapshot(database, toTarget(config, cluster, fleet), { takenAt: at, signingKeyPem: config.signingKeyPem });
        snapshots += 1;
      }
    } finally {
      await fleet.stop();
    }
    options.onProgress?.({ done: index + 1, total: times.length, at });
  }
  for (const signOff of pendingSignOffs) {
    await recordSignOff(database, signOff, anchor);
    signOffs += 1;
  }
  return { status: 'generated', snapshots, signOffs, anchor };
}
