import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';
import { createSessionToken, isSecureContext, readCookie, sessionCookieOptions, SESSION_TTL_SECONDS, verifySessionToken, type SessionUser } from './session';

const SECRET = 'a-session-secret-of-at-least-32-characters';
const USER: SessionUser = { sub: 'oidc|42', name: 'ada@example.com', roles: ['officer', 'auditor'], via: 'oidc' };
const NOW = new Date('2026-12-01T10:00:00Z');

describe('session tokens', () => {
  it('round-trips the user', async () => {
    const token = await createSessionToken(USER, SECRET, NOW);
    expect(await verifySessionToken(token, SECRET, 'oidc', NOW)).toEqual(USER);
  });

  it('expires after the session lifetime', async () => {
    const token = await createSessionToken(USER, SECRET, NOW);
    const later = new Date(NOW.getTime() + (SESSION_TTL_SECONDS + 1) * 1000);
    expect(await verifySessionToken(token, SECRET, 'oidc', later)).toBeNull();
  });

  it('refuses another key, a changed payload and the other sign-in mode', async () => {
    const token = await createSessionToken(USER, SECRET, NOW);
    expect(await verifySessionToken(token, 'another-secret-of-at-least-32-characters', 'oidc', NOW)).toBeNull();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'x', name: 'x', roles: ['admin'], via: 'oidc', iss: 'refmap', aud: 'refmap-session', exp: 9_999_999_999 })).toString('base64url');
    expect(await verifySessionToken(`${header}.${forged}.${signature}`, SECRET, 'oidc', NOW)).toBeNull();
    // a session of the local demo sign-in is no good once OIDC is configured, even with the same key
    expect(await verifySessionToken(token, SECRET, 'local', NOW)).toBeNull();
    expect(await verifySessionToken('not-a-token', SECRET, 'oidc', NOW)).toBeNull();
  });
});

describe('cookies', () => {
  it('reads one cookie from a Cookie header', () => {
    expect(readCookie('a=1; refmap_session=abc.def; b=2', 'refmap_session')).toBe('abc.def');
    expect(readCookie('a=1', 'refmap_session')).toBeUndefined();
    expect(readCookie(null, 'refmap_session')).toBeUndefined();
  });

  it('is HTTP-only, SameSite=Lax, and Secure over https', () => {
    expect(sessionCookieOptions(true)).toEqual({ httpOnly: true, sameSite: 'lax', secure: true, path: '/', maxAge: SESSION_TTL_SECONDS });
    expect(isSecureContext(new Request('http://refmap.local/'), 'https://refmap.example.com')).toBe(true);
    expect(isSecureContext(new Request('http://127.0.0.1:3000/'), undefined)).toBe(false);
    expect(isSecureContext(new Request('http://10.0.0.5:3000/', { headers: { 'x-forwarded-proto': 'https' } }), undefined)).toBe(true);
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/controls/S5.NON-ROOT?cluster=demo', '/controls/S5.NON-ROOT?cluster=demo'],
    ['//evil.example/x', '/'],
    ['https://evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/signin?returnTo=/', '/'],
    [undefined, '/'],
  ])('%j → %j', (value, expected) => expect(safeReturnTo(value)).toBe(expected));
});
