// Child process of `npm run bench` (part 1): the collector, alone in its process so that its peak RSS
// is its own. Against the demo cluster served by another child it times, round after round, each
// large source read on its own and then a whole snapshot (every check, evaluation, store), so that
// the two are compared under the same machine load. Sends one CollectionRun to the benchmark.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { builtInCatalog } from '@/lib/catalog';
import { buildCatalog } from '@/lib/catalog/build';
import type { ClusterSources, SourceConnection } from '@/lib/config';
import { openDatabase } from '@/lib/db';
import { createSourceReaders, type SourceClients, type SourceReaders } from '@/lib/evaluate/source-readers';
import { collectSnapshot } from '@/lib/snapshots/collect';
import type { CollectionTarget } from '@/lib/snapshots/targets';
import { createHarborClient } from '@/lib/sources/harbor/client';
import { createKubernetesClient } from '@/lib/sources/kubernetes/client';
import { createOpenSearchClient } from '@/lib/sources/opensearch/client';
import { createPrometheusClient } from '@/lib/sources/prometheus/client';
import { exitWithParent, sendToParent } from './child-process';
import { SOURCE_CALLS, type CollectionRound, type CollectionRun, type CollectionWorkerInput, type DemoClusterInfo, type Timing } from './collection-types';

function demoSources(demo: DemoClusterInfo): ClusterSources {
  const plain = (url: string): SourceConnection => ({ url, skipTlsVerify: false });
  const { urls, credentials } = demo;
  return {
    prometheus: { ...plain(urls.prometheus), token: credentials.prometheusToken },
    opensearch: { ...plain(urls.opensearch), username: credentials.opensearchUsername, password: credentials.opensearchPassword },
    harbor: { ...plain(urls.harbor), username: credentials.harborUsername, password: credentials.harborPassword },
    kubernetes: { kind: 'url', connection: { ...plain(urls.kubernetes), token: credentials.kubernetesToken } },
  };
}

/** Fresh clients, as the app creates them for every collection (lib/snapshots/targets.ts). */
function createClients(sources: ClusterSources, timeoutMs: number): SourceClients {
  return {
    prometheus: sources.prometheus && createPrometheusClient(sources.prometheus, { timeoutMs }),
    opensearch: sources.opensearch && createOpenSearchClient(sources.opensearch, { timeoutMs }),
    harbor: sources.harbor && createHarborClient(sources.harbor, { timeoutMs }),
    kubernetes: sources.kubernetes && createKubernetesClient(sources.kubernetes, { timeoutMs }),
  };
}

/** CPU time (user + system) of a process so far, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  // the fields after the command name, which is in parentheses and may contain spaces
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs `work` and measures its wall time and the CPU time this process and the demo spent meanwhile. */
async function measure<T>(demoPid: number, work: () => Promise<T>): Promise<{ value: T; timing: Timing }> {
  const demoCpu = processCpuMs(demoPid);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, timing: { wallMs, collectorCpuMs: (used.user + used.system) / 1000, demoCpuMs: processCpuMs(demoPid) - demoCpu } };
}

/** Readers that note which of their methods were called. */
function recordUse(readers: SourceReaders, used: Set<string>): SourceReaders {
  return new Proxy(readers, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        used.add(property);
        return (value as (...parameters: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function main(): Promise<void> {
  exitWithParent();
  const input = JSON.parse(process.argv[2] ?? '') as CollectionWorkerInput;
  const sources = demoSources(input.demo);
  const catalog = buildCatalog(builtInCatalog(), undefined);
  const checkTimes = new Map<string, number>();
  const readersUsed = new Set<string>();
  const target: CollectionTarget = {
    clusterName: input.clusterName,
    isDemo: true,
    catalog,
    registryHosts: [input.demo.harborHost],
    createReaders: () => recordUse(createSourceReaders(createClients(sources, input.sourceTimeoutMs)), readersUsed),
  };
  const database = await openDatabase({ databaseUrl: input.databaseUrl, dataDir: '' });
  // snapshots are signed, as with REFMAP_SIGNING_KEY_FILE: the exports part verifies the signatures
  const signingKeyPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const items = { pods: 0, harborArtifacts: 0 };

  const runRound = async (): Promise<CollectionRound> => {
    const calls: Record<string, Timing> = {};
    for (const call of input.isSnapshotOnly ? [] : SOURCE_CALLS) {
      const readers = createSourceReaders(createClients(sources, input.sourceTimeoutMs));
      const { value: list, timing } = await measure(input.demo.pid, () => call.read(readers));
      calls[call.name] = timing;
      if (call.name === 'kubernetes.pods') items.pods = list.length;
      if (call.name === 'harbor.artifacts') items.harborArtifacts = list.length;
    }
    checkTimes.clear();
    readersUsed.clear();
    const { value: summary, timing } = await measure(input.demo.pid, () => collectSnapshot(database, target, { signingKeyPem, onCheckTimed: (controlId, checkId, durationMs) => checkTimes.set(`${controlId}/${checkId}`, durationMs) }));
    return {
      calls,
      snapshot: {
        ...timing,
        evaluateMs: summary.durationMs,
        storeMs: timing.wallMs - summary.durationMs,
        snapshotId: summary.snapshotId,
        sourceErrors: summary.sourceErrors.map((failure) => `${failure.source}: ${failure.kind}: ${failure.message}`),
        counts: summary.counts,
        evidence: summary.results.reduce((sum, result) => sum + result.evidence.length, 0),
        readersUsed: [...readersUsed].sort(),
      },
    };
  };

  try {
    const startRssBytes = process.memoryUsage().rss;
    const warmUp = await runRound();
    const peakRssAfterWarmUpBytes = process.resourceUsage().maxRSS * 1024;
    const rounds: CollectionRound[] = [];
    for (let round = 0; round < input.rounds; round++) {
      await new Promise((resolve) => setTimeout(resolve, input.pauseMs));
      rounds.push(await runRound());
      console.error(`round ${round + 1}/${input.rounds}: snapshot ${Math.round(rounds.at(-1)!.snapshot.wallMs)} ms, RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    }
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    // only after the peak was read: a forced collection shows what is really still referenced
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapAfterGcBytes = gc ? process.memoryUsage().heapUsed : undefined;
    const slowestChecks = [...checkTimes]
      .map(([check, ms]) => ({ check, ms }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8);
    await sendToParent<CollectionRun>({
      type: 'result',
      value: {
        warmUp,
        rounds,
        slowestChecks,
        peakRssBytes,
        heapAfterGcBytes,
        peakRssAfterWarmUpBytes,
        startRssBytes,
        lastSnapshotId: (rounds.at(-1) ?? warmUp).snapshot.snapshotId,
        items,
      },
    });
  } finally {
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await sendToParent({ type: 'error', message: (error as Error).stack ?? String(error) }).catch(() => undefined);
    process.exit(1);
  },
);
