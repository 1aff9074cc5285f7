// GET /api/waivers — waivers of a cluster (one control with ?control=) as they stood at ?at= · POST — record one (officers, admins)
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { recordAuditEvent } from '@/lib/audit';
import { requirePermission } from '@/lib/auth/request-auth';
import { getConfig } from '@/lib/config';
import { listWaivers, prepareWaiver, saveWaiver } from '@/lib/data/waivers';
import { parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/json-body';
import { atParam, clusterParam, controlIdParam } from '@/lib/http/params';
import { toSignOffHttpError } from '@/lib/http/sign-off-errors';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ cluster: clusterParam, control: controlIdParam.optional(), at: atParam });

const bodySchema = z.object({
  cluster: clusterParam,
  controlId: controlIdParam,
  risk: z.string().trim().min(10, 'say in a sentence which risk is accepted').max(4000),
  reason: z.string().trim().min(10, 'say in a sentence why the risk is acceptable').max(4000),
  owner: z.string().trim().min(2).max(200),
  expiresAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
});

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    await requirePermission(request, 'view');
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const waivers = await listWaivers(await getAppDatabase(), { clusterName: query.cluster ?? getConfig().clusterName, controlId: query.control, at: query.at });
    return NextResponse.json({ waivers }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toSignOffHttpError(error));
  }
}

export async function POST(request: NextRequest): Promise<NextResponse> {
  try {
    const user = await requirePermission(request, 'waive');
    const { cluster, ...body } = await parseJsonBody(request, bodySchema);
    const database = await getAppDatabase();
    const prepared = await prepareWaiver(database, { ...body, clusterName: cluster ?? getConfig().clusterName }, { sub: user.sub, name: user.name });
    // recorded before it is saved: a waiver must never exist without its audit record
    await recordAuditEvent({ request, user, action: 'waive', target: prepared.controlId, details: { operation: 'record', id: prepared.id, cluster: prepared.clusterName, expiresAt: prepared.expiresAt.toISOString() } });
    const waiver = await saveWaiver(database, prepared);
    return NextResponse.json({ waiver }, { status: 201 });
  } catch (error) {
    return toErrorResponse(toSignOffHttpError(error));
  }
}
