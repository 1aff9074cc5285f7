import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as callback } from '@/app/api/auth/callback/route';
import { GET as getSession } from '@/app/api/auth/session/route';
import { GET as signIn } from '@/app/api/auth/signin/route';
import { getAppDatabase } from '@/lib/app-context';
import { listAuditEvents } from '@/lib/audit';

// The OIDC sign-in against a small identity provider on a loopback port: discovery, JWKS, a token
// endpoint that checks PKCE and issues signed ID tokens, and userinfo.

const CLIENT_ID = 'refmap';
const CLIENT_SECRET = 'oidc-client-secret-for-tests';
const PUBLIC_URL = 'https://refmap.example.com';

interface PendingCode {
  nonce: string;
  challenge: string;
  sub: string;
  groups?: string[];
}

let issuer = '';
let server: http.Server;
let privateKey: CryptoKey;
const codes = new Map<string, PendingCode>();
let userInfoGroups: string[] = [];

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
  const url = new URL(req.url ?? '/', issuer);
  if (url.pathname === '/.well-known/openid-configuration') {
    return json(res, 200, {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      userinfo_endpoint: `${issuer}/userinfo`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      code_challenge_methods_supported: ['S256'],
    });
  }
  if (url.pathname === '/jwks') {
    const { publicKey } = keys;
    return json(res, 200, { keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'RS256', use: 'sig' }] });
  }
  if (url.pathname === '/token') {
    const form = new URLSearchParams(body);
    const pending = codes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (!pending || pending.challenge !== challenge || form.get('client_secret') !== CLIENT_SECRET || form.get('redirect_uri') !== `${PUBLIC_URL}/api/auth/callback`) {
      return json(res, 400, { error: 'invalid_grant' });
    }
    codes.delete(form.get('code') ?? '');
    const idToken = await new SignJWT({ nonce: pending.nonce, preferred_username: pending.sub, ...(pending.groups ? { groups: pending.groups } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: 'test' })
      .setIssuer(issuer)
      .setSubject(pending.sub)
      .setAudience(CLIENT_ID)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    return json(res, 200, { access_token: `at-${pending.sub}`, token_type: 'Bearer', expires_in: 300, id_token: idToken });
  }
  if (url.pathname === '/userinfo') {
    const sub = (req.headers.authorization ?? '').replace(/^Bearer at-/, '');
    return json(res, 200, { sub, groups: userInfoGroups });
  }
  json(res, 404, { error: 'not_found' });
}

let keys: { publicKey: CryptoKey; privateKey: CryptoKey };

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  privateKey = keys.privateKey;
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => void handle(req, res, body).catch(() => json(res, 500, { error: 'server_error' })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  vi.stubEnv('REFMAP_DATA_DIR', mkdtempSync(path.join(tmpdir(), 'refmap-oidc-')));
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('REFMAP_OIDC_ISSUER', issuer);
  vi.stubEnv('REFMAP_OIDC_CLIENT_ID', CLIENT_ID);
  vi.stubEnv('REFMAP_OIDC_CLIENT_SECRET', CLIENT_SECRET);
  vi.stubEnv('REFMAP_ROLE_MAPPING', 'admin=platform-admins;officer=compliance;auditor=audit');
  vi.stubEnv('REFMAP_SESSION_SECRET', 'oidc-test-session-secret-0123456789abcdef');
  vi.stubEnv('REFMAP_PUBLIC_URL', PUBLIC_URL);
});

afterAll(async () => {
  await (await getAppDatabase()).close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function cookieValue(response: Response, name: string): string | undefined {
  for (const line of response.headers.getSetCookie()) {
    const match = new RegExp(`^${name}=([^;]*)`).exec(line);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** Starts a sign-in, plays the provider's login page, and comes back with the code. */
async function signInAs(sub: string, groups: string[] | undefined, returnTo = '/'): Promise<Response> {
  const start = await signIn(new NextRequest(`http://10.0.0.7:3000/api/auth/signin?returnTo=${encodeURIComponent(returnTo)}`));
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location') ?? '');
  expect(`${authorize.origin}${authorize.pathname}`).toBe(`${issuer}/authorize`);
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/auth/callback`);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  const code = `code-${sub}-${codes.size}`;
  codes.set(code, { nonce: authorize.searchParams.get('nonce') ?? '', challenge: authorize.searchParams.get('code_challenge') ?? '', sub, groups });
  const flow = cookieValue(start, 'refmap_oidc_flow');
  return callback(
    new NextRequest(`http://10.0.0.7:3000/api/auth/callback?code=${code}&state=${authorize.searchParams.get('state')}`, { headers: flow ? { cookie: `refmap_oidc_flow=${flow}` } : {} }),
  );
}

describe('OIDC sign-in', () => {
  it('maps the groups claim to roles, starts a Secure session and returns to the page asked for', async () => {
    const response = await signInAs('ada', ['compliance', 'audit', 'unrelated'], '/controls/S5.NON-ROOT');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/controls/S5.NON-ROOT');
    const sessionCookie = response.headers.getSetCookie().find((line) => line.startsWith('refmap_session=')) ?? '';
    expect(sessionCookie).toMatch(/HttpOnly/i);
    expect(sessionCookie).toMatch(/Secure/i);
    expect(sessionCookie).toMatch(/SameSite=lax/i);
    const session = await getSession(new Request('http://x/api/auth/session', { headers: { cookie: `refmap_session=${cookieValue(response, 'refmap_session')}` } }));
    expect(await session.json()).toMatchObject({ user: { sub: 'ada', name: 'ada', roles: ['officer', 'auditor'], via: 'oidc' } });
  });

  it('reads the groups from userinfo when the ID token has none', async () => {
    userInfoGroups = ['platform-admins'];
    const response = await signInAs('grace', undefined);
    const session = await getSession(new Request('http://x/api/auth/session', { headers: { cookie: `refmap_session=${cookieValue(response, 'refmap_session')}` } }));
    expect(await session.json()).toMatchObject({ user: { sub: 'grace', roles: ['admin'] } });
  });

  it('refuses a user whose groups give no role, and records the refusal', async () => {
    userInfoGroups = [];
    const response = await signInAs('mallory', ['marketing']);
    expect(response.headers.get('location')).toBe('/signin?error=no_role');
    expect(cookieValue(response, 'refmap_session')).toBeUndefined();
    const trail = await listAuditEvents(await getAppDatabase(), { action: 'signin', page: 1, pageSize: 10 });
    expect(trail.events[0]).toMatchObject({ actor: 'anonymous', outcome: 'denied', details: { method: 'oidc', reason: 'no_role' } });
  });

  it('refuses a callback without the flow cookie, or with a forged state', async () => {
    const withoutCookie = await callback(new NextRequest('http://10.0.0.7:3000/api/auth/callback?code=x&state=y'));
    expect(withoutCookie.headers.get('location')).toBe('/signin?error=invalid_flow');
    const start = await signIn(new NextRequest('http://10.0.0.7:3000/api/auth/signin'));
    const forged = await callback(new NextRequest('http://10.0.0.7:3000/api/auth/callback?code=x&state=forged', { headers: { cookie: `refmap_oidc_flow=${cookieValue(start, 'refmap_oidc_flow')}` } }));
    expect(forged.headers.get('location')).toBe('/signin?error=provider_error');
  });

  it('turns the local sign-in off', async () => {
    const { POST } = await import('@/app/api/auth/local/route');
    const response = await POST(new Request('http://x/api/auth/local', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role":"admin"}' }));
    expect(response.status).toBe(404);
  });
});
