// GET /api/snapshots/{id}/oscal.json — the snapshot as OSCAL 1.1.2 assessment results; auditors and admins
import { NextResponse, type NextRequest } from 'next/server';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { toErrorResponse } from '@/lib/http/errors';
import { downloadHeaders, exportFileName, parseSnapshotId, recordDownload, reportOptionsFor } from '@/lib/reports/download';
import { renderOscalJson } from '@/lib/reports/oscal';
import { loadReportModel } from '@/lib/reports/report-model';
import { toSnapshotHttpError } from '../../snapshot-http-errors';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    const snapshotId = await parseSnapshotId(params);
    const user = await requirePermission(request, 'download');
    const model = await loadReportModel(await getAppDatabase(), snapshotId, reportOptionsFor(user));
    const json = Buffer.from(renderOscalJson(model), 'utf8');
    await recordDownload(request, user, snapshotId, { format: 'oscal', cluster: model.snapshot.cluster });
    const headers = downloadHeaders(exportFileName(model.snapshot, 'oscal.json'), 'application/json; charset=utf-8', json.byteLength);
    return new NextResponse(new Uint8Array(json), { headers });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
