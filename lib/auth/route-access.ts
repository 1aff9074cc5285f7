import { hasPermission, type Permission, type Role } from './roles';

/**
 * What every page and API route requires, as data. proxy.ts applies it to each request before any
 * route runs; the route tests check that every route file under app/ has its entry here, so a new
 * route is never served by accident without a decision about who may call it.
 *
 * Paths use the app/ folder names: `[id]` matches one segment.
 */

export type Access =
  /** anyone, signed in or not */
  | { kind: 'public' }
  /** Prometheus scrapers: a bearer token when REFMAP_METRICS_TOKEN is set, otherwise anyone */
  | { kind: 'metrics-token' }
  /** a signed-in user holding the permission */
  | { kind: 'permission'; permission: Permission };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRule {
  path: string;
  methods: Partial<Record<HttpMethod, Access>>;
}

const PUBLIC: Access = { kind: 'public' };
const needs = (permission: Permission): Access => ({ kind: 'permission', permission });

export const API_ROUTES: readonly RouteRule[] = [
  { path: '/api/health', methods: { GET: PUBLIC } },
  { path: '/api/metrics', methods: { GET: { kind: 'metrics-token' } } },
  // for an external witness (a machine, like the metrics scraper)
  { path: '/api/chain-head', methods: { GET: { kind: 'metrics-token' } } },
  // the sign-in flow itself must be reachable without a session
  { path: '/api/auth/signin', methods: { GET: PUBLIC } },
  { path: '/api/auth/callback', methods: { GET: PUBLIC } },
  { path: '/api/auth/local', methods: { POST: PUBLIC } },
  { path: '/api/auth/signout', methods: { POST: PUBLIC } },
  { path: '/api/auth/session', methods: { GET: needs('view') } },
  { path: '/api/matrix', methods: { GET: needs('view') } },
  { path: '/api/controls/[id]', methods: { GET: needs('view') } },
  { path: '/api/trends', methods: { GET: needs('view') } },
  { path: '/api/snapshots', methods: { GET: needs('view'), POST: needs('collect') } },
  { path: '/api/snapshots/[id]', methods: { GET: needs('view') } },
  { path: '/api/snapshots/[id]/diff', methods: { GET: needs('view') } },
  { path: '/api/snapshots/[id]/report.pdf', methods: { GET: needs('download') } },
  { path: '/api/snapshots/[id]/results.csv', methods: { GET: needs('download') } },
  { path: '/api/snapshots/[id]/oscal.json', methods: { GET: needs('download') } },
  { path: '/api/snapshots/[id]/results.hdf.json', methods: { GET: needs('download') } },
  { path: '/api/snapshots/[id]/poam.json', methods: { GET: needs('download') } },
  { path: '/api/snapshots/[id]/bundle.zip', methods: { GET: needs('download') } },
  { path: '/api/audit-window', methods: { GET: needs('view') } },
  { path: '/api/audit-window/bundle.zip', methods: { GET: needs('download') } },
  { path: '/api/audit', methods: { GET: needs('audit.read') } },
  { path: '/api/attestations', methods: { GET: needs('view'), POST: needs('attest') } },
  { path: '/api/attestations/[id]', methods: { DELETE: needs('attest') } },
  { path: '/api/waivers', methods: { GET: needs('view'), POST: needs('waive') } },
  { path: '/api/waivers/[id]', methods: { DELETE: needs('waive') } },
];

export const PAGE_ROUTES: readonly RouteRule[] = [
  { path: '/signin', methods: { GET: PUBLIC } },
  { path: '/audit', methods: { GET: needs('audit.read') } },
  { path: '/', methods: { GET: needs('view') } },
  { path: '/controls/[id]', methods: { GET: needs('view') } },
  { path: '/trends', methods: { GET: needs('view') } },
  { path: '/snapshots', methods: { GET: needs('view') } },
  { path: '/snapshots/[id]', methods: { GET: needs('view') } },
  { path: '/snapshots/[id]/diff', methods: { GET: needs('view') } },
  { path: '/nist', methods: { GET: needs('view') } },
];

/**
 * Anything not listed: reading needs a session, changing needs admin. Deliberately strict, so that
 * a forgotten entry fails closed; the route tests fail on it anyway.
 */
export function defaultAccess(method: string): Access {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? needs('view') : needs('administer');
}

function segmentsOf(pathname: string): string[] {
  return pathname.split('/').filter((segment) => segment !== '');
}

/** `/api/controls/[id]` matches `/api/controls/S5.NON-ROOT`; `[...x]` matches the rest. */
export function matchesPattern(pattern: string, pathname: string): boolean {
  const wanted = segmentsOf(pattern);
  const actual = segmentsOf(pathname);
  for (const [index, segment] of wanted.entries()) {
    if (/^\[\.\.\..+\]$/.test(segment)) return actual.length > index;
    const part = actual[index];
    if (part === undefined) return false;
    if (/^\[.+\]$/.test(segment)) continue;
    if (segment !== part) return false;
  }
  return wanted.length === actual.length;
}

export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

export function findRule(pathname: string): RouteRule | undefined {
  const rules = isApiPath(pathname) ? API_ROUTES : PAGE_ROUTES;
  // patterns match whole paths, so at most one rule fits a path
  return rules.find((rule) => matchesPattern(rule.path, pathname));
}

/** The access a request needs. HEAD is GET without a body. */
export function accessFor(pathname: string, method: string): Access {
  const verb = (method === 'HEAD' ? 'GET' : method) as HttpMethod;
  return findRule(pathname)?.methods[verb] ?? defaultAccess(method);
}

export type AccessDecision =
  | { outcome: 'allow' }
  | { outcome: 'unauthenticated'; reason: string }
  | { outcome: 'forbidden'; reason: string };

/**
 * Decides one request. `roles` is null without a valid session; `hasMetricsToken` says whether the
 * request carried the right bearer token (or none is configured).
 */
export function decideAccess(access: Access, roles: readonly Role[] | null, hasMetricsToken: boolean): AccessDecision {
  if (access.kind === 'public') return { outcome: 'allow' };
  if (access.kind === 'metrics-token') {
    return hasMetricsToken ? { outcome: 'allow' } : { outcome: 'unauthenticated', reason: 'a valid metrics bearer token is required' };
  }
  if (roles === null) return { outcome: 'unauthenticated', reason: 'sign in first' };
  if (!hasPermission(roles, access.permission)) {
    return { outcome: 'forbidden', reason: `your role does not allow "${access.permission}"` };
  }
  return { outcome: 'allow' };
}
