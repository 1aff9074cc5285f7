// GET /api/snapshots/{id}/results.csv — one row per control × check of the snapshot (RFC 4180); auditors and admins
import { NextResponse, type NextRequest } from 'next/server';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { toErrorResponse } from '@/lib/http/errors';
import { renderResultsCsv } from '@/lib/reports/csv';
import { downloadHeaders, exportFileName, parseSnapshotId, recordDownload, reportOptionsFor } from '@/lib/reports/download';
import { loadReportModel } from '@/lib/reports/report-model';
import { toSnapshotHttpError } from '../../snapshot-http-errors';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    const snapshotId = await parseSnapshotId(params);
    const user = await requirePermission(request, 'download');
    const model = await loadReportModel(await getAppDatabase(), snapshotId, reportOptionsFor(user));
    const csv = Buffer.from(renderResultsCsv(model), 'utf8');
    await recordDownload(request, user, snapshotId, { format: 'csv', cluster: model.snapshot.cluster });
    const headers = downloadHeaders(exportFileName(model.snapshot, 'csv'), 'text/csv; charset=utf-8; header=present', csv.byteLength);
    return new NextResponse(new Uint8Array(csv), { headers });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
