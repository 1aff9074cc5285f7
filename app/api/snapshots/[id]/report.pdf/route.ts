// GET /api/snapshots/{id}/report.pdf — the snapshot's evidence report as a PDF (?section= for one section's controls); auditors and admins
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { downloadHeaders, exportFileName, parseSnapshotId, recordDownload, reportOptionsFor } from '@/lib/reports/download';
import { renderReportPdf } from '@/lib/reports/pdf';
import { loadReportModel } from '@/lib/reports/report-model';
import { toSnapshotHttpError } from '../../snapshot-http-errors';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ section: z.enum(['1', '2', '3', '4', '5']).optional() });

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    const snapshotId = await parseSnapshotId(params);
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const user = await requirePermission(request, 'download');
    const model = await loadReportModel(await getAppDatabase(), snapshotId, reportOptionsFor(user));
    const pdf = await renderReportPdf(model, { sectionId: query.section });
    await recordDownload(request, user, snapshotId, { format: 'pdf', cluster: model.snapshot.cluster, section: query.section ?? 'all' });
    const fileName = exportFileName(model.snapshot, query.section ? `section-${query.section}.pdf` : 'pdf');
    return new NextResponse(new Uint8Array(pdf), { headers: downloadHeaders(fileName, 'application/pdf', pdf.byteLength) });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
