/**
 * Cross-site request forgery: a state-changing request (POST, PUT, PATCH, DELETE) is refused when a
 * browser says it comes from another site — `Sec-Fetch-Site` other than `same-origin` or `none`
 * (so a sibling subdomain, `same-site`, is refused too), or an `Origin` that is not Refmap's own
 * (REFMAP_PUBLIC_URL's origin when set, else the host the request was sent to). Requests without
 * either header come from non-browser clients (curl, scripts), which a forged page cannot drive.
 *
 * The body must then be JSON, or a form only where Refmap's own pages post forms (sign-in and
 * sign-out), or no body at all: `text/plain`, the content type a cross-site form or a no-cors fetch
 * can send without a preflight, is refused even from the same origin.
 */

export type CsrfRefusal = { status: 403; code: 'cross_site_request'; reason: string } | { status: 415; code: 'unsupported_media_type'; reason: string };

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The routes that Refmap's own pages post plain HTML forms to. */
const FORM_POST_PATHS = new Set(['/api/auth/local', '/api/auth/signout']);
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

function expectedOrigin(request: Request, publicUrl: string | undefined): { origin?: string; host: string | null } {
  if (publicUrl !== undefined) return { origin: new URL(publicUrl).origin, host: null };
  return { host: request.headers.get('host') ?? new URL(request.url).host };
}

function isSameOrigin(origin: string, request: Request, publicUrl: string | undefined): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // `null` (a sandboxed frame, a redirect chain) and garbage alike
  }
  const expected = expectedOrigin(request, publicUrl);
  // without a public URL the scheme is unknown behind a TLS-terminating ingress: compare host and port
  return expected.origin !== undefined ? parsed.origin === expected.origin : parsed.host === expected.host;
}

function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  return request.headers.has('transfer-encoding') || (length !== null && length !== '0');
}

/** Null when the request may go on; otherwise the status, code and reason to refuse it with. */
export function csrfRefusal(request: Request, pathname: string, publicUrl: string | undefined): CsrfRefusal | null {
  if (!UNSAFE_METHODS.has(request.method)) return null;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return { status: 403, code: 'cross_site_request', reason: `a ${request.method} from another site (Sec-Fetch-Site: ${fetchSite}) is refused` };
  }
  const origin = request.headers.get('origin');
  if (origin !== null && !isSameOrigin(origin, request, publicUrl)) {
    return { status: 403, code: 'cross_site_request', reason: `a ${request.method} from origin ${origin.slice(0, 100)} is refused: only Refmap's own pages may change state` };
  }
  const contentType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType === undefined || contentType === '') {
    return hasBody(request) ? { status: 415, code: 'unsupported_media_type', reason: 'a request body must be sent as application/json' } : null;
  }
  if (contentType === 'application/json') return null;
  if (FORM_TYPES.has(contentType) && FORM_POST_PATHS.has(pathname)) return null;
  return { status: 415, code: 'unsupported_media_type', reason: `${contentType} is refused: send application/json` };
}
