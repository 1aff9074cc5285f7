// GET /api/health — database reachability and the newest snapshot (no sign-in needed)
import { NextResponse } from 'next/server';
import { getAppDatabase } from '@/lib/app-context';
import { getConfig } from '@/lib/config';
import { readHealth } from '@/lib/data/health';
import { toErrorResponse } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

export async function GET(): Promise<NextResponse> {
  try {
    const health = await readHealth(getAppDatabase, getConfig().isDemo);
    // 503 only when the database is gone: a failing source is reported, not an outage of Refmap
    return NextResponse.json(health, { status: health.database.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
