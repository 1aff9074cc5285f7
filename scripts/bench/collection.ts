import path from 'node:path';
import type { DemoScale } from '@/demo';
import { startChild } from './child-process';
import { SOURCE_CALLS, type CollectionRound, type CollectionRun, type CollectionWorkerInput, type DemoClusterInfo, type ModuleRss, type Timing } from './collection-types';
import { loadAverage } from './machine';
import type { PostgresServer } from './postgres-server';
import { formatBytes, formatMs, summarize, type Summary } from './stats';

/** 2,000 namespaces × 5 pods (plus the platform's own), 200 Harbor projects × 100 artifacts. */
export const FLEET_SCALE: DemoScale = { namespaces: 2000, podsPerNamespace: 5, harborProjects: 200, artifactsPerProject: 100, nodes: 50, seed: 42 };

// Snapshots taken by the process whose peak RSS is reported (after its first one), as a scheduler
// takes them: at least REFMAP_COLLECT_INTERVAL apart, whose minimum is 10 s. Back to back, V8 lets
// the heap grow for a while before collecting it (some 90 MB more here), which no collector does.
const MEMORY_ROUNDS = 3;
const MEMORY_PAUSE_MS = 10_000;

export const COLLECTION_TARGETS = { snapshotToSlowestCall: 1.3, peakRssBytes: 400 * 1024 * 1024 };

export interface TimingSummary {
  wall: Summary;
  collectorCpu: Summary;
  demoCpu: Summary;
}

export interface CallResult {
  name: string;
  label: string;
  /** whether the snapshot's checks read this list at all */
  isReadBySnapshot: boolean;
  timing: TimingSummary;
}

export interface CollectionResult {
  demo: DemoClusterInfo;
  run: CollectionRun;
  /** a collector process that only takes snapshots: its peak RSS is the collector's */
  memory: CollectionRun;
  modules: ModuleRss;
  calls: CallResult[];
  /** the slowest (by median) of the calls that the snapshot makes */
  slowestCall: CallResult;
  snapshot: TimingSummary;
  /** per round, the wall times of the calls the snapshot makes, added up: what running them one after another would take */
  sumOfCalls: Summary;
  evaluate: Summary;
  store: Summary;
  /** snapshot median / slowest call median */
  ratio: number;
  /** per round: snapshot / that round's slowest call, then their median and p95 */
  roundRatio: Summary;
  load: string;
  sourceTimeoutMs: number;
}

function summarizeTimings(timings: Timing[]): TimingSummary {
  return {
    wall: summarize(timings.map((timing) => timing.wallMs)),
    collectorCpu: summarize(timings.map((timing) => timing.collectorCpuMs)),
    demoCpu: summarize(timings.map((timing) => timing.demoCpuMs)),
  };
}

const SOURCE_TIMEOUT_MS = 10_000;

interface CollectionOptions {
  server: PostgresServer;
  database: string;
  workDir: string;
  scale: DemoScale;
}

/** Runs `work` with the demo cluster served by a child process, stopped afterwards. */
async function withDemoCluster<T>(options: CollectionOptions, work: (demo: DemoClusterInfo) => Promise<T>): Promise<T> {
  console.error(`[collection] starting the demo cluster at ${JSON.stringify(options.scale)} in a child process`);
  const demoChild = startChild('demo-cluster-process.ts', { args: [JSON.stringify(options.scale)], logPath: path.join(options.workDir, 'demo-cluster.log') });
  try {
    const demo = await demoChild.nextMessage<DemoClusterInfo>(300_000);
    console.error(`[collection] demo cluster ready in ${formatMs(demo.startMs)}: ${JSON.stringify(demo.counts)}`);
    return await work(demo);
  } finally {
    await demoChild.stop();
  }
}

/** A collector child process: a warm-up round, then `rounds` measured ones. */
async function runWorker(
  options: CollectionOptions,
  demo: DemoClusterInfo,
  name: string,
  run: { rounds: number; isSnapshotOnly: boolean; pauseMs: number; nodeFlags?: string[] },
): Promise<CollectionRun> {
  const input: CollectionWorkerInput = {
    demo,
    databaseUrl: options.server.databaseUrl(options.database),
    clusterName: 'fleet',
    rounds: run.rounds,
    isSnapshotOnly: run.isSnapshotOnly,
    pauseMs: run.pauseMs,
    sourceTimeoutMs: SOURCE_TIMEOUT_MS,
  };
  const worker = startChild('collection-worker.ts', {
    args: [JSON.stringify(input)],
    env: { LOG_LEVEL: 'warn' },
    // BENCH_CPU_PROF=DIR writes CPU profiles of the collector, to see where its time goes
    nodeFlags: [...(run.nodeFlags ?? []), ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    logPath: path.join(options.workDir, `${name}.log`),
  });
  try {
    return await worker.nextMessage<CollectionRun>(20 * 60_000);
  } finally {
    await worker.stop();
  }
}

/** One snapshot of the fleet-scale demo cluster, for the exports part when the collection part did not run. */
export async function collectOneSnapshot(options: CollectionOptions): Promise<string> {
  return withDemoCluster(options, async (demo) => (await runWorker(options, demo, 'collection-one', { rounds: 0, isSnapshotOnly: true, pauseMs: 0 })).lastSnapshotId);
}

export async function runCollection(options: CollectionOptions & { rounds: number }): Promise<CollectionResult> {
  return withDemoCluster(options, async (demo) => {
    console.error(`[collection] timing child: 1 warm-up round + ${options.rounds} measured rounds (each source call alone, then a snapshot)`);
    const run = await runWorker(options, demo, 'collection-timing', { rounds: options.rounds, isSnapshotOnly: false, pauseMs: 0 });
    console.error(`[collection] memory child: ${MEMORY_ROUNDS + 1} snapshots ${MEMORY_PAUSE_MS / 1000} s apart, nothing else`);
    // --expose-gc only lets the child force one collection at the very end, after reading its peak
    const memory = await runWorker(options, demo, 'collection-memory', { rounds: MEMORY_ROUNDS, isSnapshotOnly: true, pauseMs: MEMORY_PAUSE_MS, nodeFlags: ['--expose-gc'] });
    const modulesChild = startChild('module-rss.ts', { logPath: path.join(options.workDir, 'module-rss.log') });
    const modules = await modulesChild.nextMessage<ModuleRss>(120_000);
    await modulesChild.stop();
    const load = loadAverage();

    const readBySnapshot = new Set(run.rounds.flatMap((round) => round.snapshot.readersUsed));
    const calls: CallResult[] = SOURCE_CALLS.map((call) => ({
      name: call.name,
      label: call.label,
      isReadBySnapshot: readBySnapshot.has(call.reader),
      timing: summarizeTimings(run.rounds.map((round) => round.calls[call.name]!)),
    }));
    const candidates = calls.filter((call) => call.isReadBySnapshot);
    if (candidates.length === 0) throw new Error('the snapshot read none of the timed source lists');
    const slowestCall = candidates.reduce((slowest, call) => (call.timing.wall.median > slowest.timing.wall.median ? call : slowest));
    const snapshot = summarizeTimings(run.rounds.map((round) => round.snapshot));
    const slowestInRound = (round: CollectionRound) => Math.max(...candidates.map((call) => round.calls[call.name]!.wallMs));
    return {
      demo,
      run,
      memory,
      modules,
      calls,
      slowestCall,
      snapshot,
      sumOfCalls: summarize(run.rounds.map((round) => candidates.reduce((sum, call) => sum + round.calls[call.name]!.wallMs, 0))),
      evaluate: summarize(run.rounds.map((round) => round.snapshot.evaluateMs)),
      store: summarize(run.rounds.map((round) => round.snapshot.storeMs)),
      ratio: snapshot.wall.median / slowestCall.timing.wall.median,
      roundRatio: summarize(run.rounds.map((round) => round.snapshot.wallMs / slowestInRound(round))),
      load,
      sourceTimeoutMs: SOURCE_TIMEOUT_MS,
    };
  });
}

function verdict(isMet: boolean): string {
  return isMet ? 'met' : '**missed**';
}

/** Why the snapshot takes more than 1.3 × its slowest call, from this run's CPU figures. */
function explainRatio(result: CollectionResult): string {
  const slowest = result.slowestCall;
  const { snapshot } = result;
  const missedBy = (result.ratio / COLLECTION_TARGETS.snapshotToSlowestCall - 1) * 100;
  const others = result.calls.filter((call) => call.isReadBySnapshot && call !== slowest);
  const busy = (snapshot.collectorCpu.median / snapshot.wall.median) * 100;
  return [
    `**Why the ratio is missed** (by ${missedBy.toFixed(0)} %: ${result.ratio.toFixed(2)} × against ${COLLECTION_TARGETS.snapshotToSlowestCall} ×): the collector computes rather than waits.`,
    `Its process used ${formatMs(snapshot.collectorCpu.median)} of CPU during the snapshot's ${formatMs(snapshot.wall.median)} of wall time (${busy.toFixed(0)} %, V8's garbage-collection threads`,
    'included), and its JavaScript (parsing, checks, hashing) runs on one thread: running the checks concurrently overlaps their waiting,',
    `not their computing. Listing the pods costs the collector ${formatMs(slowest.timing.collectorCpu.median)} of CPU (parsing about 2.8 KB of JSON per pod and keeping its summary);`,
    `the rest of the snapshot adds ${formatMs(snapshot.collectorCpu.median - slowest.timing.collectorCpu.median)}: the other lists (${others.map((call) => `${call.name} ${formatMs(call.timing.collectorCpu.median)}`).join(', ')}`,
    `of CPU alone), the Prometheus and OpenSearch answers, the checks over ${result.demo.counts.pods.toLocaleString('en-US')} pods, hashing the evidence and the store`,
    `(${formatMs(result.store.median)} of wall time). The demo's servers, single-threaded as well, spent ${formatMs(snapshot.demoCpu.median)} on the same two cores meanwhile.`,
    'Against real API servers the bound is the same: what the collector itself computes per snapshot.',
  ].join('\n');
}

/** Why the collector's peak RSS is over the target: how much is code, how much a snapshot. */
function explainRss(result: CollectionResult): string {
  const { memory, modules } = result;
  const missedBy = memory.peakRssBytes - COLLECTION_TARGETS.peakRssBytes;
  const growth = (bytes: number) => (bytes < 1024 * 1024 ? 'under 1 MB' : formatBytes(bytes));
  const steps = modules.steps.map((step, index) => (index === 0 ? `${step.loaded} ${formatBytes(step.rssBytes)}` : `+ ${step.loaded} ${growth(step.rssBytes - modules.steps[index - 1]!.rssBytes)}`));
  return [
    `**Why the peak RSS is missed** (by ${formatBytes(missedBy)}, ${((missedBy / COLLECTION_TARGETS.peakRssBytes) * 100).toFixed(0)} %): most of it is code.`,
    `Loading the collector's modules alone (another child process): ${steps.join(', ')}.`,
    `With the database open the collector holds ${formatBytes(memory.startRssBytes)} before its first snapshot; that snapshot of ${result.demo.counts.pods.toLocaleString('en-US')} pods peaks`,
    `${formatBytes(memory.peakRssAfterWarmUpBytes - memory.startRssBytes)} higher (${formatBytes(memory.peakRssAfterWarmUpBytes)}, what \`npm run collect -- --once\` needs); the later ones peaked at ${formatBytes(memory.peakRssBytes)}.`,
  ].join('\n');
}

function timingRow(label: string, timing: TimingSummary): string {
  return `| ${label} | ${formatMs(timing.wall.median)} | ${formatMs(timing.wall.p95)} | ${formatMs(timing.collectorCpu.median)} | ${formatMs(timing.demoCpu.median)} |`;
}

export function renderCollection(result: CollectionResult, scale: DemoScale): string {
  const { run, demo } = result;
  const target = COLLECTION_TARGETS;
  const isRatioMet = result.ratio <= target.snapshotToSlowestCall;
  const { memory } = result;
  const isRssMet = memory.peakRssBytes < target.peakRssBytes;
  const lastRound = run.rounds.at(-1) ?? run.warmUp;
  const errors = [...new Set(run.rounds.flatMap((round) => round.snapshot.sourceErrors))];
  const unread = result.calls.filter((call) => !call.isReadBySnapshot);
  const lines = [
    '## 1. Collection at fleet scale',
    '',
    `The demo cluster (\`startDemoCluster({ scenario: 'stock', scale: ${JSON.stringify(scale)} })\`) runs in a child process and serves`,
    `${demo.counts.pods.toLocaleString('en-US')} pods in ${demo.counts.namespaces.toLocaleString('en-US')} namespaces and ${demo.counts.harborArtifacts.toLocaleString('en-US')} Harbor artifacts`,
    `(${demo.counts.harborProjects} projects, ${demo.counts.harborRepositories.toLocaleString('en-US')} repositories) over loopback HTTP. The collector runs in another child`,
    `process with the real clients (source timeout ${result.sourceTimeoutMs / 1000} s, 8 requests in flight per source) and stores into the throwaway PostgreSQL.`,
    `Each of the ${run.rounds.length} measured rounds (after one warm-up round) first times every large source read alone (fresh readers, nothing`,
    'shared), then one whole snapshot (`collectSnapshot`: all checks concurrently, evaluation, hashing, the store in one transaction),',
    'so both sides of the ratio are measured under the same load. CPU columns: CPU time the collector process and the demo',
    `process spent during the measurement (medians). Load average after the part: ${result.load}.`,
    '',
    '| measurement | wall median | wall p95 | collector CPU | demo servers CPU |',
    '|---|---:|---:|---:|---:|',
    ...result.calls.map((call) => timingRow(call.isReadBySnapshot ? call.label : `${call.label} (no check reads it)`, call.timing)),
    `| the calls above that the snapshot makes, one after another (sum per round) | ${formatMs(result.sumOfCalls.median)} | ${formatMs(result.sumOfCalls.p95)} | | |`,
    timingRow('**snapshot** (all checks + evaluation + store)', result.snapshot),
    `| … of which reading and evaluating | ${formatMs(result.evaluate.median)} | ${formatMs(result.evaluate.p95)} | | |`,
    `| … of which hashing and storing | ${formatMs(result.store.median)} | ${formatMs(result.store.p95)} | | |`,
    `| first snapshot of the process (cold, not in the figures above) | ${formatMs(run.warmUp.snapshot.wallMs)} | | ${formatMs(run.warmUp.snapshot.collectorCpuMs)} | ${formatMs(run.warmUp.snapshot.demoCpuMs)} |`,
    '',
    '| target | measured | |',
    '|---|---|---|',
    `| snapshot ≤ ${target.snapshotToSlowestCall} × the slowest single call it makes (${result.slowestCall.name}) | ${result.ratio.toFixed(2)} × (per round: median ${result.roundRatio.median.toFixed(2)}, p95 ${result.roundRatio.p95.toFixed(2)}) | ${verdict(isRatioMet)} |`,
    `| collector peak RSS < ${formatBytes(target.peakRssBytes)} (a process taking ${memory.rounds.length + 1} snapshots ${MEMORY_PAUSE_MS / 1000} s apart — the shortest collection interval — and nothing else) | ${formatBytes(memory.peakRssBytes)} (${formatBytes(memory.startRssBytes)} with its modules loaded and the database open, before the first snapshot; ${formatBytes(memory.peakRssAfterWarmUpBytes)} after the first) | ${verdict(isRssMet)} |`,
    '',
    memory.heapAfterGcBytes === undefined ? '' : `After its last snapshot and a forced full collection, the V8 heap of that process held ${formatBytes(memory.heapAfterGcBytes)}: nothing accumulates from snapshot to snapshot.`,
    `The timing process, which also lists all 20,000 Harbor artifacts and the Trivy reports on their own, peaked at ${formatBytes(run.peakRssBytes)}.`,
    `Last snapshot: ${lastRound.snapshot.evidence} evidence items, statuses ${JSON.stringify(lastRound.snapshot.counts)}; source errors: ${errors.length === 0 ? 'none' : errors.join('; ')}.`,
    ...(isRatioMet ? [] : ['', explainRatio(result)]),
    ...(isRssMet ? [] : ['', explainRss(result)]),
    '',
    unread.length > 0 ? `Not read by any check of the current catalog, so not a bound on the snapshot: ${unread.map((call) => call.name).join(', ')}.` : '',
    `Slowest checks of the last snapshot (they run concurrently, so each time includes waiting for shared lists): ${run.slowestChecks.map((check) => `${check.check} ${formatMs(check.ms)}`).join(', ')}.`,
  ];
  return lines.join('\n');
}
