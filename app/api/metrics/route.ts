// GET /api/metrics — Refmap's own metrics in Prometheus text format (bearer token when REFMAP_METRICS_TOKEN is set)
import { getAppDatabase } from '@/lib/app-context';
import { hasValidMetricsToken } from '@/lib/auth/request-auth';
import { errorResponse } from '@/lib/http/errors';
import { log } from '@/lib/log';
import { getMetrics, refreshSnapshotGauges } from '@/lib/metrics';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  if (!hasValidMetricsToken(request)) {
    return errorResponse(401, 'unauthenticated', 'a valid metrics bearer token is required');
  }
  try {
    await refreshSnapshotGauges(await getAppDatabase());
  } catch (error) {
    // process metrics are still worth serving when the database is down; the status gauges stay empty
    log.warn({ event: 'metrics.snapshot_gauges_failed', err: { message: (error as Error).message } }, 'could not read the newest snapshots for the metrics');
  }
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
}
