import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET } from '@/app/api/audit/route';
import { getAppDatabase } from '@/lib/app-context';
import type { SessionUser } from '@/lib/auth/session';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import { listAuditEvents, recordAuditEvent } from '@/lib/audit';
import { clientIp, requestOrigin } from '@/lib/audit/request-origin';

const officer: SessionUser = { sub: 'oidc|officer-1', name: 'olivia', roles: ['officer'], via: 'local' };
const auditor: SessionUser = { sub: 'oidc|auditor-1', name: 'aud', roles: ['auditor'], via: 'local' };

function requestFrom(ip: string): Request {
  return new Request('http://refmap.test/api/x', { headers: { 'x-forwarded-for': `203.0.113.9, ${ip}`, 'user-agent': 'curl/8.5', 'x-request-id': 'req-00000001' } });
}

beforeAll(async () => {
  vi.stubEnv('REFMAP_DATA_DIR', mkdtempSync(path.join(tmpdir(), 'refmap-audit-')));
  vi.stubEnv('DATABASE_URL', '');
  vi.stubEnv('REFMAP_SESSION_SECRET', TEST_SESSION_SECRET);
  const database = await getAppDatabase();
  await recordAuditEvent({ request: requestFrom('10.0.0.1'), user: officer, action: 'signin' }, database);
  await recordAuditEvent({ request: requestFrom('10.0.0.1'), user: officer, action: 'attest', target: 'S2.RUNTIME-SECURITY', details: { cluster: 'demo' } }, database);
  await recordAuditEvent({ request: requestFrom('10.0.0.2'), user: auditor, action: 'download', target: 'snapshot-1', details: { format: 'pdf' } }, database);
  await recordAuditEvent({ request: requestFrom('10.0.0.3'), user: null, action: 'signin', outcome: 'denied', details: { reason: 'no_role' } }, database);
});

afterAll(async () => {
  await (await getAppDatabase()).close();
});

describe('request origin', () => {
  it('takes the address our ingress appended, not what the client claimed', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '6.6.6.6, 10.1.2.3' }))).toBe('10.1.2.3');
    expect(clientIp(new Headers({ 'x-real-ip': '10.9.9.9' }))).toBe('10.9.9.9');
    expect(clientIp(new Headers())).toBeNull();
    expect(requestOrigin(requestFrom('10.0.0.1'))).toEqual({ ip: '10.0.0.1', userAgent: 'curl/8.5', requestId: 'req-00000001' });
  });
});

describe('recordAuditEvent and listAuditEvents', () => {
  it('keeps who, role, what, target, when and from where, newest first', async () => {
    const page = await listAuditEvents(await getAppDatabase(), { page: 1, pageSize: 50 });
    expect(page.total).toBe(4);
    expect(page.events.map((event) => event.action)).toEqual(['signin', 'download', 'attest', 'signin']);
    expect(page.events[1]).toMatchObject({
      actor: 'oidc|auditor-1',
      actorName: 'aud',
      roles: ['auditor'],
      action: 'download',
      target: 'snapshot-1',
      outcome: 'success',
      ip: '10.0.0.2',
      userAgent: 'curl/8.5',
      requestId: 'req-00000001',
      details: { format: 'pdf' },
    });
    expect(page.events[0]).toMatchObject({ actor: 'anonymous', outcome: 'denied', roles: [] });
    expect(Date.parse(page.events[0]?.occurredAt ?? '')).not.toBeNaN();
  });

  it('filters by actor (subject or name), action and time, and pages', async () => {
    const database = await getAppDatabase();
    expect((await listAuditEvents(database, { actor: 'olivia', page: 1, pageSize: 50 })).total).toBe(2);
    expect((await listAuditEvents(database, { actor: 'oidc|officer-1', action: 'attest', page: 1, pageSize: 50 })).events[0]?.target).toBe('S2.RUNTIME-SECURITY');
    expect((await listAuditEvents(database, { from: new Date(Date.now() + 60_000), page: 1, pageSize: 50 })).total).toBe(0);
    const second = await listAuditEvents(database, { page: 2, pageSize: 3 });
    expect(second).toMatchObject({ page: 2, pageSize: 3, total: 4, pageCount: 2 });
    expect(second.events).toHaveLength(1);
  });
});

describe('GET /api/audit', () => {
  async function get(query: string, role?: 'viewer' | 'officer' | 'auditor' | 'admin') {
    const headers: Record<string, string> = role ? { cookie: await sessionCookieFor(role) } : {};
    return GET(new NextRequest(`http://refmap.test/api/audit${query}`, { headers }));
  }

  it('answers 401 without a session and 403 to roles other than auditor and admin', async () => {
    expect((await get('')).status).toBe(401);
    expect(((await (await get('', 'officer')).json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await get('', 'viewer')).status).toBe(403);
  });

  it('gives auditors and admins the filtered, paginated trail', async () => {
    const response = await get('?action=signin&page=1', 'auditor');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { total: number; events: { action: string }[] };
    expect(body.total).toBe(2);
    expect(body.events.every((event) => event.action === 'signin')).toBe(true);
    expect((await get('', 'admin')).status).toBe(200);
  });

  it('refuses a bad filter with a 400 naming it', async () => {
    const response = await get('?action=delete-everything', 'auditor');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('action');
  });
});
