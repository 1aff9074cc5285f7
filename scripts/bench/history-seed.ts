import type pg from 'pg';
import { CATALOG_VERSION, CONTROLS } from '@/lib/catalog';
import { readStatusChangesBackfillSql } from '@/lib/snapshots/status-changes-backfill';
import { REFMAP_VERSION } from '@/lib/version';
import { connectClient } from './postgres-server';

/**
 * Seeds a year of hourly snapshots for a fleet of clusters straight in SQL (INSERT … SELECT over
 * generate_series), in the schema's real shape: the migrations create the tables, the big tables'
 * indexes and constraints are dropped for the load and re-created exactly as they were.
 *
 * What the data look like, all deterministic (hashint8extended of the row's coordinates):
 * - every control of the catalog in every snapshot, with its real section, checks and queries;
 * - a control keeps its status for an "epoch" of 6 h to 30 days (per control), then draws again;
 *   failures get rarer over the year, so scores improve and remediation has episodes to measure;
 * - evidence bodies are content-addressed as the store does it (sha256 of the canonical JSON): a
 *   passing check's body is the same in every cluster all year; a failing one's offender list is
 *   new each epoch and cluster; the checks whose excerpt carries a time (log freshness, audit
 *   time) get a new body with every snapshot, as the collector's own snapshots show;
 * - bodies of 0.2–6 KB (median about 0.5 KB, mean about 1 KB, like the collector's), summaries of ~90 chars;
 * - per-section status counts and the score, as the store writes them.
 * Hashes of results, manifests and evidence-with-time are 64-hex stand-ins (the history part reads,
 * it does not verify); evidence bodies are keyed by the real sha256 of their JSON.
 */

export interface HistoryScale {
  clusters: number;
  days: number;
}

export interface SeedReport {
  snapshots: number;
  results: number;
  evidence: number;
  bodies: number;
  /** rows the status-changes migration backfilled from the seeded results */
  statusChanges: number;
  steps: { step: string; seconds: number }[];
  totalSeconds: number;
  /** the newest snapshot's time: reads measure "now" from here */
  newestTakenAt: Date;
}

/** The big tables whose indexes and constraints are dropped for the load and re-created after it. */
const BULK_TABLES = ['snapshot', 'control_result', 'evidence', 'evidence_body', 'snapshot_section'];

/** Checks whose excerpt carries a time, so that their body differs in every snapshot (seen in real collections). */
const VOLATILE_CHECKS = new Set(['S5.STDOUT-LOGS/every-namespace-logs', 'T1.LOG-STORE/logs-written-recently', 'T1.POLICY/audit-recent', 'T1.POLICY/constraint-violations']);

/** Epoch lengths in hours: how long a control keeps its status before it may change. */
const PERIODS = [6, 24, 72, 168, 720];

export function clusterName(index: number): string {
  return `cluster-${String(index).padStart(2, '0')}`;
}

interface Definitions {
  constraints: { table: string; name: string; definition: string; isForeignKey: boolean }[];
  indexes: { name: string; definition: string }[];
}

async function readDefinitions(client: pg.Client): Promise<Definitions> {
  const constraints = await client.query<{ table: string; name: string; definition: string; type: string }>(
    `SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition, contype AS type
     FROM pg_constraint WHERE conrelid = ANY($1::regclass[]) AND contype IN ('p', 'u', 'f') ORDER BY conname`,
    [BULK_TABLES],
  );
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
     FROM pg_index i WHERE indrelid = ANY($1::regclass[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u'))
     ORDER BY 1`,
    [BULK_TABLES],
  );
  return {
    constraints: constraints.rows.map((row) => ({ table: row.table, name: row.name, definition: row.definition, isForeignKey: row.type === 'f' })),
    indexes: indexes.rows,
  };
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

export async function seedHistory(databaseUrl: string, scale: HistoryScale, progress: (line: string) => void): Promise<SeedReport> {
  const client = await connectClient(databaseUrl);
  const steps: SeedReport['steps'] = [];
  const started = performance.now();
  const step = async (name: string, sql: string, values: unknown[] = []) => {
    const stepStarted = performance.now();
    const result = await client.query(sql, values);
    const seconds = (performance.now() - stepStarted) / 1000;
    steps.push({ step: name, seconds });
    progress(`${name}: ${seconds.toFixed(1)} s${result.rowCount ? ` (${result.rowCount.toLocaleString('en-US')} rows)` : ''}`);
    return result;
  };
  try {
    // the load is one session: generous memory for the hash joins and index builds
    await client.query(`SET work_mem = '512MB'; SET maintenance_work_mem = '1GB'; SET synchronous_commit = off`);
    const hours = scale.days * 24;
    const { rows: clock } = await client.query<{ start: Date }>(`SELECT date_trunc('hour', now()) - make_interval(hours => $1) AS start`, [hours]);
    const start = clock[0]!.start;

    // The catalog, as two small tables the generator joins with.
    await client.query(`
      CREATE TEMP TABLE bench_control (k int PRIMARY KEY, control_id text, section_id text, title text, is_manual bool,
                                       period int, base_fail float8, is_sometimes_na bool);
      CREATE TEMP TABLE bench_check (k int, ci int, check_id text, source text, query text, is_volatile bool, offenders int,
                                     offset_ms int, PRIMARY KEY (k, ci))`);
    const controls = CONTROLS.map((control, k) => ({
      k,
      controlId: control.id,
      sectionId: control.sectionId,
      title: control.title,
      isManual: control.isManual === true,
      period: PERIODS[(k * 7 + 3) % PERIODS.length]!,
      // how often the control fails at the start of the year: 4 % to 60 %
      baseFail: 0.04 + ((k * 37) % 29) / 50,
      isSometimesNa: control.id === 'S4.GITOPS',
    }));
    await client.query(
      `INSERT INTO bench_control SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::int[], $7::float8[], $8::bool[])`,
      [
        controls.map((control) => control.k),
        controls.map((control) => control.controlId),
        controls.map((control) => control.sectionId),
        controls.map((control) => control.title),
        controls.map((control) => control.isManual),
        controls.map((control) => control.period),
        controls.map((control) => control.baseFail),
        controls.map((control) => control.isSometimesNa),
      ],
    );
    const checks = CONTROLS.flatMap((control, k) => {
      // a derived control stores one piece of evidence that names what it was derived from
      const definitions = control.derivedFrom
        ? [{ id: 'derived', source: 'derived', query: `worst of ${control.derivedFrom.join(', ')}` }]
        : control.checks.map((check) => ({ id: check.id, source: check.source, query: check.query }));
      return definitions.map((check, ci) => ({
        k,
        ci,
        checkId: check.id,
        source: check.source,
        query: check.query,
        isVolatile: VOLATILE_CHECKS.has(`${control.id}/${check.id}`),
        // how many offenders a failing body lists (capped at 50 like the catalog's excerpts)
        offenders: [0, 2, 5, 12, 25, 50][(k + ci * 3) % 6]!,
        // checks finish at different moments after the snapshot starts
        offsetMs: 40 + ((k * 131 + ci * 977) % 2500),
      }));
    });
    await client.query(`INSERT INTO bench_check SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::bool[], $7::int[], $8::int[])`, [
      checks.map((check) => check.k),
      checks.map((check) => check.ci),
      checks.map((check) => check.checkId),
      checks.map((check) => check.source),
      checks.map((check) => check.query),
      checks.map((check) => check.isVolatile),
      checks.map((check) => check.offenders),
      checks.map((check) => check.offsetMs),
    ]);

    // Deterministic helpers, plain SQL expressions so that the planner inlines them into the big INSERTs.
    await client.query(`
      -- a UUIDv7 (48 bits of milliseconds, version 7, variant 10) whose other bits hold the row's key:
      -- time-ordered like Prisma's uuid(7), unique because the key is
      CREATE FUNCTION pg_temp.uuid7(ms bigint, key bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS $$
        SELECT (lpad(to_hex((ms << 16) | 28672 | (key & 4095)), 16, '0') || to_hex(key | (-9223372036854775807 - 1)))::uuid
      $$;
      -- uniform in [0, 1) from a key
      CREATE FUNCTION pg_temp.unit(key bigint, seed bigint) RETURNS float8 IMMUTABLE LANGUAGE sql AS $$
        SELECT (hashint8extended(key, seed) & 1048575)::float8 / 1048576
      $$;
      -- a 64-hex stand-in for the hashes this part never recomputes (result, manifest, evidence with time)
      CREATE FUNCTION pg_temp.stand_in(prefix text, key bigint) RETURNS char(64) IMMUTABLE LANGUAGE sql AS $$
        SELECT left(prefix, 48) || lpad(to_hex(key), 16, '0')
      $$`);

    const definitions = await readDefinitions(client);
    const foreignKeys = definitions.constraints.filter((constraint) => constraint.isForeignKey);
    const keys = definitions.constraints.filter((constraint) => !constraint.isForeignKey);
    await step(
      'drop indexes and constraints of the big tables',
      [
        ...foreignKeys.map((constraint) => `ALTER TABLE ${constraint.table} DROP CONSTRAINT ${quote(constraint.name)}`),
        ...keys.map((constraint) => `ALTER TABLE ${constraint.table} DROP CONSTRAINT ${quote(constraint.name)}`),
        ...definitions.indexes.map((index) => `DROP INDEX ${index.name}`),
      ].join(';\n'),
    );

    // The plan of the year, computed once: snapshots, each control's phase per cluster, and its status per epoch.
    await step(
      'plan: snapshots, epochs and statuses',
      `CREATE TEMP TABLE bench_snapshot AS
       SELECT c, h, pg_temp.uuid7(ms, c::bigint * 10000000 + h) AS id, ms, to_timestamp(ms / 1000.0) AS taken_at
       FROM (SELECT c, h, (extract(epoch FROM '${start.toISOString()}'::timestamptz)::bigint + h * 3600 + (hashint8extended(c * 100000 + h, 9) & 127)) * 1000 AS ms
             FROM generate_series(0, ${hours - 1}) AS h, generate_series(1, ${scale.clusters}) AS c) AS t
       -- in time order, clusters interleaved, as a fleet's collections write them: the big inserts keep this order
       ORDER BY h, c;
       CREATE TEMP TABLE bench_phase AS
       SELECT c, k.k, (hashint8extended(c * 100 + k.k, 5) & 1048575)::int % k.period AS phase
       FROM generate_series(1, ${scale.clusters}) AS c CROSS JOIN bench_control k;
       -- failures get rarer over the year (the draw is compared with a shrinking threshold)
       CREATE TEMP TABLE bench_state AS
       SELECT c, k.k, epoch,
              CASE WHEN k.is_manual THEN 'manual'
                   WHEN k.is_sometimes_na AND c % 4 = 0 THEN 'not-applicable'
                   WHEN u < threshold THEN 'fail'
                   WHEN u < threshold + 0.06 THEN 'warn'
                   WHEN u < threshold + 0.09 THEN 'unknown'
                   ELSE 'pass' END AS status
       FROM generate_series(1, ${scale.clusters}) AS c
       CROSS JOIN bench_control k
       CROSS JOIN LATERAL generate_series(0, ${hours} / k.period + 1) AS epoch
       CROSS JOIN LATERAL (SELECT pg_temp.unit((c * 100 + k.k)::bigint * 100000 + epoch, 7) AS u,
                                  k.base_fail * (1.3 - 0.8 * epoch * k.period / ${hours}.0) AS threshold) AS draw;
       ANALYZE bench_control; ANALYZE bench_check; ANALYZE bench_snapshot; ANALYZE bench_phase; ANALYZE bench_state`,
    );

    // Bodies as the store writes them: canonical JSON (sorted keys), keyed by its sha256. A passing
    // check's body is one for all clusters and epochs; others are per cluster and epoch; the checks
    // whose excerpt carries a time get one per snapshot.
    const excerpt = (offenders: string, latestAt: string) => `
      CASE WHEN st.status = 'unknown' THEN '{"error":{"kind":"timeout","message":"no answer within 10000 ms","path":"/api/v1/pods","source":"kubernetes"}}'
           WHEN st.status = 'not-applicable' THEN '{"installed":false}'
           ELSE format('{"checked":%s,%s"offenders":[%s],"totalOffenders":%s}', 400 + ((st.c * 37 + st.k * 11) % 1024), ${latestAt},
                       coalesce((SELECT string_agg(format('{"object":"ns-%s/app-%s-%s","reason":"container runs as root or may escalate privileges"}',
                                                          lpad(((st.c * 7 + i * 13 + st.epoch) % 2000)::text, 4, '0'), lpad((i * 31 % 997)::text, 3, '0'),
                                                          substr(md5(st.c || ' ' || st.epoch || ' ' || i), 1, 5)), ',')
                                 FROM generate_series(1, ${offenders}) AS i), ''),
                       ${offenders} + CASE WHEN ${offenders} > 0 THEN (st.epoch % 40) ELSE 0 END)
      END`;
    const bodyJson = (offenders: string, latestAt: string) => `format('{"checkId":%s,"excerpt":%s,"query":%s,"source":%s,"status":%s,"summary":%s}',
        to_json(ch.check_id), ${excerpt(offenders, latestAt)}, to_json(ch.query), to_json(ch.source), to_json(st.status),
        to_json(CASE st.status WHEN 'pass' THEN 'Every object checked meets the rule'
                               WHEN 'unknown' THEN 'Evidence could not be collected: kubernetes: no answer within 10000 ms'
                               WHEN 'not-applicable' THEN 'Not installed on this cluster'
                               ELSE ch.offenders || ' offenders: ' || ch.check_id END))`;
    await step(
      'evidence bodies',
      `CREATE TEMP TABLE bench_pass_body AS
       SELECT ch.k, ch.ci, ${bodyJson('0', "''")} AS json
       FROM bench_check ch CROSS JOIN LATERAL (SELECT 1 AS c, ch.k AS k, 0 AS epoch, 'pass'::text AS status) AS st
       WHERE NOT ch.is_volatile;
       CREATE TEMP TABLE bench_epoch_body AS
       SELECT st.c, st.k, ch.ci, st.epoch, CASE WHEN st.status = 'pass' THEN pb.json ELSE ${bodyJson('ch.offenders', "''")} END AS json
       FROM bench_state st
       JOIN bench_check ch ON ch.k = st.k AND NOT ch.is_volatile
       JOIN bench_pass_body pb ON (pb.k, pb.ci) = (ch.k, ch.ci);
       CREATE TEMP TABLE bench_volatile_body AS
       SELECT s.c, s.h, ch.k, ch.ci, ${bodyJson('ch.offenders', `format('"latestAt":"%s",', to_char(s.taken_at - interval '2 minutes', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`)} AS json
       FROM bench_snapshot s JOIN bench_check ch ON ch.is_volatile
       JOIN bench_phase p ON (p.c, p.k) = (s.c, ch.k)
       JOIN bench_control k ON k.k = ch.k
       JOIN bench_state st ON (st.c, st.k, st.epoch) = (s.c, ch.k, (s.h + p.phase) / k.period);
       ALTER TABLE bench_epoch_body ADD COLUMN sha256 char(64);
       UPDATE bench_epoch_body SET sha256 = encode(sha256(convert_to(json, 'UTF8')), 'hex');
       ALTER TABLE bench_volatile_body ADD COLUMN sha256 char(64);
       UPDATE bench_volatile_body SET sha256 = encode(sha256(convert_to(json, 'UTF8')), 'hex');
       ANALYZE bench_epoch_body; ANALYZE bench_volatile_body`,
    );
    await step(
      'evidence_body',
      `INSERT INTO evidence_body (sha256, json)
       SELECT DISTINCT ON (sha256) sha256, json FROM (SELECT sha256, json FROM bench_epoch_body UNION ALL SELECT sha256, json FROM bench_volatile_body) AS b`,
    );

    await step(
      'clusters',
      `INSERT INTO cluster (id, name, created_at)
       SELECT pg_temp.uuid7(extract(epoch FROM $1::timestamptz)::bigint * 1000, c), 'cluster-' || lpad(c::text, 2, '0'), $1::timestamptz
       FROM generate_series(1, $2::int) AS c
       ON CONFLICT (name) DO NOTHING`,
      [start, scale.clusters],
    );
    await step(
      'snapshots',
      `INSERT INTO snapshot (id, cluster_id, taken_at, duration_ms, catalog_version, refmap_version, score, source_errors, sequence, manifest_hash, previous_manifest_hash)
       SELECT s.id, cl.id, s.taken_at, 800 + (hashint8extended(s.c * 100000 + s.h, 10) & 2047)::int, $1, $2, NULL,
              CASE WHEN pg_temp.unit(s.c * 100000 + s.h, 11) < 0.01
                   THEN '[{"kind":"timeout","message":"no answer within 10000 ms","source":"prometheus"}]'::jsonb ELSE '[]'::jsonb END,
              s.h + 1, pg_temp.stand_in('${'c0ffee'.repeat(8)}', s.c * 100000 + s.h),
              CASE WHEN s.h = 0 THEN NULL ELSE pg_temp.stand_in('${'c0ffee'.repeat(8)}', s.c * 100000 + s.h - 1) END
       FROM bench_snapshot s JOIN cluster cl ON cl.name = 'cluster-' || lpad(s.c::text, 2, '0')`,
      [CATALOG_VERSION, REFMAP_VERSION],
    );

    // a result's key: the snapshot's key and the control; an evidence row's: the result's key and the check
    const resultKey = '((s.c::bigint * 10000000 + s.h) * 64 + k.k)';
    await step(
      'control results',
      `INSERT INTO control_result (id, snapshot_id, control_id, section_id, status, summary, result_hash)
       SELECT pg_temp.uuid7(s.ms, ${resultKey}), s.id, k.control_id, k.section_id, st.status,
              CASE st.status
                WHEN 'pass' THEN k.title || ': every object checked meets the rule'
                WHEN 'fail' THEN (3 + (st.epoch * 7 + k.k) % 250) || ' of ' || (400 + (s.c * 37 + k.k * 11) % 1024) || ' objects do not meet the rule: ' || k.title
                WHEN 'warn' THEN k.title || ': met, but enforcement is set to warn rather than deny'
                WHEN 'unknown' THEN 'Evidence could not be collected: kubernetes: no answer within 10000 ms (GET /api/v1/pods)'
                WHEN 'manual' THEN 'Not observable in a cluster: needs an attestation'
                ELSE 'Not applicable to this cluster' END,
              pg_temp.stand_in('${'5e5e17'.repeat(8)}', ${resultKey})
       FROM bench_snapshot s
       JOIN bench_phase p ON p.c = s.c
       JOIN bench_control k ON k.k = p.k
       JOIN bench_state st ON (st.c, st.k, st.epoch) = (s.c, k.k, (s.h + p.phase) / k.period)`,
    );

    // The results' coordinates are materialised first so that the body lookup is one hash join on
    // (cluster, control, check, epoch), whatever the planner estimates for the small tables.
    const evidenceColumns = (body: string) => `pg_temp.uuid7(r.ms + ch.offset_ms, r.key * 16 + ch.ci), r.result_id, ch.check_id,
              r.taken_at + ch.offset_ms * interval '1 millisecond', ${body}.sha256, pg_temp.stand_in(${body}.sha256, r.key * 16 + ch.ci)`;
    await step(
      'evidence',
      `INSERT INTO evidence (id, control_result_id, check_id, observed_at, body_sha256, sha256)
       WITH r AS MATERIALIZED (
         SELECT s.c, s.h, s.ms, s.taken_at, k.k, ${resultKey} AS key, pg_temp.uuid7(s.ms, ${resultKey}) AS result_id, (s.h + p.phase) / k.period AS epoch
         FROM bench_snapshot s JOIN bench_phase p ON p.c = s.c JOIN bench_control k ON k.k = p.k
         WHERE NOT k.is_manual
       )
       SELECT ${evidenceColumns('b')}
       FROM r
       JOIN bench_check ch ON ch.k = r.k AND NOT ch.is_volatile
       JOIN bench_epoch_body b ON (b.c, b.k, b.ci, b.epoch) = (r.c, r.k, ch.ci, r.epoch);
       INSERT INTO evidence (id, control_result_id, check_id, observed_at, body_sha256, sha256)
       WITH r AS MATERIALIZED (
         SELECT s.c, s.h, s.ms, s.taken_at, k.k, ${resultKey} AS key, pg_temp.uuid7(s.ms, ${resultKey}) AS result_id
         FROM bench_snapshot s CROSS JOIN bench_control k
         WHERE k.k IN (SELECT k FROM bench_check WHERE is_volatile)
       )
       SELECT ${evidenceColumns('v')}
       FROM r
       JOIN bench_check ch ON ch.k = r.k AND ch.is_volatile
       JOIN bench_volatile_body v ON (v.c, v.h, v.k, v.ci) = (r.c, r.h, ch.k, ch.ci)`,
    );

    await step(
      'section counts',
      `INSERT INTO snapshot_section (snapshot_id, section_id, pass_count, fail_count, warn_count, unknown_count, manual_count, not_applicable_count)
       SELECT snapshot_id, section_id,
              count(*) FILTER (WHERE status = 'pass'), count(*) FILTER (WHERE status = 'fail'), count(*) FILTER (WHERE status = 'warn'),
              count(*) FILTER (WHERE status = 'unknown'), count(*) FILTER (WHERE status = 'manual'), count(*) FILTER (WHERE status = 'not-applicable')
       FROM control_result GROUP BY snapshot_id, section_id`,
    );
    await step(
      'scores',
      `UPDATE snapshot s SET score = t.score
       FROM (SELECT snapshot_id, sum(pass_count)::float8 / NULLIF(sum(pass_count + fail_count + warn_count + unknown_count), 0) AS score
             FROM snapshot_section GROUP BY snapshot_id) t
       WHERE t.snapshot_id = s.id`,
    );

    await step(
      're-create primary keys and indexes',
      [...keys.map((constraint) => `ALTER TABLE ${constraint.table} ADD CONSTRAINT ${quote(constraint.name)} ${constraint.definition}`), ...definitions.indexes.map((index) => index.definition)].join(';\n'),
    );
    await step('re-create foreign keys (validated)', foreignKeys.map((constraint) => `ALTER TABLE ${constraint.table} ADD CONSTRAINT ${quote(constraint.name)} ${constraint.definition}`).join(';\n'));
    // The status changes as the migration backfills them from an existing history (the collector
    // records them as it writes; here the results were loaded in bulk).
    await step('status changes (the migration\'s backfill)', readStatusChangesBackfillSql());
    await step('vacuum and analyze', `VACUUM (ANALYZE) cluster, snapshot, control_result, evidence, evidence_body, snapshot_section, control_status_change`);

    const { rows: counts } = await client.query<{ snapshots: string; results: string; evidence: string; bodies: string; status_changes: string; newest: Date }>(
      `SELECT (SELECT count(*) FROM snapshot) AS snapshots, (SELECT count(*) FROM control_result) AS results,
              (SELECT count(*) FROM evidence) AS evidence, (SELECT count(*) FROM evidence_body) AS bodies,
              (SELECT count(*) FROM control_status_change) AS status_changes, (SELECT max(taken_at) FROM snapshot) AS newest`,
    );
    const row = counts[0]!;
    return {
      snapshots: Number(row.snapshots),
      results: Number(row.results),
      evidence: Number(row.evidence),
      bodies: Number(row.bodies),
      statusChanges: Number(row.status_changes),
      steps,
      totalSeconds: (performance.now() - started) / 1000,
      newestTakenAt: row.newest,
    };
  } finally {
    await client.end();
  }
}
