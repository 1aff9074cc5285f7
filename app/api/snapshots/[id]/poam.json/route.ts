// GET /api/snapshots/{id}/poam.json — the snapshot's open items as an OSCAL 1.1.2 POA&M (eMASS and RMF tooling); auditors and admins
import type { NextRequest } from 'next/server';
import { toErrorResponse } from '@/lib/http/errors';
import { sendJsonExport } from '@/lib/reports/download';
import { renderOscalPoamJson } from '@/lib/reports/poam';
import { toSnapshotHttpError } from '../../snapshot-http-errors';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    return await sendJsonExport(request, params, { format: 'poam', extension: 'poam.json', render: renderOscalPoamJson });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
