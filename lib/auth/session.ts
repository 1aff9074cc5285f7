import 'server-only';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import { ROLES } from './roles';

/**
 * The session: a JWT signed with HMAC-SHA256 (REFMAP_SESSION_SECRET) in an HTTP-only cookie.
 * Nothing is stored server-side; the cookie carries who the user is, their roles and an expiry.
 */

export const SESSION_COOKIE = 'refmap_session';
/** a working day; after that the user signs in again (and gets their current roles) */
export const SESSION_TTL_SECONDS = 8 * 60 * 60;

const ISSUER = 'refmap';
const AUDIENCE = 'refmap-session';

export const sessionUserSchema = z.object({
  /** OIDC `sub`, or `local:<name>` for the local sign-in */
  sub: z.string().min(1).max(256),
  name: z.string().max(256),
  roles: z.array(z.enum(ROLES)).min(1),
  /** how the user signed in; a session from the other mode is not accepted */
  via: z.enum(['oidc', 'local']),
});

export type SessionUser = z.infer<typeof sessionUserSchema>;

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function createSessionToken(user: SessionUser, secret: string, now: Date = new Date()): Promise<string> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({ name: user.name, roles: user.roles, via: user.via })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_TTL_SECONDS)
    .sign(keyOf(secret));
}

/** The user of a valid, unexpired session token of the expected mode; null for anything else. */
export async function verifySessionToken(token: string, secret: string, expectedVia: SessionUser['via'], now: Date = new Date()): Promise<SessionUser | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
      requiredClaims: ['exp', 'sub'],
    });
    const parsed = sessionUserSchema.safeParse({ sub: payload.sub, name: payload.name, roles: payload.roles, via: payload.via });
    if (!parsed.success || parsed.data.via !== expectedVia) return null;
    return parsed.data;
  } catch {
    // bad signature, expired, malformed: all mean "no session"
    return null;
  }
}

/** Reads one cookie from a Cookie header (route handlers may receive a plain Request). */
export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    if (part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return undefined;
}

/**
 * Whether cookies must be `Secure`: when Refmap's public URL is https, or the request arrived over
 * https (directly or through a TLS-terminating ingress that says so in x-forwarded-proto).
 */
export function isSecureContext(request: Request, publicUrl: string | undefined): boolean {
  if (publicUrl !== undefined) return publicUrl.startsWith('https://');
  return new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
}

export interface CookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: string;
  maxAge: number;
}

export function sessionCookieOptions(isSecure: boolean, maxAge: number = SESSION_TTL_SECONDS): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: isSecure, path: '/', maxAge };
}
