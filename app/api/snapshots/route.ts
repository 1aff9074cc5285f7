// GET /api/snapshots — a cluster's snapshots, newest first · POST /api/snapshots — collect now
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-database';
import { getConfig } from '@/lib/config';
import { listSnapshots } from '@/lib/data/snapshots';
import { toHttpError } from '@/lib/http/data-errors';
import { parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { atParam, clusterParam } from '@/lib/http/params';
import { collectAllClusters } from '@/lib/snapshots/scheduler';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  cluster: clusterParam,
  from: atParam,
  to: atParam,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    const snapshots = await listSnapshots(await getAppDatabase(), { clusterName: query.cluster ?? getConfig().clusterName, from: query.from, to: query.to, limit: query.limit });
    return NextResponse.json({ snapshots }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toHttpError(error));
  }
}

export async function POST(): Promise<NextResponse> {
  try {
    const summaries = await collectAllClusters(await getAppDatabase(), getConfig());
    const snapshots = summaries.map((summary) => ({ id: summary.snapshotId, cluster: summary.clusterName, takenAt: summary.takenAt.toISOString(), score: summary.score, counts: summary.counts, sourceErrors: summary.sourceErrors }));
    return NextResponse.json({ snapshots }, { status: 201 });
  } catch (error) {
    return toErrorResponse(toHttpError(error));
  }
}
