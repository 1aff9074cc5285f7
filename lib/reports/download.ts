import 'server-only';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { recordAuditEvent, type AuditDetails } from '@/lib/audit/record-audit-event';
import { requirePermission } from '@/lib/auth/request-auth';
import type { SessionUser } from '@/lib/auth/session';
import { activeControls } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import type { AuditWindow } from '@/lib/data/report-data';
import type { Database } from '@/lib/db';
import { HttpError } from '@/lib/http/errors';
import { clusterParam, timeParam } from '@/lib/http/params';
import { REFMAP_VERSION } from '@/lib/version';
import { snapshotBundleFiles, snapshotFolder, streamEvidenceBundle } from './bundle';
import { loadReportModel, type ReportModel, type ReportModelOptions } from './report-model';

/** What the download routes share: parsing the snapshot id, file names and headers, the audit record. */

/** A date-range bundle renders every snapshot's PDF: this keeps one download within about a minute. */
export const MAX_SNAPSHOTS_PER_BUNDLE = 50;

const snapshotIdParam = z.uuid('must be a snapshot id (a UUID)');


/** `?cluster=&from=&to=` of the audit window (both ends included). */
export const auditWindowQuerySchema = z
  .object({ cluster: clusterParam, from: timeParam, to: timeParam })
  // (zod still runs this when from or to was refused: compare only two dates)
  .refine((query) => !(query.from instanceof Date && query.to instanceof Date) || query.from.getTime() <= query.to.getTime(), { message: 'must not be before from', path: ['to'] });

/** `refmap-demo-20260601T000000Z-20260630T235959Z.zip` */
export function windowFileName(window: AuditWindow): string {
  const compact = (iso: string) => iso.replace(/\.\d+Z$/, 'Z').replaceAll(/[-:]/g, '');
  return `refmap-${window.cluster}-${compact(window.from)}-${compact(window.to)}.zip`;
}

export async function parseSnapshotId(params: Promise<{ id: string }>): Promise<string> {
  const id = snapshotIdParam.safeParse((await params).id);
  if (!id.success) throw new HttpError(400, 'bad_request', `invalid snapshot id: ${id.error.issues[0]?.message ?? 'invalid'}`);
  return id.data;
}

/** The report options for a signed-in user: who downloads, and the catalog the server runs with. */
export function reportOptionsFor(user: SessionUser): ReportModelOptions {
  return { downloadedBy: { sub: user.sub, name: user.name, roles: user.roles }, controls: activeControls() };
}

/** `refmap-demo-20260601T120000Z-0199abcd.pdf`: cluster, time and id, sortable in a folder. */
export function exportFileName(snapshot: { cluster: string; takenAt: string; id: string }, extension: string): string {
  const time = snapshot.takenAt.replace(/\.\d+Z$/, 'Z').replaceAll(/[-:]/g, '');
  return `refmap-${snapshot.cluster}-${time}-${snapshot.id.slice(0, 8)}.${extension}`;
}

export function downloadHeaders(fileName: string, contentType: string, size?: number): Headers {
  const headers = new Headers({
    'content-type': contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (size !== undefined) headers.set('content-length', String(size));
  return headers;
}

/** Every download goes into the audit trail before any byte is sent; if it cannot be recorded, nothing is. */
export function recordDownload(request: Request, user: SessionUser, target: string, details: AuditDetails): Promise<void> {
  return recordAuditEvent({ request, user, action: 'download', target, details });
}

/** The zip of one snapshot, signed with the server's key when it has one. */
export function streamSnapshotBundle(model: ReportModel): ReadableStream<Uint8Array> {
  async function* parts() {
    yield snapshotBundleFiles(model, '');
  }
  return streamEvidenceBundle(parts(), {
    generatedAt: model.download.at,
    generatedBy: model.download.by,
    refmapVersion: REFMAP_VERSION,
    scope: { kind: 'snapshot', snapshotId: model.snapshot.id },
    signingKeyPem: getConfig().signingKeyPem,
  });
}

/** The zip of every snapshot in an audit window, one folder each, each read when the client wants it. */
export function streamWindowBundle(database: Database, window: AuditWindow, user: SessionUser): ReadableStream<Uint8Array> {
  const options = reportOptionsFor(user);
  const generatedAt = new Date();
  async function* parts() {
    for (const snapshot of window.snapshots) {
      const model = await loadReportModel(database, snapshot.id, { ...options, downloadedAt: generatedAt });
      yield snapshotBundleFiles(model, snapshotFolder(snapshot.takenAt, snapshot.id));
    }
  }
  return streamEvidenceBundle(parts(), {
    generatedAt: generatedAt.toISOString(),
    generatedBy: options.downloadedBy,
    refmapVersion: REFMAP_VERSION,
    scope: { kind: 'window', cluster: window.cluster, from: window.from, to: window.to },
    signingKeyPem: getConfig().signingKeyPem,
  });
}

/** A one-file JSON export of a snapshot: its audit name, file extension and renderer. */
export interface JsonExport {
  format: string;
  extension: string;
  render(model: ReportModel): string;
}

/**
 * The JSON export routes (HDF, POA&M): parse the id, authorise, render, record the download, send.
 * Throws HttpError or NoSuchSnapshotError for the route to answer with.
 */
export async function sendJsonExport(request: Request, params: Promise<{ id: string }>, jsonExport: JsonExport): Promise<Response> {
  const snapshotId = await parseSnapshotId(params);
  const user = await requirePermission(request, 'download');
  const model = await loadReportModel(await getAppDatabase(), snapshotId, reportOptionsFor(user));
  const json = Buffer.from(jsonExport.render(model), 'utf8');
  await recordDownload(request, user, snapshotId, { format: jsonExport.format, cluster: model.snapshot.cluster });
  const headers = downloadHeaders(exportFileName(model.snapshot, jsonExport.extension), 'application/json; charset=utf-8', json.byteLength);
  return new Response(new Uint8Array(json), { headers });
}
