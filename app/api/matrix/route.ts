// GET /api/matrix — latest (or as-of `at`) verdict per control for a cluster, by section
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { getConfig } from '@/lib/config';
import { readMatrix } from '@/lib/data/matrix';
import { toHttpError } from '@/lib/http/data-errors';
import { parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { atParam, clusterParam } from '@/lib/http/params';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ cluster: clusterParam, at: atParam });

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    // the proxy checked already; a handler states what it needs, like the write routes
    await requirePermission(request, 'view');
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const matrix = await readMatrix(await getAppDatabase(), query.cluster ?? getConfig().clusterName, query.at);
    return NextResponse.json(matrix, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toHttpError(error));
  }
}
