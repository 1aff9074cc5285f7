// GET /api/auth/signin — starts the OIDC sign-in: redirects to the identity provider (local mode: to the sign-in page)
import { NextResponse, type NextRequest } from 'next/server';
import { beginSignIn, FLOW_COOKIE, FLOW_COOKIE_PATH, FLOW_TTL_SECONDS, SignInError } from '@/lib/auth/oidc';
import { safeReturnTo } from '@/lib/auth/return-to';
import { isSecureContext } from '@/lib/auth/session';
import { redirectToPath } from '@/lib/auth/session-cookie';
import { getSessionSecret } from '@/lib/auth/session-secret';
import { getConfig } from '@/lib/config';
import { toErrorResponse } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

export async function GET(request: NextRequest): Promise<NextResponse> {
  try {
    const config = getConfig();
    const returnTo = safeReturnTo(request.nextUrl.searchParams.get('returnTo'));
    const { oidc, publicUrl } = config.signIn;
    if (oidc === undefined || publicUrl === undefined) return redirectToPath(`/signin?returnTo=${encodeURIComponent(returnTo)}`, 307);
    const { redirectTo, flowToken } = await beginSignIn(oidc, publicUrl, returnTo, getSessionSecret(config));
    const response = NextResponse.redirect(redirectTo, 302);
    response.headers.set('cache-control', 'no-store');
    response.cookies.set(FLOW_COOKIE, flowToken, { httpOnly: true, sameSite: 'lax', secure: isSecureContext(request, publicUrl), path: FLOW_COOKIE_PATH, maxAge: FLOW_TTL_SECONDS });
    return response;
  } catch (error) {
    if (error instanceof SignInError) return redirectToPath(`/signin?error=${error.code}`);
    return toErrorResponse(error);
  }
}
