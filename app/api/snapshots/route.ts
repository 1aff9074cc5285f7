// GET /api/snapshots — a cluster's snapshots, newest first · POST /api/snapshots — collect now (all clusters, or ?cluster=)
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import { listSnapshots } from '@/lib/data/snapshots';
import { HttpError, parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { atParam, clusterParam } from '@/lib/http/params';
import { collectAllClusters } from '@/lib/snapshots/scheduler';
import { UnknownClusterError } from '@/lib/snapshots/targets';
import { toSnapshotHttpError } from './snapshot-http-errors';
import { recordAuditEvent } from '@/lib/audit';
import { requirePermission } from '@/lib/auth/request-auth';

export const dynamic = 'force-dynamic';

const listQuerySchema = z.object({
  cluster: clusterParam,
  from: atParam,
  to: atParam,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const collectQuerySchema = z.object({ cluster: clusterParam });

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    await requirePermission(request, 'view');
    const query = parseSearchParams(listQuerySchema, request.nextUrl.searchParams);
    const snapshots = await listSnapshots(await getAppDatabase(), { clusterName: query.cluster ?? getConfig().clusterName, from: query.from, to: query.to, limit: query.limit });
    return NextResponse.json({ snapshots }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(toSnapshotHttpError(error));
  }
}

// A person asked: collect even if this interval has a snapshot, but never twice at once (the lock).
export async function POST(request: NextRequest): Promise<NextResponse> {
  try {
    const user = await requirePermission(request, 'collect');
    const query = parseSearchParams(collectQuerySchema, request.nextUrl.searchParams);
    await recordAuditEvent({ request, user, action: 'collect', target: query.cluster ?? 'all clusters' });
    const outcomes = await collectAllClusters(await getAppDatabase(), getConfig(), { clusterName: query.cluster, force: true });
    const collected = outcomes.flatMap((outcome) => (outcome.status === 'collected' ? [outcome.summary] : []));
    const skipped = outcomes.flatMap((outcome) => (outcome.status === 'skipped' ? [{ cluster: outcome.clusterName, reason: outcome.reason, message: outcome.message }] : []));
    const failed = outcomes.flatMap((outcome) => (outcome.status === 'failed' ? [outcome] : []));
    if (collected.length === 0 && skipped.length > 0) throw new HttpError(409, 'collection_running', skipped.map((item) => `${item.cluster}: ${item.message}`).join('; '));
    if (collected.length === 0 && failed[0]) throw failed[0].error;
    const snapshots = collected.map((summary) => ({
      id: summary.snapshotId,
      cluster: summary.clusterName,
      takenAt: summary.takenAt.toISOString(),
      sequence: summary.sequence,
      manifestHash: summary.manifestHash,
      score: summary.score,
      counts: summary.counts,
      sourceErrors: summary.sourceErrors,
    }));
    return NextResponse.json({ snapshots, skipped, failed: failed.map((outcome) => ({ cluster: outcome.clusterName, message: 'collection failed; the server log has the reason' })) }, { status: 201 });
  } catch (error) {
    if (error instanceof UnknownClusterError) return toErrorResponse(new HttpError(404, 'cluster_not_found', error.message));
    return toErrorResponse(toSnapshotHttpError(error));
  }
}
