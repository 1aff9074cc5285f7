// POST /api/auth/signout — ends the session (the cookie is cleared) and goes back to the sign-in page
import type { NextResponse } from 'next/server';
import { recordAuditEvent } from '@/lib/audit';
import { readSession } from '@/lib/auth/request-auth';
import { clearSessionCookie, redirectToPath } from '@/lib/auth/session-cookie';
import { getConfig } from '@/lib/config';
import { toErrorResponse } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<NextResponse> {
  try {
    const config = getConfig();
    const user = await readSession(request, config);
    if (user !== null) await recordAuditEvent({ request, user, action: 'signout' });
    const response = redirectToPath('/signin');
    clearSessionCookie(response, request, config);
    return response;
  } catch (error) {
    return toErrorResponse(error);
  }
}
