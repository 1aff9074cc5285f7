// GET /api/audit-window?cluster=&from=&to= — the snapshots an auditor samples in a date range, oldest first, and whether one bundle can hold them
import { NextResponse, type NextRequest } from 'next/server';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { getConfig } from '@/lib/config';
import { readAuditWindow } from '@/lib/data/report-data';
import { toHttpError } from '@/lib/http/data-errors';
import { parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { auditWindowQuerySchema, MAX_SNAPSHOTS_PER_BUNDLE } from '@/lib/reports/download';

export const dynamic = 'force-dynamic';

// the list itself is bounded too: a window this large is narrowed before anyone samples it
const MAX_LISTED = 1000;

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    await requirePermission(request, 'view');
    const query = parseSearchParams(auditWindowQuerySchema, request.nextUrl.searchParams);
    const window = await readAuditWindow(await getAppDatabase(), { clusterName: query.cluster ?? getConfig().clusterName, from: query.from, to: query.to, limit: MAX_LISTED });
    const bundle = new URLSearchParams({ cluster: window.cluster, from: window.from, to: window.to });
    return NextResponse.json(
      { ...window, maxSnapshotsPerBundle: MAX_SNAPSHOTS_PER_BUNDLE, bundle: { isAvailable: window.total > 0 && window.total <= MAX_SNAPSHOTS_PER_BUNDLE, href: `/api/audit-window/bundle.zip?${bundle}` } },
      { headers: { 'cache-control': 'no-store' } },
    );
  } catch (error) {
    return toErrorResponse(toHttpError(error));
  }
}
