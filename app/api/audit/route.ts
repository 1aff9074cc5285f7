// GET /api/audit — the audit trail, newest first, filtered by from, to, actor, action; paginated (auditors, admins)
import { NextResponse, type NextRequest } from 'next/server';
import { getAppDatabase } from '@/lib/app-context';
import { listAuditEvents } from '@/lib/audit';
import { auditQuerySchema } from '@/lib/audit/audit-query';
import { requirePermission } from '@/lib/auth/request-auth';
import { parseSearchParams, toErrorResponse } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    await requirePermission(request, 'audit.read');
    const query = parseSearchParams(auditQuerySchema, request.nextUrl.searchParams);
    const page = await listAuditEvents(await getAppDatabase(), query);
    return NextResponse.json(page, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
