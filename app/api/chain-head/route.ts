// GET /api/chain-head?cluster= — the head of each cluster's hash chain, for an external witness (metrics bearer token)
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { hasValidMetricsToken } from '@/lib/auth/request-auth';
import { errorResponse, parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { clusterParam } from '@/lib/http/params';
import { readChainHeads } from '@/lib/snapshots/chain-head';

export const dynamic = 'force-dynamic';

const querySchema = z.object({ cluster: clusterParam });

export async function GET(request: NextRequest): Promise<NextResponse> {
  if (!hasValidMetricsToken(request)) return errorResponse(401, 'unauthenticated', 'a valid metrics bearer token is required');
  try {
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const heads = await readChainHeads(await getAppDatabase(), query.cluster);
    return NextResponse.json({ heads }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
