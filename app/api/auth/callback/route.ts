// GET /api/auth/callback — the identity provider's redirect back: checks the answer, maps groups to roles, starts the session
import type { NextRequest, NextResponse } from 'next/server';
import { recordAuditEvent } from '@/lib/audit';
import { completeSignIn, FLOW_COOKIE, FLOW_COOKIE_PATH, SignInError } from '@/lib/auth/oidc';
import { safeReturnTo } from '@/lib/auth/return-to';
import { redirectToPath, setSessionCookie } from '@/lib/auth/session-cookie';
import { getSessionSecret } from '@/lib/auth/session-secret';
import { getConfig } from '@/lib/config';
import { HttpError, toErrorResponse } from '@/lib/http/errors';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    const config = getConfig();
    const { oidc, publicUrl } = config.signIn;
    if (oidc === undefined || publicUrl === undefined) throw new HttpError(404, 'not_found', 'OIDC sign-in is not configured');
    try {
      const flowToken = request.cookies.get(FLOW_COOKIE)?.value;
      const { user, returnTo } = await completeSignIn(oidc, publicUrl, request.nextUrl.searchParams, flowToken, getSessionSecret(config));
      await recordAuditEvent({ request, user, action: 'signin', details: { method: 'oidc' } });
      const response = redirectToPath(safeReturnTo(returnTo));
      response.cookies.set(FLOW_COOKIE, '', { path: FLOW_COOKIE_PATH, maxAge: 0 });
      await setSessionCookie(response, request, user, config);
      return response;
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      log.warn({ event: 'auth.signin_refused', code: error.code, reason: error.message }, 'OIDC sign-in refused');
      await recordAuditEvent({ request, user: null, action: 'signin', outcome: error.code === 'no_role' ? 'denied' : 'failure', details: { method: 'oidc', reason: error.code } });
      return redirectToPath(`/signin?error=${error.code}`);
    }
  } catch (error) {
    return toErrorResponse(error);
  }
}
