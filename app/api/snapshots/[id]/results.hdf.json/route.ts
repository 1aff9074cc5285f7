// GET /api/snapshots/{id}/results.hdf.json — the snapshot in the Heimdall Data Format (Heimdall, SAF CLI, STIG Viewer via hdf2ckl); auditors and admins
import type { NextRequest } from 'next/server';
import { toErrorResponse } from '@/lib/http/errors';
import { sendJsonExport } from '@/lib/reports/download';
import { renderHdfJson } from '@/lib/reports/hdf';
import { toSnapshotHttpError } from '../../snapshot-http-errors';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    return await sendJsonExport(request, params, { format: 'hdf', extension: 'hdf.json', render: renderHdfJson });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
