import { NextResponse, type NextRequest } from 'next/server';
import { REQUEST_ID_HEADER } from '@/lib/audit/request-origin';
import { hasValidMetricsToken, readSession } from '@/lib/auth/request-auth';
import { accessFor, decideAccess, isApiPath, type AccessDecision } from '@/lib/auth/route-access';
import { getConfig } from '@/lib/config';
import { csrfRefusal } from '@/lib/http/csrf';
import { errorResponse } from '@/lib/http/errors';
import { log } from '@/lib/log';

/**
 * Runs before every page and API route (Next.js 16's replacement of middleware.ts, on Node.js):
 * 1. gives the request an id (`x-request-id`, passed on to the route and returned to the client);
 * 2. applies the access table of lib/auth/route-access.ts: without a session, pages redirect to
 *    /signin and APIs answer 401; with the wrong role, 403. Route handlers check again;
 * 3. refuses state-changing requests from other sites, and bodies that are not JSON (lib/http/csrf.ts).
 */

// an id from a trusted front proxy is kept when it looks like one; anything else is replaced
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;

function requestIdOf(request: NextRequest): string {
  const incoming = request.headers.get(REQUEST_ID_HEADER);
  return incoming !== null && REQUEST_ID_PATTERN.test(incoming) ? incoming : crypto.randomUUID();
}

const FORBIDDEN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Forbidden — Refmap</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto"><h1>Forbidden</h1>
<p>Your role does not allow this page. <a href="/">Back to the matrix</a> · <a href="/signin">Sign in as someone else</a></p></body></html>`;

function refuse(request: NextRequest, decision: Exclude<AccessDecision, { outcome: 'allow' }>, requestId: string): NextResponse {
  const { pathname, search } = request.nextUrl;
  let response: NextResponse;
  if (isApiPath(pathname)) {
    response = decision.outcome === 'unauthenticated' ? errorResponse(401, 'unauthenticated', decision.reason) : errorResponse(403, 'forbidden', decision.reason);
  } else if (decision.outcome === 'unauthenticated') {
    // Next.js needs an absolute Location from the proxy; the host is the one the browser used
    response = NextResponse.redirect(new URL(`/signin?returnTo=${encodeURIComponent(pathname + search)}`, request.url), 307);
  } else {
    response = new NextResponse(FORBIDDEN_PAGE, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8' } });
  }
  response.headers.set(REQUEST_ID_HEADER, requestId);
  response.headers.set('cache-control', 'no-store');
  return response;
}

export async function proxy(request: NextRequest): Promise<NextResponse> {
  const requestId = requestIdOf(request);
  const { pathname } = request.nextUrl;
  const config = getConfig();
  const forgery = csrfRefusal(request, pathname, config.signIn.publicUrl);
  if (forgery) {
    log.info({ event: 'http.csrf_refused', requestId, method: request.method, path: pathname, origin: request.headers.get('origin')?.slice(0, 100) }, forgery.reason);
    const response = errorResponse(forgery.status, forgery.code, forgery.reason);
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  }
  const access = accessFor(pathname, request.method);
  const user = access.kind === 'permission' ? await readSession(request, config) : null;
  const hasToken = access.kind === 'metrics-token' ? hasValidMetricsToken(request, config) : false;
  const decision = decideAccess(access, user?.roles ?? null, hasToken);
  log.debug({ event: 'http.request', requestId, method: request.method, path: pathname, user: user?.sub, decision: decision.outcome }, 'request');
  if (decision.outcome !== 'allow') {
    log.info({ event: 'auth.refused', requestId, method: request.method, path: pathname, user: user?.sub, roles: user?.roles, outcome: decision.outcome }, decision.reason);
    return refuse(request, decision, requestId);
  }
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // everything except Next's own static files; pages, API routes and server actions all pass here
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
