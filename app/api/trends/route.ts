// GET /api/trends — score per section (and overall) over time, and time to remediate per control
import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getAppDatabase } from '@/lib/app-context';
import { requirePermission } from '@/lib/auth/request-auth';
import { getConfig } from '@/lib/config';
import { NoSuchSectionError, readTrends, TREND_BUCKETS } from '@/lib/data/trends';
import { toHttpError } from '@/lib/http/data-errors';
import { HttpError, parseSearchParams, toErrorResponse } from '@/lib/http/errors';
import { atParam, clusterParam } from '@/lib/http/params';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  cluster: clusterParam,
  section: z.string().regex(/^[0-9A-Za-z.-]{1,20}$/, 'must be a section id such as 2').optional(),
  from: atParam,
  to: atParam,
  bucket: z.enum(TREND_BUCKETS).optional(),
});

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    // the proxy checked already; a handler states what it needs, like the write routes
    await requirePermission(request, 'view');
    const query = parseSearchParams(querySchema, request.nextUrl.searchParams);
    if (query.from && query.to && query.from > query.to) throw new HttpError(400, 'bad_request', 'invalid parameter from: must not be after to');
    const trends = await readTrends(await getAppDatabase(), {
      clusterName: query.cluster ?? getConfig().clusterName,
      sectionId: query.section,
      from: query.from,
      to: query.to,
      bucket: query.bucket,
    });
    return NextResponse.json(trends, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    if (error instanceof NoSuchSectionError) return toErrorResponse(new HttpError(404, 'section_not_found', error.message));
    return toErrorResponse(toHttpError(error));
  }
}
