// GET /api/snapshots/{id} — one snapshot: its seal (sequence, manifest hash, signature), section counts, results and evidence
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { readSnapshot } from '@/lib/data/snapshots';
import { HttpError, toErrorResponse } from '@/lib/http/errors';
import { toSnapshotHttpError } from '../snapshot-http-errors';

export const dynamic = 'force-dynamic';

const snapshotIdParam = z.uuid('must be a snapshot id (a UUID)');

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    // the proxy checked already; a handler states what it needs, like the write routes
    await requirePermission(request, 'view');
    const id = snapshotIdParam.safeParse((await params).id);
    if (!id.success) throw new HttpError(400, 'bad_request', `invalid snapshot id: ${id.error.issues[0]?.message ?? 'invalid'}`);
    const snapshot = await readSnapshot(await getAppDatabase(), id.data);
    return NextResponse.json(snapshot, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
