import { generateKeyPairSync } from 'node:crypto';
import type pg from 'pg';
import type * as BundleExports from '@/lib/reports/bundle';
import { openDatabase, type Database } from '@/lib/db';
import type { ReportModel } from '@/lib/reports/report-model';
import { loadAverage } from './machine';
import { connectClient, type PostgresServer } from './postgres-server';
import { formatBytes, formatMs, summarize, timeRepeatedly, type Summary } from './stats';

/**
 * Part 3: the exports of one full snapshot (the last one the collection part stored from the
 * fleet-scale demo cluster), through lib/reports exactly as the download routes use it:
 * loadReportModel → renderReportPdf / renderResultsCsv / renderOscalJson, and the evidence bundle
 * (snapshotBundleFiles → streamEvidenceBundle) checked by verifyBundle.
 */

const RECIPIENT = { sub: 'local:bench', name: 'Benchmark', roles: ['auditor'] };

export interface ExportMeasurement {
  name: string;
  label: string;
  targetMs?: number;
  summary?: Summary;
  /** why it was not measured */
  notMeasured?: string;
  note?: string;
}

export interface ExportsResult {
  snapshot: { id: string; cluster: string; results: number; evidence: number; bodies: number; bodyBytes: number };
  measurements: ExportMeasurement[];
  load: string;
}

/** The lib/reports functions the part needs; each missing one is named instead of failing the run. */
interface ReportFunctions {
  loadReportModel?: (database: Database, snapshotId: string, options: { downloadedBy: typeof RECIPIENT }) => Promise<ReportModel>;
  renderReportPdf?: (model: ReportModel) => Promise<Uint8Array>;
  renderResultsCsv?: (model: ReportModel) => string;
  renderOscalJson?: (model: ReportModel) => string;
  buildBundle?: (model: ReportModel) => Promise<Uint8Array>;
  verifyBundle?: (zip: Uint8Array) => { isIntact: boolean; fileCount: number; isManifestSigned: boolean; snapshots: { isSigned: boolean }[]; problems: unknown[] };
  missing: string[];
}

/** Imports one module of lib/reports, or notes why it could not be. */
async function importOrNote<T>(path: string, load: () => Promise<T>, missing: string[]): Promise<T | undefined> {
  try {
    return await load();
  } catch (error) {
    missing.push(`${path}: ${(error as Error).message.split('\n')[0]}`);
    return undefined;
  }
}

type BundleModule = typeof BundleExports;

const BUNDLE_SIGNING_KEY_PEM = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** What streamSnapshotBundle (lib/reports/download.ts) does, without the server's configuration; the zip read to its end. */
async function buildBundle(model: ReportModel, snapshotBundleFiles: BundleModule['snapshotBundleFiles'], streamEvidenceBundle: BundleModule['streamEvidenceBundle']): Promise<Uint8Array> {
  async function* parts() {
    yield snapshotBundleFiles(model, '');
  }
  const stream = streamEvidenceBundle(parts(), {
    generatedAt: model.download.at,
    generatedBy: model.download.by,
    refmapVersion: model.download.refmapVersion,
    scope: { kind: 'snapshot', snapshotId: model.snapshot.id },
    // signed, as a server with REFMAP_SIGNING_KEY_FILE signs it
    signingKeyPem: BUNDLE_SIGNING_KEY_PEM,
  });
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function loadReportFunctions(): Promise<ReportFunctions> {
  const missing: string[] = [];
  const model = await importOrNote('lib/reports/report-model.ts', () => import('@/lib/reports/report-model'), missing);
  const pdf = await importOrNote('lib/reports/pdf.ts', () => import('@/lib/reports/pdf'), missing);
  const csv = await importOrNote('lib/reports/csv.ts', () => import('@/lib/reports/csv'), missing);
  const oscal = await importOrNote('lib/reports/oscal.ts', () => import('@/lib/reports/oscal'), missing);
  const bundle = await importOrNote('lib/reports/bundle.ts', () => import('@/lib/reports/bundle'), missing);
  const verify = await importOrNote('lib/reports/verify-bundle.ts', () => import('@/lib/reports/verify-bundle'), missing);
  const streamEvidenceBundle = bundle?.streamEvidenceBundle;
  const snapshotBundleFiles = bundle?.snapshotBundleFiles;
  return {
    loadReportModel: model?.loadReportModel,
    renderReportPdf: pdf?.renderReportPdf,
    renderResultsCsv: csv?.renderResultsCsv,
    renderOscalJson: oscal?.renderOscalJson,
    buildBundle: streamEvidenceBundle && snapshotBundleFiles ? (model) => buildBundle(model, snapshotBundleFiles, streamEvidenceBundle) : undefined,
    verifyBundle: verify?.verifyBundle,
    missing,
  };
}

async function describeSnapshot(client: pg.Client, snapshotId: string | undefined): Promise<ExportsResult['snapshot']> {
  const { rows } = await client.query<{ id: string; cluster: string; results: string; evidence: string; bodies: string; body_bytes: string }>(
    `WITH target AS (
       SELECT s.id, c.name AS cluster FROM snapshot s JOIN cluster c ON c.id = s.cluster_id
       WHERE $1::uuid IS NULL OR s.id = $1::uuid ORDER BY s.taken_at DESC LIMIT 1
     )
     SELECT t.id, t.cluster,
            (SELECT count(*) FROM control_result r WHERE r.snapshot_id = t.id) AS results,
            (SELECT count(*) FROM evidence e JOIN control_result r ON r.id = e.control_result_id WHERE r.snapshot_id = t.id) AS evidence,
            (SELECT count(DISTINCT e.body_sha256) FROM evidence e JOIN control_result r ON r.id = e.control_result_id WHERE r.snapshot_id = t.id) AS bodies,
            (SELECT sum(octet_length(b.json)) FROM evidence_body b WHERE b.sha256 IN (
               SELECT e.body_sha256 FROM evidence e JOIN control_result r ON r.id = e.control_result_id WHERE r.snapshot_id = t.id)) AS body_bytes
     FROM target t`,
    [snapshotId ?? null],
  );
  const row = rows[0];
  if (!row) throw new Error('no snapshot to export: the collection part stores the one this part exports (run it, or all parts)');
  return { id: row.id, cluster: row.cluster, results: Number(row.results), evidence: Number(row.evidence), bodies: Number(row.bodies), bodyBytes: Number(row.body_bytes) };
}

export async function runExports(options: { server: PostgresServer; database: string; snapshotId?: string; workDir: string }): Promise<ExportsResult> {
  const databaseUrl = options.server.databaseUrl(options.database);
  const client = await connectClient(databaseUrl);
  let snapshot: ExportsResult['snapshot'];
  try {
    snapshot = await describeSnapshot(client, options.snapshotId);
  } finally {
    await client.end();
  }
  console.error(`[exports] snapshot ${snapshot.id} of ${snapshot.cluster}: ${snapshot.results} results, ${snapshot.evidence} evidence items, ${formatBytes(snapshot.bodyBytes)} of bodies`);

  const reports = await loadReportFunctions();
  const database = await openDatabase({ databaseUrl, dataDir: '' });
  const measurements: ExportMeasurement[] = [];
  try {
    const measure = async (
      measurement: Omit<ExportMeasurement, 'summary' | 'note'>,
      runs: number,
      isReady: boolean,
      work: () => Promise<string>,
      notMeasured: string,
    ) => {
      if (!isReady) {
        measurements.push({ ...measurement, notMeasured });
        console.error(`[exports] ${measurement.name}: not measured (${notMeasured})`);
        return;
      }
      // one untimed call: modules, fonts and connections ready, as in a running server
      const note = await work();
      const summary = summarize(await timeRepeatedly(runs, work));
      measurements.push({ ...measurement, summary, note });
      console.error(`[exports] ${measurement.name}: median ${formatMs(summary.median)}, p95 ${formatMs(summary.p95)} (${note})`);
    };
    const { loadReportModel, renderReportPdf, renderResultsCsv, renderOscalJson, buildBundle, verifyBundle } = reports;
    const missingNote = (...names: string[]) => `lib/reports has no ${names.join(' / ')} yet${reports.missing.length > 0 ? ` (${reports.missing.join('; ')})` : ''}`;
    const load = () => loadReportModel!(database, snapshot.id, { downloadedBy: RECIPIENT });
    const model = loadReportModel ? await load() : undefined;

    await measure({ name: 'model', label: 'report model: `loadReportModel` (one read of the snapshot, integrity check, sign-offs)' }, 20, model !== undefined, async () => {
      const loaded = await load();
      return `${loaded.controls.length} controls, integrity ${loaded.integrity.isIntact ? 'intact' : 'BROKEN'}`;
    }, missingNote('loadReportModel'));
    await measure({ name: 'pdf', label: 'PDF: `loadReportModel` + `renderReportPdf`', targetMs: 2000 }, 8, model !== undefined && renderReportPdf !== undefined, async () => {
      const pdf = await renderReportPdf!(await load());
      return formatBytes(pdf.byteLength);
    }, missingNote('loadReportModel', 'renderReportPdf'));
    await measure({ name: 'csv', label: 'CSV: `loadReportModel` + `renderResultsCsv`', targetMs: 300 }, 20, model !== undefined && renderResultsCsv !== undefined, async () => {
      const csv = renderResultsCsv!(await load());
      return `${formatBytes(Buffer.byteLength(csv))}, ${csv.split('\n').length - 1} lines`;
    }, missingNote('loadReportModel', 'renderResultsCsv'));
    await measure({ name: 'oscal', label: 'OSCAL: `loadReportModel` + `renderOscalJson`', targetMs: 300 }, 20, model !== undefined && renderOscalJson !== undefined, async () => {
      const oscal = renderOscalJson!(await load());
      return formatBytes(Buffer.byteLength(oscal));
    }, missingNote('loadReportModel', 'renderOscalJson'));
    let zip: Uint8Array | undefined;
    await measure({ name: 'bundle', label: 'bundle: `loadReportModel` + `snapshotBundleFiles` + `streamEvidenceBundle` (zip read to the end)' }, 8, model !== undefined && buildBundle !== undefined, async () => {
      zip = await buildBundle!(await load());
      return formatBytes(zip.byteLength);
    }, missingNote('loadReportModel', 'snapshotBundleFiles', 'streamEvidenceBundle'));
    await measure({ name: 'verify', label: 'verify the bundle: `verifyBundle` (every file, body, evidence, result and manifest hash)' }, 8, zip !== undefined && verifyBundle !== undefined, async () => {
      const report = verifyBundle!(zip!);
      if (!report.isIntact) throw new Error(`the bundle does not verify: ${JSON.stringify(report.problems.slice(0, 3))}`);
      const signatures = [report.isManifestSigned ? 'manifest signed' : 'manifest unsigned', ...report.snapshots.map((entry) => (entry.isSigned ? 'snapshot signed' : 'snapshot unsigned'))];
      return `${report.fileCount} files, intact, ${signatures.join(', ')}`;
    }, zip === undefined ? 'no bundle was built' : missingNote('verifyBundle'));
  } finally {
    await database.close();
  }
  return { snapshot, measurements, load: loadAverage() };
}

function verdict(measurement: ExportMeasurement): string {
  if (measurement.targetMs === undefined || !measurement.summary) return '';
  if (measurement.summary.p95 < measurement.targetMs) return `met (< ${formatMs(measurement.targetMs)})`;
  return `**missed** (target < ${formatMs(measurement.targetMs)}: ${(measurement.summary.p95 / measurement.targetMs).toFixed(1)} ×)`;
}

export function renderExports(result: ExportsResult): string {
  const { snapshot } = result;
  return [
    '## 3. Exports of a full snapshot',
    '',
    `The last snapshot the collection part stored (cluster \`${snapshot.cluster}\`, ${snapshot.results} results, ${snapshot.evidence} evidence items,`,
    `${snapshot.bodies} distinct bodies, ${formatBytes(snapshot.bodyBytes)} of body JSON — offender lists capped by the catalog; signed with an Ed25519 key,`,
    "as is the bundle's manifest), exported through `lib/reports` as the download routes do.",
    'Every timing includes `loadReportModel` (reading the snapshot and checking its hashes), as a download does;',
    `the first row shows that part alone. Load average after the part: ${result.load}.`,
    '',
    '| export | median | p95 | max | target (p95) | output |',
    '|---|---:|---:|---:|---|---|',
    ...result.measurements.map((measurement) =>
      measurement.summary
        ? `| ${measurement.label} | ${formatMs(measurement.summary.median)} | ${formatMs(measurement.summary.p95)} | ${formatMs(measurement.summary.max)} | ${verdict(measurement)} | ${measurement.note ?? ''} |`
        : `| ${measurement.label} | not measured: ${measurement.notMeasured} | | | | |`,
    ),
  ].join('\n');
}
