import { readFileSync, statSync } from 'node:fs';
import type pg from 'pg';
import { readMatrix } from '@/lib/data/matrix';
import { diffSnapshots } from '@/lib/data/snapshots';
import { readTimeToRemediate } from '@/lib/data/remediation';
import { readTrends, type TrendBucket } from '@/lib/data/trends';
import { openDatabase, type Database } from '@/lib/db';
import { clusterName, seedHistory, type HistoryScale, type SeedReport } from './history-seed';
import { loadAverage } from './machine';
import { connectClient, type PostgresServer } from './postgres-server';
import { formatBytes, formatMs, summarize, timeRepeatedly, type Summary } from './stats';

export const HISTORY_SCALE: HistoryScale = { clusters: 10, days: 365 };

// Each read is timed this many times (after one untimed warm-up call), cycling through the clusters.
const RUNS = 40;

const DAY_MS = 86_400_000;

// The reads whose plans the report shows; the others run the same statements over other ranges.
const PLAN_READS = ['matrix-latest', 'matrix-as-of', 'trends-year', 'trends-default', 'diff-previous'];

export interface ReadMeasurement {
  name: string;
  label: string;
  /** p95 target in ms, when the issue sets one */
  targetP95Ms?: number;
  summary: Summary;
  /** what one call returned, to show it did real work */
  note: string;
}

export interface SizeReport {
  databaseBytes: number;
  tables: { name: string; rows: number; totalBytes: number; indexBytes: number }[];
  bodies: number;
  evidenceRows: number;
  /** bytes of body JSON stored once each */
  storedBodyBytes: number;
  /** evidence_body on disk: heap, TOAST and its primary key */
  bodyTableBytes: number;
  /** bytes of body JSON if every evidence row carried its own copy */
  referencedBodyBytes: number;
}

export interface ExplainedPlan {
  read: string;
  durationMs: number;
  query: string;
  plan: string[];
}

export interface HistoryResult {
  scale: HistoryScale;
  seed: SeedReport;
  sizes: SizeReport;
  reads: ReadMeasurement[];
  plans: ExplainedPlan[];
  load: string;
}

/** A read of the history, called once per timed run with the run's number. */
interface ReadCase {
  name: string;
  label: string;
  targetP95Ms?: number;
  run: (database: Database, run: number) => Promise<string>;
}

async function measureSizes(client: pg.Client): Promise<SizeReport> {
  const tables = await client.query<{ name: string; total: string; indexes: string }>(
    `SELECT c.relname AS name, pg_total_relation_size(c.oid) AS total, pg_indexes_size(c.oid) AS indexes
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations' AND pg_total_relation_size(c.oid) > 1048576
     ORDER BY pg_total_relation_size(c.oid) DESC`,
  );
  const rowCounts = new Map<string, number>();
  for (const table of tables.rows) {
    // the names come from the catalogue query above
    const { rows: counted } = await client.query<{ count: string }>(`SELECT count(*) FROM "${table.name}"`);
    rowCounts.set(table.name, Number(counted[0]?.count ?? 0));
  }
  const { rows } = await client.query<{ database: string; bodies: string; stored: string; body_table: string; evidence: string; referenced: string }>(
    `SELECT pg_database_size(current_database()) AS database,
            (SELECT count(*) FROM evidence_body) AS bodies,
            (SELECT sum(octet_length(json)) FROM evidence_body) AS stored,
            pg_total_relation_size('evidence_body') AS body_table,
            (SELECT count(*) FROM evidence) AS evidence,
            (SELECT sum(octet_length(b.json)::bigint * r.refs)
             FROM evidence_body b JOIN (SELECT body_sha256, count(*) AS refs FROM evidence GROUP BY body_sha256) r ON r.body_sha256 = b.sha256) AS referenced`,
  );
  const row = rows[0]!;
  return {
    databaseBytes: Number(row.database),
    tables: tables.rows.map((table) => ({ name: table.name, rows: rowCounts.get(table.name) ?? 0, totalBytes: Number(table.total), indexBytes: Number(table.indexes) })),
    bodies: Number(row.bodies),
    evidenceRows: Number(row.evidence),
    storedBodyBytes: Number(row.stored),
    bodyTableBytes: Number(row.body_table),
    referencedBodyBytes: Number(row.referenced),
  };
}

/** The snapshots the diff runs compare: spread over the year and the clusters, with one from 30 days before each. */
async function pickSnapshots(client: pg.Client, newest: Date, clusters: number, scaleDays: number): Promise<{ id: string; monthBeforeId: string }[]> {
  const picks: { id: string; monthBeforeId: string }[] = [];
  const idAt = async (cluster: string, at: Date) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT s.id FROM snapshot s JOIN cluster c ON c.id = s.cluster_id WHERE c.name = $1 AND s.taken_at <= $2 ORDER BY s.taken_at DESC LIMIT 1`,
      [cluster, at],
    );
    if (!rows[0]) throw new Error(`no snapshot of ${cluster} at ${at.toISOString()}`);
    return rows[0].id;
  };
  for (let run = 0; run <= RUNS; run++) {
    const cluster = clusterName((run % clusters) + 1);
    const at = asOf(newest, run, scaleDays);
    picks.push({ id: await idAt(cluster, at), monthBeforeId: await idAt(cluster, new Date(at.getTime() - 30 * DAY_MS)) });
  }
  return picks;
}

/** A moment in the history for run `run`: spread over it, but at least 31 days after its start. */
function asOf(newest: Date, run: number, days: number): Date {
  const hoursBack = (run * 7919) % (Math.max(1, days - 31) * 24);
  return new Date(newest.getTime() - hoursBack * 3_600_000 - 1_000);
}

function readCases(scale: HistoryScale, newest: Date, picks: { id: string; monthBeforeId: string }[]): ReadCase[] {
  const clusterOf = (run: number) => clusterName((run % scale.clusters) + 1);
  const yearAgo = new Date(newest.getTime() - 365 * DAY_MS);
  const trends = (bucket: TrendBucket | undefined, from: Date | undefined) => async (database: Database, run: number) => {
    const result = await readTrends(database, { clusterName: clusterOf(run), from, to: from ? newest : undefined, bucket });
    return `${result.overall.length} ${result.bucket} points, ${result.sections.length} sections, remediation for ${result.remediation.length} controls`;
  };
  return [
    {
      name: 'matrix-latest',
      label: '`/api/matrix` latest — `readMatrix(cluster)`',
      targetP95Ms: 50,
      run: async (database, run) => {
        const matrix = await readMatrix(database, clusterOf(run));
        return `${matrix.sections.reduce((sum, section) => sum + section.controls.length, 0)} controls in ${matrix.sections.length} sections`;
      },
    },
    {
      name: 'matrix-as-of',
      label: '`/api/matrix?at=` as of a time in the year — `readMatrix(cluster, at)`',
      targetP95Ms: 50,
      run: async (database, run) => {
        const matrix = await readMatrix(database, clusterOf(run), asOf(newest, run, scale.days));
        return `snapshot of ${matrix.snapshot.takenAt.slice(0, 16)}`;
      },
    },
    { name: 'trends-year', label: '`/api/trends` for a year (default bucket: week) — `readTrends(cluster, from, to)`', targetP95Ms: 100, run: trends(undefined, yearAgo) },
    {
      name: 'remediation-year',
      label: '… of which time to remediate for a year — `readTimeToRemediate(cluster, from, to)`',
      run: async (database, run) => `${(await readTimeToRemediate(database, { clusterName: clusterOf(run), from: yearAgo, to: newest })).length} controls`,
    },
    { name: 'trends-year-daily', label: '`/api/trends` for a year by day — `readTrends(…, bucket: day)`', run: trends('day', yearAgo) },
    { name: 'trends-default', label: '`/api/trends` default range (30 days, by day)', run: trends(undefined, undefined) },
    {
      name: 'diff-previous',
      label: '`/api/snapshots/{id}/diff` against the previous snapshot — `diffSnapshots(id)`',
      targetP95Ms: 100,
      run: async (database, run) => {
        const diff = await diffSnapshots(database, picks[run]!.id);
        return `${diff.controls.length} controls and ${diff.evidence.length} evidence items changed`;
      },
    },
    {
      name: 'diff-month',
      label: '`/api/snapshots/{id}/diff?against=` a snapshot 30 days earlier',
      targetP95Ms: 100,
      run: async (database, run) => {
        const diff = await diffSnapshots(database, picks[run]!.id, picks[run]!.monthBeforeId);
        return `${diff.controls.length} controls and ${diff.evidence.length} evidence items changed`;
      },
    },
  ];
}

/**
 * The plans PostgreSQL really ran for one call of each read: a role whose sessions load auto_explain
 * (ANALYZE, BUFFERS) makes the server log every statement's plan, which is cut out of its log.
 */
async function explainReads(server: PostgresServer, database: string, cases: ReadCase[], adminClient: pg.Client): Promise<ExplainedPlan[]> {
  await adminClient.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench_explain') THEN CREATE ROLE bench_explain LOGIN SUPERUSER; END IF;
    END $$;
    LOAD 'auto_explain';
    ALTER ROLE bench_explain SET session_preload_libraries = 'auto_explain';
    ALTER ROLE bench_explain SET auto_explain.log_min_duration = 0;
    ALTER ROLE bench_explain SET auto_explain.log_analyze = on;
    ALTER ROLE bench_explain SET auto_explain.log_buffers = on;
    ALTER ROLE bench_explain SET auto_explain.log_timing = on;
    ALTER ROLE bench_explain SET auto_explain.log_format = 'text'`);
  const url = new URL(server.databaseUrl(database));
  url.username = 'bench_explain';
  const explaining = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  const plans: ExplainedPlan[] = [];
  try {
    for (const read of cases) {
      const offset = statSync(server.logPath).size;
      await read.run(explaining, 1);
      // the server writes its log line by line: give it a moment to finish the last plan
      await new Promise((resolve) => setTimeout(resolve, 200));
      plans.push(...parsePlans(readFileSync(server.logPath).subarray(offset).toString('utf8'), read.name));
    }
  } finally {
    await explaining.close();
  }
  return plans;
}

/** auto_explain's log entries: "… LOG:  duration: 1.234 ms  plan:" then tab-indented query text and plan lines. */
export function parsePlans(log: string, read: string): ExplainedPlan[] {
  const plans: ExplainedPlan[] = [];
  let current: ExplainedPlan | undefined;
  let isInQuery = false;
  for (const line of log.split('\n')) {
    const start = /LOG:\s+duration: ([\d.]+) ms\s+plan:/.exec(line);
    if (start) {
      current = { read, durationMs: Number(start[1]), query: '', plan: [] };
      plans.push(current);
      isInQuery = false;
      continue;
    }
    if (!line.startsWith('\t') || !current) {
      current = undefined;
      continue;
    }
    const text = line.slice(1);
    if (text.startsWith('Query Text:')) {
      current.query = text.slice('Query Text:'.length).trim();
      isInQuery = true;
    } else if (isInQuery && !/\(cost=[\d.]+\.\.[\d.]+ rows=/.test(text)) {
      // SQL comments go: the query is shown on one line
      current.query += ` ${text.replace(/--.*$/, '').trim()}`;
    } else {
      // the first plan line (it has a cost estimate) ends the query text
      isInQuery = false;
      current.plan.push(text);
    }
  }
  return plans;
}

export async function runHistory(options: { server: PostgresServer; database: string; scale: HistoryScale }): Promise<HistoryResult> {
  const databaseUrl = options.server.databaseUrl(options.database);
  // the real schema: the committed migrations, applied the way the app applies them
  const migrated = await openDatabase({ databaseUrl, dataDir: '' });
  await migrated.close();

  console.error(`[history] seeding ${options.scale.clusters} clusters × ${options.scale.days} days of hourly snapshots`);
  const seed = await seedHistory(databaseUrl, options.scale, (line) => console.error(`[history]   ${line}`));
  console.error(
    `[history] seeded ${seed.snapshots.toLocaleString('en-US')} snapshots, ${seed.results.toLocaleString('en-US')} results, ${seed.evidence.toLocaleString('en-US')} evidence rows in ${seed.totalSeconds.toFixed(0)} s`,
  );

  const client = await connectClient(databaseUrl);
  try {
    console.error('[history] measuring sizes');
    const sizes = await measureSizes(client);
    const picks = await pickSnapshots(client, seed.newestTakenAt, options.scale.clusters, options.scale.days);
    const cases = readCases(options.scale, seed.newestTakenAt, picks);

    const database = await openDatabase({ databaseUrl, dataDir: '' });
    const reads: ReadMeasurement[] = [];
    try {
      for (const read of cases) {
        // one untimed call: connections opened, statements planned, pages in cache, as in a running app
        const note = await read.run(database, 0);
        const samples = await timeRepeatedly(RUNS, (run) => read.run(database, run + 1));
        const summary = summarize(samples);
        reads.push({ name: read.name, label: read.label, targetP95Ms: read.targetP95Ms, summary, note });
        console.error(`[history] ${read.name}: median ${formatMs(summary.median)}, p95 ${formatMs(summary.p95)} (${note})`);
      }
    } finally {
      await database.close();
    }
    console.error('[history] plans (auto_explain)');
    const plans = await explainReads(options.server, options.database, cases, client);
    return { scale: options.scale, seed, sizes, reads, plans, load: loadAverage() };
  } finally {
    await client.end();
  }
}

function verdict(read: ReadMeasurement): string {
  if (read.targetP95Ms === undefined) return '';
  if (read.summary.p95 < read.targetP95Ms) return `met (< ${read.targetP95Ms} ms)`;
  return `**missed** (target < ${read.targetP95Ms} ms: ${(read.summary.p95 / read.targetP95Ms).toFixed(1)} ×)`;
}

/** Why a read misses its target, from this run's figures. */
function explainMisses(result: HistoryResult): string[] {
  const read = (name: string) => result.reads.find((candidate) => candidate.name === name);
  const trends = read('trends-year');
  const remediation = read('remediation-year');
  const lines: string[] = [];
  if (trends?.targetP95Ms !== undefined && trends.summary.p95 >= trends.targetP95Ms && remediation) {
    const counts = result.plans.find((plan) => plan.read === 'trends-year' && /snapshot_section/.test(plan.query));
    lines.push(
      '',
      `**Why \`/api/trends\` for a year misses** (p95 ${(trends.summary.p95 / trends.targetP95Ms).toFixed(1)} × the target): the score series takes`,
      `${counts ? `${formatMs(counts.durationMs)} in its plan below` : 'most of it (see its plan below)'}; time to remediate, queried beside it, reads ` +
        `${Math.round(result.seed.statusChanges / result.scale.clusters).toLocaleString('en-US')} status changes per cluster (median ${formatMs(remediation.summary.median)}).`,
      'What remains is one index lookup of section counts per snapshot (about 8,760 per cluster-year): a per-day roll-up of the counts kept',
      'at write time, like the status changes, would make it independent of the number of snapshots.',
    );
  }
  for (const missed of result.reads.filter((candidate) => candidate !== trends && candidate.targetP95Ms !== undefined && candidate.summary.p95 >= candidate.targetP95Ms)) {
    lines.push('', `**${missed.name} misses** its target (p95 ${formatMs(missed.summary.p95)}): its plans below are index lookups of a few rows each; the time goes to round trips and the busy machine.`);
  }
  return lines;
}

/** A plan cut to what matters for the report: at most `maxLines` lines. */
function trimPlan(plan: ExplainedPlan, maxLines: number): string {
  // parameter lists of 38 ids make lines of thousands of characters: their start says enough
  const lines = plan.plan.filter((line) => line.trim() !== '').map((line) => (line.length > 160 ? `${line.slice(0, 157)}...` : line));
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept.push(`… ${lines.length - maxLines} more lines`);
  const query = plan.query.replace(/\s+/g, ' ').trim();
  return [`-- ${query.length > 300 ? `${query.slice(0, 300)} …` : query}`, ...kept].join('\n');
}

export function renderHistory(result: HistoryResult): string {
  const { seed, sizes } = result;
  const perSnapshot = (bytes: number) => formatBytes(bytes / seed.snapshots);
  const onDiskRatio = sizes.bodyTableBytes / sizes.storedBodyBytes;
  const withoutAddressingBytes = sizes.referencedBodyBytes * onDiskRatio;
  const databaseWithoutBytes = sizes.databaseBytes - sizes.bodyTableBytes + withoutAddressingBytes;
  const interesting = result.plans.filter(
    (plan) => PLAN_READS.includes(plan.read) && (!/FROM "public"\."cluster" WHERE/.test(plan.query) || plan.durationMs >= 1),
  );
  return [
    '## 2. History in PostgreSQL',
    '',
    `${result.scale.clusters} clusters × ${result.scale.days} days of hourly snapshots, seeded with SQL (\`INSERT … SELECT\` over \`generate_series\`) into the schema`,
    'the committed migrations create (their indexes and constraints dropped for the load and re-created as they were, then `VACUUM ANALYZE`).',
    'Every control of the catalog in every snapshot, with its real section and checks; a control keeps its status for 6 hours to',
    '30 days (per control) and failures get rarer over the year; evidence bodies are content-addressed: a passing check has one body',
    'for all clusters and the whole year, a failing one a new offender list per cluster and epoch, and the four checks whose excerpt',
    'carries a time (log freshness, audit time) a new body per snapshot — as the collector\'s own consecutive snapshots do.',
    '',
    `| seeded | |`,
    '|---|---:|',
    `| snapshots | ${seed.snapshots.toLocaleString('en-US')} |`,
    `| control results | ${seed.results.toLocaleString('en-US')} |`,
    `| evidence rows | ${seed.evidence.toLocaleString('en-US')} |`,
    `| status changes (pass ↔ fail, backfilled by the migration) | ${seed.statusChanges.toLocaleString('en-US')} |`,
    `| distinct evidence bodies | ${seed.bodies.toLocaleString('en-US')} (${formatBytes(sizes.storedBodyBytes / Math.max(1, sizes.bodies))} on average) |`,
    `| seeding time | ${seed.totalSeconds.toFixed(0)} s (${seed.steps
      .filter((step) => step.seconds >= 1)
      .map((step) => `${step.step} ${step.seconds.toFixed(0)} s`)
      .join(', ')}, the rest under a second each) |`,
    '',
    `Reads go through the real read functions of \`lib/data\` on a Prisma client (\`@prisma/adapter-pg\`), ${RUNS} timed calls each after one`,
    `untimed warm-up call, cycling through the clusters and, for as-of reads and diffs, through points spread over the year. Load average after the part: ${result.load}.`,
    '',
    '| read | median | p95 | max | target (p95) | one call returned |',
    '|---|---:|---:|---:|---|---|',
    ...result.reads.map((read) => `| ${read.label} | ${formatMs(read.summary.median)} | ${formatMs(read.summary.p95)} | ${formatMs(read.summary.max)} | ${verdict(read)} | ${read.note} |`),
    ...explainMisses(result),
    '',
    '### Size: content-addressed evidence vs. a copy per snapshot',
    '',
    '| table | rows | total on disk | of which indexes |',
    '|---|---:|---:|---:|',
    ...sizes.tables.map((table) => `| ${table.name} | ${table.rows.toLocaleString('en-US')} | ${formatBytes(table.totalBytes)} | ${formatBytes(table.indexBytes)} |`),
    `| **database** | | **${formatBytes(sizes.databaseBytes)}** | |`,
    '',
    `- Stored once: ${sizes.bodies.toLocaleString('en-US')} bodies, ${formatBytes(sizes.storedBodyBytes)} of JSON, ${formatBytes(sizes.bodyTableBytes)} on disk (heap, TOAST, key).`,
    `- A copy per snapshot: the ${sizes.evidenceRows.toLocaleString('en-US')} evidence rows reference ${formatBytes(sizes.referencedBodyBytes)} of body JSON (Σ body size × references), ` +
      `${(sizes.referencedBodyBytes / sizes.storedBodyBytes).toFixed(1)} × as much; at the same on-disk overhead that is ≈ ${formatBytes(withoutAddressingBytes)}.`,
    `- Database: ${formatBytes(sizes.databaseBytes)} with content addressing vs. ≈ ${formatBytes(databaseWithoutBytes)} without (${(databaseWithoutBytes / sizes.databaseBytes).toFixed(1)} ×); ` +
      `${perSnapshot(sizes.databaseBytes)} vs. ≈ ${perSnapshot(databaseWithoutBytes)} per snapshot.`,
    '',
    '### Plans relied on',
    '',
    'Captured by `auto_explain` (`log_analyze`, `log_buffers`) for one call of a read, every statement it sent, trimmed (cluster-by-name',
    'lookups left out); each ends with its execution time.',
    '',
    ...result.reads.flatMap((read) => {
      const plans = interesting.filter((plan) => plan.read === read.name);
      if (plans.length === 0) return [];
      return [`**${read.label}**`, '', '```', plans.map((plan) => `${trimPlan(plan, 20)}\n-- ${formatMs(plan.durationMs)}`).join('\n\n'), '```', ''];
    }),
  ].join('\n');
}
