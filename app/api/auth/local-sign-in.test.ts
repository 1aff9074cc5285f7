import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { POST as localSignIn } from '@/app/api/auth/local/route';
import { GET as getSession } from '@/app/api/auth/session/route';
import { POST as signOut } from '@/app/api/auth/signout/route';
import { getAppDatabase } from '@/lib/app-context';
import { listAuditEvents } from '@/lib/audit';

// The local demo sign-in, as the e2e tests and the sign-in page use it.

beforeAll(() => {
  vi.stubEnv('REFMAP_DATA_DIR', mkdtempSync(path.join(tmpdir(), 'refmap-local-signin-')));
  vi.stubEnv('DATABASE_URL', '');
  // no REFMAP_SESSION_SECRET: the local sign-in keeps a generated key in the data directory
  vi.stubEnv('REFMAP_SESSION_SECRET', '');
});

afterAll(async () => {
  await (await getAppDatabase()).close();
});

function sessionCookieOf(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = /refmap_session=([^;]*)/.exec(setCookie);
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return `refmap_session=${match[1]}`;
}

describe('POST /api/auth/local', () => {
  it('signs in with a role (JSON), sets an HTTP-only SameSite=Lax cookie and records the sign-in', async () => {
    const response = await localSignIn(
      new Request('http://127.0.0.1:3100/api/auth/local', { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'e2e' }, body: JSON.stringify({ role: 'officer', name: 'e2e officer' }) }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ user: { sub: 'local:e2e officer', name: 'e2e officer', roles: ['officer'], via: 'local' } });
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    expect(setCookie).not.toMatch(/Secure/i);
    expect(setCookie).toMatch(/Max-Age=28800/);

    const session = await getSession(new Request('http://127.0.0.1:3100/api/auth/session', { headers: { cookie: sessionCookieOf(response) } }));
    expect(await session.json()).toMatchObject({ user: { name: 'e2e officer', roles: ['officer'] }, permissions: ['view', 'collect', 'attest', 'waive'] });

    const trail = await listAuditEvents(await getAppDatabase(), { action: 'signin', page: 1, pageSize: 10 });
    expect(trail.events[0]).toMatchObject({ actor: 'local:e2e officer', roles: ['officer'], outcome: 'success', userAgent: 'e2e' });
  });

  it('signs in from the form and goes back where the user was going (only to a path of this site)', async () => {
    const form = (returnTo: string) => new URLSearchParams({ role: 'auditor', name: '', returnTo });
    const post = (body: URLSearchParams) => localSignIn(new Request('https://refmap.test/api/auth/local', { method: 'POST', body }));
    const response = await post(form('/controls/S5.NON-ROOT'));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/controls/S5.NON-ROOT');
    expect(response.headers.get('set-cookie')).toMatch(/Secure/i);
    expect((await post(form('https://evil.example/'))).headers.get('location')).toBe('/');
  });

  it('refuses an unknown role', async () => {
    const response = await localSignIn(new Request('http://refmap.test/api/auth/local', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role":"root"}' }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('bad_request');
  });
});

describe('POST /api/auth/signout', () => {
  it('clears the cookie and goes to the sign-in page', async () => {
    const signedIn = await localSignIn(new Request('http://refmap.test/api/auth/local', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"role":"viewer"}' }));
    const response = await signOut(new Request('http://refmap.test/api/auth/signout', { method: 'POST', headers: { cookie: sessionCookieOf(signedIn) } }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin');
    expect(response.headers.get('set-cookie')).toMatch(/refmap_session=;.*Max-Age=0/i);
    const trail = await listAuditEvents(await getAppDatabase(), { action: 'signout', page: 1, pageSize: 10 });
    expect(trail.total).toBe(1);
  });
});
