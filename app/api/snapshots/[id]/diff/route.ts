// GET /api/snapshots/{id}/diff?against={id} — controls whose status changed and evidence whose content changed (default: against the previous snapshot)
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { diffSnapshots } from '@/lib/data/snapshots';
import { HttpError, parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { toSnapshotHttpError } from '../../snapshot-http-errors';

export const dynamic = 'force-dynamic';

const snapshotIdParam = z.uuid('must be a snapshot id (a UUID)');
const querySchema = z.object({ against: snapshotIdParam.optional() });

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    // the proxy checked already; a handler states what it needs, like the write routes
    await requirePermission(request, 'view');
    const id = snapshotIdParam.safeParse((await params).id);
    if (!id.success) throw new HttpError(400, 'bad_request', `invalid snapshot id: ${id.error.issues[0]?.message ?? 'invalid'}`);
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const diff = await diffSnapshots(await getAppDatabase(), id.data, query.against);
    return NextResponse.json(diff, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
