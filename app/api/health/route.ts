// GET /api/health — database reachability and the newest snapshot (no sign-in needed; details only with a session)
import { NextResponse } from 'next/server';
import { getAppDatabase } from '@/lib/app-context';
import { readSession } from '@/lib/auth/request-auth';
import { getConfig } from '@/lib/config';
import { readHealth, toAnonymousHealth } from '@/lib/data/health';
import { toErrorResponse } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<NextResponse> {
  try {
    const config = getConfig();
    const health = await readHealth(getAppDatabase, config.isDemo);
    const isSignedIn = (await readSession(request, config)) !== null;
    // 503 only when the database is gone: a failing source is reported, not an outage of Refmap
    return NextResponse.json(isSignedIn ? health : toAnonymousHealth(health), { status: health.database.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
