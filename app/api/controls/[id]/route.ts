// GET /api/controls/{id} — one control: requirement, checks with queries, evidence, offenders, history, attestations and waivers
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { getConfig } from '@/lib/config';
import { readControlDetail } from '@/lib/data/control-detail';
import { readControlSignOffs } from '@/lib/data/control-sign-offs';
import { toHttpError } from '@/lib/http/data-errors';
import { HttpError, parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { atParam, clusterParam, controlIdParam } from '@/lib/http/params';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ cluster: clusterParam, at: atParam });

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    // the proxy checked already; a handler states what it needs, like the write routes
    await requirePermission(request, 'view');
    const { id } = await params;
    const controlId = controlIdParam.safeParse(id);
    if (!controlId.success) throw new HttpError(400, 'bad_request', `invalid control id: ${controlId.error.issues[0]?.message ?? 'invalid'}`);
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const database = await getAppDatabase();
    const clusterName = query.cluster ?? getConfig().clusterName;
    const detail = await readControlDetail(database, clusterName, controlId.data, query.at);
    // attestations and waivers as they stood at the time looked at; they never change the automated status
    const signOffs = await readControlSignOffs(database, clusterName, controlId.data, query.at);
    return NextResponse.json({ ...detail, ...signOffs }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toHttpError(error));
  }
}
