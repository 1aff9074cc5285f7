// GET /api/audit-window/bundle.zip?cluster=&from=&to= — one evidence bundle for every snapshot in a date range (a folder each, one MANIFEST.json; streamed); auditors and admins
import { NextResponse, type NextRequest } from 'next/server';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { getConfig } from '@/lib/config';
import { readAuditWindow } from '@/lib/data/report-data';
import { toHttpError } from '@/lib/http/data-errors';
import { HttpError, parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { auditWindowQuerySchema, downloadHeaders, MAX_SNAPSHOTS_PER_BUNDLE, recordDownload, streamWindowBundle, windowFileName } from '@/lib/reports/download';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    const user = await requirePermission(request, 'download');
    const query = parseSearchParams(auditWindowQuerySchema, request.nextUrl.searchParams);
    const database = await getAppDatabase();
    const window = await readAuditWindow(database, { clusterName: query.cluster ?? getConfig().clusterName, from: query.from, to: query.to, limit: MAX_SNAPSHOTS_PER_BUNDLE });
    if (window.total > MAX_SNAPSHOTS_PER_BUNDLE) {
      throw new HttpError(400, 'too_many_snapshots', `the range holds ${window.total} snapshots of ${window.cluster}; one bundle takes at most ${MAX_SNAPSHOTS_PER_BUNDLE}: narrow from/to`);
    }
    if (window.total === 0) throw new HttpError(404, 'no_snapshots', `cluster ${window.cluster} has no snapshot between ${window.from} and ${window.to}`);
    await recordDownload(request, user, `${window.cluster} ${window.from}..${window.to}`, { format: 'bundle', cluster: window.cluster, from: window.from, to: window.to, snapshots: window.total });
    return new NextResponse(streamWindowBundle(database, window, user), { headers: downloadHeaders(windowFileName(window), 'application/zip') });
  } catch (error) {
    return toErrorResponse(toHttpError(error));
  }
}
