// npm run bench [-- --only collection,history,exports,pages,fleet] [--rounds N] [--out FILE] [--quick]
// Benchmarks at fleet scale, written to BENCHMARKS.md:
//   1. collection against the demo cluster at 10,000 pods / 2,000 namespaces / 20,000 artifacts;
//   2. history reads in a real PostgreSQL holding a year of hourly snapshots of 10 clusters;
//   3. exports (PDF, CSV, OSCAL, bundle + verify) of a full snapshot;
//   4. pages (matrix, drilldown) served by the production build over part 2's history, and the
//      JavaScript `/` sends;
//   5. a fleet: 50 clusters of 2,000 pods, 3 collector and 2 app processes on one PostgreSQL.
// Starts its own PostgreSQL and child processes, and removes them and its temporary files however it
// ends. A missed target is reported, not a failure; the exit code is non-zero only when a part crashed
// (or the whole run exceeded its time bound). BENCH_CPU_PROF=DIR writes CPU profiles of the collector
// processes there. --quick runs every part at a small scale, to try the script itself (`npm test` runs
// it after the build, whose output the pages part then reuses); its figures are not the benchmark.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHANGES_MADE } from './bench/changes';
import { installExitHandlers, isStopping, onCleanup, runCleanup, startDeadline } from './bench/cleanup';
import { collectOneSnapshot, FLEET_SCALE, renderCollection, runCollection, type CollectionResult } from './bench/collection';
import { renderExports, runExports, type ExportsResult } from './bench/exports';
import { HISTORY_SCALE, renderHistory, runHistory, type HistoryResult } from './bench/history';
import { describeMachine } from './bench/machine';
import { FLEET_OF_CLUSTERS, renderFleet, runFleet, type FleetResult } from './bench/fleet';
import { ensureBuild, renderPages, runPages, type PagesResult } from './bench/pages';
import { startPostgres } from './bench/postgres-server';
import { formatBytes } from './bench/stats';

const PARTS = ['collection', 'history', 'exports', 'pages', 'fleet'] as const;
type Part = (typeof PARTS)[number];

// Generous for this 2-core machine (a full run takes about a quarter of it); a hung part must not hang CI.
const DEADLINE_MS = 60 * 60_000;

interface PartOutcome<T> {
  result?: T;
  error?: string;
  seconds: number;
}

async function runPart<T>(part: Part, work: () => Promise<T>): Promise<PartOutcome<T>> {
  await untilStopped();
  const started = performance.now();
  console.error(`\n=== ${part} ===`);
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    console.error(`=== ${part}: done in ${seconds.toFixed(0)} s`);
    return { result, seconds };
  } catch (error) {
    const seconds = (performance.now() - started) / 1000;
    console.error(`=== ${part}: CRASHED after ${seconds.toFixed(0)} s: ${(error as Error).stack ?? String(error)}`);
    return { error: (error as Error).message, seconds };
  }
}

/**
 * Once a signal or a crash started the final cleanup (which ends the process), the run goes no
 * further: no new part, and no half-written BENCHMARKS.md.
 */
async function untilStopped(): Promise<void> {
  if (isStopping()) await new Promise<never>(() => undefined);
}

function renderPart<T>(title: string, outcome: PartOutcome<T> | undefined, render: (result: T) => string): string {
  if (!outcome) return `## ${title}\n\nNot run in this invocation (\`--only\`).`;
  if (outcome.error !== undefined || outcome.result === undefined) {
    return `## ${title}\n\n**Crashed** after ${outcome.seconds.toFixed(0)} s:\n\n\`\`\`\n${outcome.error ?? 'no result'}\n\`\`\``;
  }
  return `${render(outcome.result)}\n\n_Part run time: ${outcome.seconds.toFixed(0)} s._`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      rounds: { type: 'string', default: '5' },
      out: { type: 'string' },
      quick: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const parts = values.only === undefined ? [...PARTS] : values.only.split(',').map((name) => name.trim());
  for (const part of parts) if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: unknown part "${part}" (parts: ${PARTS.join(', ')})`);
  const wants = (part: Part) => parts.includes(part);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  // --quick: a smoke run of the script itself at a small scale; its figures are not the benchmark
  const collectionScale = values.quick ? { ...FLEET_SCALE, namespaces: 100, harborProjects: 10 } : FLEET_SCALE;
  const historyScale = values.quick ? { ...HISTORY_SCALE, clusters: 2, days: 60 } : HISTORY_SCALE;
  const fleetScale = values.quick
    ? { ...FLEET_OF_CLUSTERS, clusters: 3, demo: { ...FLEET_OF_CLUSTERS.demo, namespaces: 40 }, collectors: 1, apps: 1, intervalMs: 30_000, intervals: 1 }
    : FLEET_OF_CLUSTERS;
  const outPath = path.resolve(values.out ?? (values.quick ? path.join(os.tmpdir(), 'BENCHMARKS.quick.md') : 'BENCHMARKS.md'));

  installExitHandlers();
  startDeadline(DEADLINE_MS);
  const startedAt = new Date();
  const started = performance.now();
  const machine = describeMachine();
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'refmap-bench-'));
  onCleanup('work directory', () => rmSync(workDir, { recursive: true, force: true }));

  console.error(`bench: ${machine.cpuModel}, ${machine.cores} cores, ${formatBytes(machine.memoryBytes)}, Node ${machine.nodeVersion}; logs in ${workDir}`);
  const server = await startPostgres(['bench_collection', 'bench_history', 'bench_fleet']);
  machine.postgresVersion = server.version;
  console.error(`bench: PostgreSQL ${server.version} at ${server.serverUrl}`);

  let collection: PartOutcome<CollectionResult> | undefined;
  let history: PartOutcome<HistoryResult> | undefined;
  let exportsOutcome: PartOutcome<ExportsResult> | undefined;
  let pages: PartOutcome<PagesResult> | undefined;
  let fleet: PartOutcome<FleetResult> | undefined;
  if (wants('collection')) {
    collection = await runPart('collection', () => runCollection({ server, database: 'bench_collection', workDir, rounds, scale: collectionScale }));
  }
  if (wants('history')) {
    history = await runPart('history', () => runHistory({ server, database: 'bench_history', scale: historyScale }));
  }
  if (wants('exports')) {
    exportsOutcome = await runPart('exports', async () => {
      // the exports need a full snapshot: the collection part's last one, or one taken now
      const snapshotId =
        collection?.result?.run.lastSnapshotId ?? (await collectOneSnapshot({ server, database: 'bench_collection', workDir, scale: collectionScale }));
      return runExports({ server, database: 'bench_collection', snapshotId, workDir });
    });
  }

  if (wants('pages')) {
    pages = await runPart('pages', async () => {
      // the pages read the history part's database
      if (!history?.result) throw new Error('the pages part needs the history part in the same run (its database)');
      return runPages({ server, database: 'bench_history', scale: historyScale, workDir, reuseBuild: values.quick });
    });
  }
  if (wants('fleet')) {
    fleet = await runPart('fleet', async () => {
      // the app processes are the production build: the pages part's, or one made now
      ensureBuild(true, path.join(workDir, 'fleet-build.log'));
      return runFleet({ server, database: 'bench_fleet', scale: fleetScale, workDir });
    });
  }

  await untilStopped();
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const totalSeconds = (performance.now() - started) / 1000;
  const report = [
    '# Benchmarks',
    '',
    `Written by \`${command}\` (scripts/bench.ts) on ${startedAt.toISOString()}; the whole run took ${Math.round(totalSeconds / 60)} min.`,
    values.quick ? '\n**Quick smoke run at a small scale: these figures are not the benchmark.**\n' : '',
    '| machine | |',
    '|---|---|',
    `| CPU | ${machine.cpuModel} (/proc/cpuinfo), ${machine.cores} cores |`,
    `| memory | ${formatBytes(machine.memoryBytes)} |`,
    `| OS | ${machine.platform} |`,
    `| Node.js | ${machine.nodeVersion} |`,
    `| PostgreSQL | ${machine.postgresVersion ?? '?'} (throwaway server started by the script: fsync, synchronous_commit and full_page_writes off, other settings default) |`,
    '',
    'The machine is shared and noisy (2 cores, other jobs running). Every figure is a median (and p95) over repeated runs, and',
    'every ratio compares figures measured in the same run, a few seconds apart. Times are wall-clock.',
    '',
    CHANGES_MADE,
    renderPart('1. Collection at fleet scale', collection, (result) => renderCollection(result, collectionScale)),
    '',
    renderPart('2. History in PostgreSQL', history, (result) => renderHistory(result)),
    '',
    renderPart('3. Exports of a full snapshot', exportsOutcome, (result) => renderExports(result)),
    '',
    renderPart('4. Pages', pages, (result) => renderPages(result, historyScale)),
    '',
    renderPart('5. A fleet on one PostgreSQL', fleet, (result) => renderFleet(result)),
    '',
  ].join('\n');
  writeFileSync(outPath, report);
  console.error(`\nbench: wrote ${outPath} in ${Math.round(totalSeconds)} s`);
  const crashed = [collection, history, exportsOutcome, pages, fleet].some((outcome) => outcome !== undefined && outcome.error !== undefined);
  return crashed ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await runCleanup();
    process.exit(code);
  });
