import 'server-only';
import { NextResponse } from 'next/server';
import type { Config } from '@/lib/config';
import { createSessionToken, isSecureContext, SESSION_COOKIE, sessionCookieOptions, type SessionUser } from './session';
import { getSessionSecret } from './session-secret';

/** Puts a fresh session for `user` on the response. */
export async function setSessionCookie(response: NextResponse, request: Request, user: SessionUser, config: Config): Promise<void> {
  const token = await createSessionToken(user, getSessionSecret(config));
  response.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(isSecureContext(request, config.signIn.publicUrl)));
}

export function clearSessionCookie(response: NextResponse, request: Request, config: Config): void {
  response.cookies.set(SESSION_COOKIE, '', sessionCookieOptions(isSecureContext(request, config.signIn.publicUrl), 0));
}

/**
 * A redirect to a path of this site. The Location stays relative, so it is right whatever host name
 * the ingress forwarded; 303 makes the browser follow a form POST with a GET.
 */
export function redirectToPath(pathWithQuery: string, status: 303 | 307 = 303): NextResponse {
  return new NextResponse(null, { status, headers: { location: pathWithQuery, 'cache-control': 'no-store' } });
}
