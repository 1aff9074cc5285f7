// GET /api/attestations — attestations of a cluster (one control with ?control=) as they stood at ?at= · POST — record one (officers, admins)
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { recordAuditEvent } from '@/lib/audit';
import { requirePermission } from '@/lib/auth/request-auth';
import { getConfig } from '@/lib/config';
import { listAttestations, prepareAttestation, saveAttestation } from '@/lib/data/attestations';
import { parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { parseJsonBody } from '@/lib/http/json-body';
import { atParam, clusterParam, controlIdParam } from '@/lib/http/params';
import { toSignOffHttpError } from '@/lib/http/sign-off-errors';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ cluster: clusterParam, control: controlIdParam.optional(), at: atParam });

// a link for people to follow: http(s) only, and never with a password in it
// (zod still runs the refinement when z.url has already refused the value: guard new URL)
const evidenceUrl = z.url({ protocol: /^https?$/ }).max(2000).refine((value) => !URL.canParse(value) || (!new URL(value).username && !new URL(value).password), 'must not contain credentials');

const bodySchema = z.object({
  cluster: clusterParam,
  controlId: controlIdParam,
  statement: z.string().trim().min(10, 'say in a sentence how the control is met').max(4000),
  evidenceUrl,
  owner: z.string().trim().min(2).max(200),
  expiresAt: z.iso.datetime({ offset: true }).transform((value) => new Date(value)),
});

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    await requirePermission(request, 'view');
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const attestations = await listAttestations(await getAppDatabase(), { clusterName: query.cluster ?? getConfig().clusterName, controlId: query.control, at: query.at });
    return NextResponse.json({ attestations }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toSignOffHttpError(error));
  }
}

export async function POST(request: NextRequest): Promise<NextResponse> {
  try {
    const user = await requirePermission(request, 'attest');
    const { cluster, ...body } = await parseJsonBody(request, bodySchema);
    const database = await getAppDatabase();
    const prepared = await prepareAttestation(database, { ...body, clusterName: cluster ?? getConfig().clusterName }, { sub: user.sub, name: user.name });
    // recorded before it is saved: an attestation must never exist without its audit record
    await recordAuditEvent({ request, user, action: 'attest', target: prepared.controlId, details: { operation: 'record', id: prepared.id, cluster: prepared.clusterName, expiresAt: prepared.expiresAt.toISOString() } });
    const attestation = await saveAttestation(database, prepared);
    return NextResponse.json({ attestation }, { status: 201 });
  } catch (error) {
    return toErrorResponse(toSignOffHttpError(error));
  }
}
