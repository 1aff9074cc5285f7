// GET /api/snapshots/{id}/bundle.zip — the snapshot's evidence bundle: PDF, CSV, OSCAL, raw evidence, manifest, MANIFEST.json (streamed); auditors and admins
import { NextResponse, type NextRequest } from 'next/server';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { toErrorResponse } from '@/lib/http/errors';
import { downloadHeaders, exportFileName, parseSnapshotId, recordDownload, reportOptionsFor, streamSnapshotBundle } from '@/lib/reports/download';
import { loadReportModel } from '@/lib/reports/report-model';
import { toSnapshotHttpError } from '../../snapshot-http-errors';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    const snapshotId = await parseSnapshotId(params);
    const user = await requirePermission(request, 'download');
    // read before answering, so that an unknown snapshot is a 404 and not a broken zip
    const model = await loadReportModel(await getAppDatabase(), snapshotId, reportOptionsFor(user));
    await recordDownload(request, user, snapshotId, { format: 'bundle', cluster: model.snapshot.cluster });
    return new NextResponse(streamSnapshotBundle(model), { headers: downloadHeaders(exportFileName(model.snapshot, 'zip'), 'application/zip') });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
