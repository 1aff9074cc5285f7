import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import { proxy } from '@/proxy';
import { csrfRefusal } from './csrf';

const HOST = 'refmap.example.com';

function request(method: string, headers: Record<string, string>, body?: string): Request {
  return new Request(`https://${HOST}/api/waivers`, { method, headers: { host: HOST, ...headers }, body });
}

describe('csrfRefusal', () => {
  it.each([
    ['a cross-site form post (text/plain)', { origin: 'https://evil.example.net', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' }, 403],
    ['a sibling subdomain', { origin: 'https://wiki.example.com', 'sec-fetch-site': 'same-site', 'content-type': 'application/json' }, 403],
    ['a foreign Origin without Sec-Fetch-Site', { origin: 'https://evil.example.net', 'content-type': 'application/json' }, 403],
    ['Origin null', { origin: 'null', 'content-type': 'application/json' }, 403],
    ['a same-origin text/plain body', { origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' }, 415],
    ['a form post to a JSON route', { origin: `https://${HOST}`, 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['a body without a content type', { 'content-length': '12' }, 415],
  ])('refuses %s', (_, headers, status) => {
    expect(csrfRefusal(request('POST', headers), '/api/waivers', undefined)?.status).toBe(status);
  });

  it.each([
    ['a same-origin JSON post', { origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json; charset=utf-8' }],
    ['curl with JSON (no Origin, no Sec-Fetch-Site)', { 'content-type': 'application/json' }],
    ['curl with no body', {}],
  ])('lets %s through', (_, headers) => {
    expect(csrfRefusal(request('POST', headers), '/api/waivers', undefined)).toBeNull();
  });

  it('lets the pages post forms to sign-in and sign-out, and ignores safe methods', () => {
    const form = { origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };
    expect(csrfRefusal(request('POST', form), '/api/auth/local', undefined)).toBeNull();
    expect(csrfRefusal(request('POST', form), '/api/auth/signout', undefined)).toBeNull();
    expect(csrfRefusal(request('GET', { origin: 'https://evil.example.net', 'sec-fetch-site': 'cross-site' }), '/api/matrix', undefined)).toBeNull();
  });

  it('compares with REFMAP_PUBLIC_URL when set, scheme included', () => {
    const json = { 'content-type': 'application/json' };
    expect(csrfRefusal(request('POST', { ...json, origin: `https://${HOST}` }), '/api/waivers', `https://${HOST}`)).toBeNull();
    expect(csrfRefusal(request('POST', { ...json, origin: `http://${HOST}` }), '/api/waivers', `https://${HOST}`)?.status).toBe(403);
  });
});

describe('the proxy', () => {
  beforeAll(() => {
    vi.stubEnv('REFMAP_SESSION_SECRET', TEST_SESSION_SECRET);
  });

  it('refuses a cross-site text/plain post with a valid officer session, before any handler runs', async () => {
    const response = await proxy(
      new NextRequest(`http://${HOST}/api/waivers`, {
        method: 'POST',
        headers: { host: HOST, cookie: await sessionCookieFor('officer'), origin: 'https://evil.example.net', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
        body: '{"controlId":"S2.PSS"}',
      }),
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('cross_site_request');
  });
});
