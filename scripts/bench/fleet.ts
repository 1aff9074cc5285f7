import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoScale } from '@/demo';
import { openDatabase } from '@/lib/db';
import { verifyHistory } from '@/lib/snapshots/verify';
import { startChild } from './child-process';
import { onCleanup } from './cleanup';
import type { DemoClusterInfo } from './collection-types';
import { loadAverage } from './machine';
import { freePort, waitForHealth } from './next-server';
import { connectClient, type PostgresServer } from './postgres-server';
import { formatBytes, formatMs, summarize, type Summary } from './stats';

/**
 * A fleet on one PostgreSQL: `clusters` clusters served by one scaled demo process, collected by
 * `collectors` processes of `npm run collect` (its schedule) and `apps` processes of `next start`
 * (which run the same schedule), all with the same config. The 15-minute interval is shortened to
 * `intervalMs` so that several pass in minutes; what is checked is what the interval promises:
 * every cluster collected exactly once in each interval, none missed, each chain intact.
 */

const REPO_ROOT = path.join(import.meta.dirname, '..', '..');
const DAY_MS = 86_400_000;
const PRODUCTION_INTERVAL_MS = 15 * 60_000;

export interface FleetScale {
  clusters: number;
  demo: DemoScale;
  collectors: number;
  apps: number;
  intervalMs: number;
  /** full intervals measured after every process is up */
  intervals: number;
}

export const FLEET_OF_CLUSTERS: FleetScale = {
  clusters: 50,
  demo: { namespaces: 400, podsPerNamespace: 5, harborProjects: 20, artifactsPerProject: 10, nodes: 20, seed: 42 },
  collectors: 3,
  apps: 2,
  intervalMs: 120_000,
  intervals: 2,
};

interface ProcessCount {
  name: string;
  /** snapshots it stored in each measured interval */
  perInterval: number[];
}

export interface FleetResult {
  scale: FleetScale;
  pods: number;
  /** per measured interval: clusters with exactly one snapshot, none, more than one; and when the last one was stored */
  intervals: { start: string; once: number; missed: number; twice: number; lastStoredAfterMs: number }[];
  durations: Summary;
  processes: ProcessCount[];
  verify: { clusters: number; intact: number; problems: string[] };
  bytesPerSnapshot: number;
  snapshots: number;
  /** the `collection.failed` log lines' messages */
  failures: string[];
  load: string;
}

interface Spawned {
  name: string;
  logPath: string;
  stop: () => Promise<void>;
}

function spawnProcess(name: string, command: string, args: string[], env: Record<string, string>, logPath: string): Spawned {
  const log = openSync(logPath, 'a');
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', log, log], env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = onCleanup(`${name} (pid ${child.pid})`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  });
  return { name, logPath, stop };
}

/** The `snapshot.stored` lines of a process's JSON log: when and which cluster. */
function storedSnapshots(logPath: string): { time: number; cluster: string }[] {
  const stored: { time: number; cluster: string }[] = [];
  for (const line of readFileSync(logPath, 'utf8').split('\n')) {
    if (!line.includes('"snapshot.stored"')) continue;
    try {
      const entry = JSON.parse(line) as { time?: number | string; cluster?: string };
      if (entry.cluster !== undefined && entry.time !== undefined) stored.push({ time: new Date(entry.time).getTime(), cluster: entry.cluster });
    } catch {
      // a line cut off by the stop: not a stored snapshot we can place
    }
  }
  return stored;
}

/** What the `collection.failed` lines of a process's log say (the error's message). */
function failedCollections(logPath: string): string[] {
  return readFileSync(logPath, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"collection.failed"'))
    .map((line) => {
      try {
        const entry = JSON.parse(line) as { cluster?: string; err?: { message?: string } };
        return `${entry.cluster ?? '?'}: ${entry.err?.message ?? 'no message'}`;
      } catch {
        return 'a log line cut off';
      }
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runFleet(options: { server: PostgresServer; database: string; scale: FleetScale; workDir: string }): Promise<FleetResult> {
  const { scale, workDir } = options;
  const databaseUrl = options.server.databaseUrl(options.database);
  // migrated once here, so that the processes start on a ready schema
  const migrated = await openDatabase({ databaseUrl, dataDir: '' });
  await migrated.close();

  const demoChild = startChild('demo-cluster-process.ts', { args: [JSON.stringify(scale.demo)], logPath: path.join(workDir, 'fleet-demo.log') });
  const demo = await demoChild.nextMessage<DemoClusterInfo>(300_000);
  const spawned: Spawned[] = [];
  try {
    const configPath = path.join(workDir, 'fleet-clusters.yaml');
    const sources = [
      `    prometheus: { url: ${demo.urls.prometheus}, tokenEnv: FLEET_PROMETHEUS_TOKEN }`,
      `    opensearch: { url: ${demo.urls.opensearch}, username: ${demo.credentials.opensearchUsername}, passwordEnv: FLEET_OPENSEARCH_PASSWORD }`,
      `    harbor: { url: ${demo.urls.harbor}, username: ${demo.credentials.harborUsername}, passwordEnv: FLEET_HARBOR_PASSWORD }`,
      `    kubernetes: { url: ${demo.urls.kubernetes}, tokenEnv: FLEET_KUBERNETES_TOKEN }`,
    ].join('\n');
    const clusterNames = Array.from({ length: scale.clusters }, (_, index) => `fleet-${String(index + 1).padStart(2, '0')}`);
    writeFileSync(configPath, `clusters:\n${clusterNames.map((name) => `  - name: ${name}\n    role: workload\n${sources}`).join('\n')}\nretention:\n  enabled: false\n`);
    const env = {
      DATABASE_URL: databaseUrl,
      REFMAP_CONFIG: configPath,
      REFMAP_COLLECT_INTERVAL: `${scale.intervalMs / 1000}s`,
      LOG_LEVEL: 'info',
      FLEET_PROMETHEUS_TOKEN: demo.credentials.prometheusToken,
      FLEET_OPENSEARCH_PASSWORD: demo.credentials.opensearchPassword,
      FLEET_HARBOR_PASSWORD: demo.credentials.harborPassword,
      FLEET_KUBERNETES_TOKEN: demo.credentials.kubernetesToken,
    };
    const client = await connectClient(databaseUrl);
    const databaseSize = async () => Number((await client.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size')).rows[0]!.size);
    try {
      const sizeBefore = await databaseSize();
      for (let index = 1; index <= scale.collectors; index++) {
        const logPath = path.join(workDir, `fleet-collector-${index}.log`);
        spawned.push(spawnProcess(`collector ${index}`, process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/collect.ts'], env, logPath));
      }
      for (let index = 1; index <= scale.apps; index++) {
        const logPath = path.join(workDir, `fleet-app-${index}.log`);
        const port = await freePort();
        const app = spawnProcess(`app ${index}`, path.join(REPO_ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
          ...env,
          NODE_ENV: 'production',
          REFMAP_ALLOW_LOCAL_SIGNIN: 'true',
          // chains are hashed and verified either way; signing is measured by the exports part
          REFMAP_ALLOW_UNSIGNED: 'true',
          REFMAP_SESSION_SECRET: 'bench-session-secret-bench-session-secret',
        }, logPath);
        spawned.push(app);
        await waitForHealth(`http://127.0.0.1:${port}`, logPath);
      }
      // measured: the intervals that start once every process is up
      const firstStart = (Math.floor(Date.now() / scale.intervalMs) + 1) * scale.intervalMs;
      const end = firstStart + scale.intervals * scale.intervalMs;
      console.error(`[fleet] ${scale.collectors} collectors and ${scale.apps} apps up; measuring ${scale.intervals} intervals of ${scale.intervalMs / 1000} s until ${new Date(end).toISOString()}`);
      await sleep(end - Date.now() + 2_000);
      for (const spawnedProcess of spawned) await spawnedProcess.stop();

      const { rows } = await client.query<{ cluster: string; k: string; count: string; last_ms: string }>(
        `SELECT c.name AS cluster, floor(extract(epoch FROM s.taken_at) * 1000 / $1)::bigint AS k, count(*) AS count,
                max(extract(epoch FROM s.taken_at) * 1000 + s.duration_ms) AS last_ms
         FROM snapshot s JOIN cluster c ON c.id = s.cluster_id
         WHERE s.taken_at >= $2 AND s.taken_at < $3 GROUP BY 1, 2`,
        [scale.intervalMs, new Date(firstStart), new Date(end)],
      );
      const intervals: FleetResult['intervals'] = [];
      for (let interval = 0; interval < scale.intervals; interval++) {
        const start = firstStart + interval * scale.intervalMs;
        const k = String(start / scale.intervalMs);
        const counts = clusterNames.map((name) => Number(rows.find((row) => row.cluster === name && row.k === k)?.count ?? 0));
        const last = Math.max(...rows.filter((row) => row.k === k).map((row) => Number(row.last_ms)));
        intervals.push({
          start: new Date(start).toISOString(),
          once: counts.filter((count) => count === 1).length,
          missed: counts.filter((count) => count === 0).length,
          twice: counts.filter((count) => count > 1).length,
          lastStoredAfterMs: Number.isFinite(last) ? last - start : Number.NaN,
        });
      }
      const { rows: durations } = await client.query<{ duration_ms: number }>('SELECT duration_ms FROM snapshot WHERE taken_at >= $1 AND taken_at < $2', [new Date(firstStart), new Date(end)]);
      const { rows: totals } = await client.query<{ snapshots: string }>('SELECT count(*) AS snapshots FROM snapshot');
      const snapshots = Number(totals[0]!.snapshots);
      const bytesPerSnapshot = ((await databaseSize()) - sizeBefore) / Math.max(1, snapshots);

      const processes = spawned.map((spawnedProcess) => {
        const stored = storedSnapshots(spawnedProcess.logPath);
        return {
          name: spawnedProcess.name,
          perInterval: intervals.map((_, interval) => {
            const start = firstStart + interval * scale.intervalMs;
            return stored.filter((entry) => entry.time >= start && entry.time < start + scale.intervalMs).length;
          }),
        };
      });
      const failures = spawned.flatMap((spawnedProcess) => failedCollections(spawnedProcess.logPath));

      const database = await openDatabase({ databaseUrl, dataDir: '' });
      let verify: FleetResult['verify'];
      try {
        const report = await verifyHistory(database);
        verify = {
          clusters: report.clusters.length,
          intact: report.clusters.length - new Set(report.problems.map((problem) => problem.cluster)).size,
          problems: report.problems.slice(0, 5).map((problem) => `${problem.cluster} ${problem.snapshotId ?? ''}: ${problem.what}`),
        };
      } finally {
        await database.close();
      }
      return {
        scale,
        pods: demo.counts.pods,
        intervals,
        durations: summarize(durations.length > 0 ? durations.map((row) => row.duration_ms) : [Number.NaN]),
        processes,
        verify,
        bytesPerSnapshot,
        snapshots,
        failures,
        load: loadAverage(),
      };
    } finally {
      await client.end();
    }
  } finally {
    for (const spawnedProcess of spawned) await spawnedProcess.stop();
    await demoChild.stop();
  }
}

export function renderFleet(result: FleetResult): string {
  const { scale } = result;
  const perDay = result.bytesPerSnapshot * scale.clusters * (DAY_MS / PRODUCTION_INTERVAL_MS);
  const perProcess = result.processes.flatMap((counted) => counted.perInterval);
  const allOnce = result.intervals.every((interval) => interval.once === scale.clusters);
  const busiest = Math.max(...perProcess);
  const slowestInterval = Math.max(...result.intervals.map((interval) => interval.lastStoredAfterMs));
  // one process collecting alone: the interval divided by a snapshot's wall time
  const carried = Math.floor(PRODUCTION_INTERVAL_MS / result.durations.p95);
  return [
    '## 5. A fleet on one PostgreSQL',
    '',
    `${scale.clusters} clusters, each served by one demo process at ${result.pods.toLocaleString('en-US')} pods (${scale.demo.namespaces} namespaces × ${scale.demo.podsPerNamespace} pods; the clusters share`,
    `its servers), collected by ${scale.collectors} \`npm run collect\` processes (the schedule) and ${scale.apps} \`next start\` processes (which run the same schedule) on one PostgreSQL,`,
    `with one config file. The interval is ${scale.intervalMs / 1000} s instead of 15 minutes, so that ${scale.intervals} whole intervals pass in minutes; retention off.`,
    `Load average after the part: ${result.load}.`,
    '',
    '| interval starting | clusters collected exactly once | missed | more than once | last snapshot stored after |',
    '|---|---:|---:|---:|---:|',
    ...result.intervals.map((interval) => `| ${interval.start} | ${interval.once} of ${scale.clusters} | ${interval.missed} | ${interval.twice} | ${formatMs(interval.lastStoredAfterMs)} |`),
    '',
    '| process | snapshots stored per interval |',
    '|---|---|',
    ...result.processes.map((counted) => `| ${counted.name} | ${counted.perInterval.join(', ')} |`),
    '',
    `- Every cluster exactly once in every interval: **${allOnce ? 'yes' : 'no'}**; failed collections logged: ${result.failures.length}` +
      `${result.failures.length > 0 ? ` (first: ${[...new Set(result.failures.map((failure) => failure.replace(/^[^:]*: /, '')))].slice(0, 3).join('; ')})` : ''}.`,
    '  An interval counts a snapshot by its `taken_at`, when its collection started; a process counts it when it was stored.',
    `- Chains: \`verifyHistory\` over all ${result.verify.clusters} clusters (${result.snapshots} snapshots): ${result.verify.intact} intact${result.verify.problems.length > 0 ? `; first problems: ${result.verify.problems.join('; ')}` : ''}.`,
    `- Wall time per cluster (a snapshot's \`duration_ms\`, reading and evaluating): median ${formatMs(result.durations.median)}, p95 ${formatMs(result.durations.p95)}; ` +
      `the whole fleet was stored within ${formatMs(slowestInterval)} of an interval's start at worst.`,
    `- Database growth: ${formatBytes(result.bytesPerSnapshot)} per snapshot, so ${formatBytes(perDay)} per day for ${scale.clusters} clusters every 15 minutes (without retention).`,
    `- Clusters per collector process: the busiest process stored ${busiest} snapshots in one interval here; at a p95 of ${formatMs(result.durations.p95)} per snapshot, one process ` +
      `collecting a few at a time carries at least ${carried.toLocaleString('en-US')} clusters per 15-minute interval one after another (a bound from this run's figures, not a run of that many).`,
  ].join('\n');
}
