// GET /api/controls/{id} — one control: requirement, checks with queries, evidence, offenders, history
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-database';
import { getConfig } from '@/lib/config';
import { readControlDetail } from '@/lib/data/control-detail';
import { toHttpError } from '@/lib/http/data-errors';
import { HttpError, parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { atParam, clusterParam, controlIdParam } from '@/lib/http/params';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ cluster: clusterParam, at: atParam });

export async function GET(request: NextRequest, { params }: { params: Promise<{ id: string }> }): Promise<NextResponse> {
  try {
    const { id } = await params;
    const controlId = controlIdParam.safeParse(id);
    if (!controlId.success) throw new HttpError(400, 'bad_request', `invalid control id: ${controlId.error.issues[0]?.message ?? 'invalid'}`);
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const detail = await readControlDetail(await getAppDatabase(), query.cluster ?? getConfig().clusterName, controlId.data, query.at);
    return NextResponse.json(detail, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toHttpError(error));
  }
}
