// DELETE /api/waivers/{id} — revoke a waiver: records who, when and why; nothing is deleted (officers, admins)
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { recordAuditEvent } from '@/lib/audit';
import { requirePermission } from '@/lib/auth/request-auth';
import { findRevocableWaiver, revokeWaiver } from '@/lib/data/waivers';
import { HttpError, toErrorResponse } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/json-body';
import { toSignOffHttpError } from '@/lib/http/sign-off-errors';

export const dynamic = 'force-dynamic';

const idParam = z.uuid('must be a waiver id (a UUID)');
const bodySchema = z.object({ reason: z.string().trim().min(1).max(2000).optional() });

export async function DELETE(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    const user = await requirePermission(request, 'waive');
    const id = idParam.safeParse((await params).id);
    if (!id.success) throw new HttpError(400, 'bad_request', `invalid waiver id: ${id.error.issues[0]?.message ?? 'invalid'}`);
    const { reason } = await parseJsonBody(request, bodySchema);
    const database = await getAppDatabase();
    const current = await findRevocableWaiver(database, id.data);
    await recordAuditEvent({ request, user, action: 'waive', target: current.controlId, details: { operation: 'revoke', id: current.id, cluster: current.cluster, reason: reason ?? null } });
    const waiver = await revokeWaiver(database, id.data, { sub: user.sub, name: user.name }, reason ?? null);
    return NextResponse.json({ waiver });
  } catch (error) {
    return toErrorResponse(toSignOffHttpError(error));
  }
}
