import 'server-only';
import { timingSafeEqual } from 'node:crypto';
import { getConfig, type Config } from '@/lib/config';
import { HttpError } from '@/lib/http/errors';
import { hasPermission, rolesGranting, type Permission } from './roles';
import { readCookie, SESSION_COOKIE, verifySessionToken, type SessionUser } from './session';
import { getSessionSecret } from './session-secret';

/**
 * What route handlers call. proxy.ts already refuses requests without the right session, so these
 * are the second line: a handler states what it needs and gets the user for its audit record.
 *
 *   const user = await requirePermission(request, 'attest');
 */

/** The signed-in user of a request, or null (no cookie, bad signature, expired, other sign-in mode). */
export async function readSession(request: Request, config: Config = getConfig()): Promise<SessionUser | null> {
  const token = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (token === undefined) return null;
  return verifySessionToken(token, getSessionSecret(config), config.signIn.mode);
}

/** The user, if they hold `permission`; otherwise throws the 401 or 403 HttpError of the envelope. */
export async function requirePermission(request: Request, permission: Permission, config: Config = getConfig()): Promise<SessionUser> {
  const user = await readSession(request, config);
  if (user === null) throw new HttpError(401, 'unauthenticated', 'sign in first: no valid session');
  if (!hasPermission(user.roles, permission)) {
    throw new HttpError(403, 'forbidden', `"${permission}" needs the role ${rolesGranting(permission).join(' or ')}`);
  }
  return user;
}

function equalInConstantTime(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * True when the request carries `Authorization: Bearer <REFMAP_METRICS_TOKEN>`, or when no token is
 * configured outside production. A production server without a token serves its metrics to nobody.
 */
export function hasValidMetricsToken(request: Request, config: Config = getConfig()): boolean {
  if (config.metricsToken === undefined) return !config.isProduction;
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1] !== undefined && equalInConstantTime(match[1], config.metricsToken);
}
