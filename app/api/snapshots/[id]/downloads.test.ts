import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '@/lib/auth/roles';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import type { Database } from '@/lib/db';
import type { ControlResult, ControlStatus } from '@/lib/evaluate/types';
import { MAX_SNAPSHOTS_PER_BUNDLE } from '@/lib/reports/download';
import { verifyBundle } from '@/lib/reports/verify-bundle';
import { storeSnapshot } from '@/lib/snapshots/store';

// The download routes end to end: authorisation, the error envelope, headers, the audit record, and
// the bundles (one snapshot, and an audit window) checked as an auditor would.

type Handler = (request: NextRequest, context: { params: Promise<{ id: string }> }) => Promise<Response>;

const dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-downloads-'));
let database: Database;
const ids: string[] = [];
const HOUR = 3_600_000;
const START = new Date('2026-03-01T00:00:00Z');

function results(status: ControlStatus, observedAt: Date): ControlResult[] {
  const evidence = (checkId: string, query: string, excerpt: ControlResult['evidence'][number]['excerpt']) => ({
    checkId,
    source: 'kubernetes' as const,
    query,
    observedAt: observedAt.toISOString(),
    status,
    summary: `${checkId} is ${status}`,
    excerpt,
    sha256: '',
  });
  return [
    { controlId: 'S2.PSS', sectionId: '2', status, summary: `PSS is ${status}`, evidence: [evidence('namespace-pss-labels', 'GET /api/v1/namespaces', { namespaces: 3, offenders: [{ object: 'shop', reason: 'no enforce label' }], totalOffenders: 1 })] },
    { controlId: 'S5.NON-ROOT', sectionId: '5', status: 'pass', summary: 'All containers run as non-root', evidence: [evidence('pods-run-as-non-root', '=cmd|" /C calc"!A0', { containers: 12 })] },
  ];
}

async function store(clusterName: string, index: number, status: ControlStatus = 'fail'): Promise<string> {
  const takenAt = new Date(START.getTime() + index * HOUR);
  const stored = await storeSnapshot(database, { clusterName, takenAt, durationMs: 40, catalogVersion: 'test', refmapVersion: 'test', score: 0.5, sourceErrors: [], results: results(status, takenAt) });
  return stored.id;
}

beforeAll(async () => {
  const env: Record<string, string> = { DATABASE_URL: '', REFMAP_DATA_DIR: dataDir, REFMAP_CONFIG: '', KUBECONFIG: '', REFMAP_CLUSTER_NAME: 'shop', REFMAP_SESSION_SECRET: TEST_SESSION_SECRET, REFMAP_OIDC_ISSUER: '' };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const { getAppDatabase } = await import('@/lib/app-context');
  database = await getAppDatabase();
  for (let index = 0; index < 4; index++) ids.push(await store('shop', index, index % 2 === 0 ? 'fail' : 'pass'));
  for (let index = 0; index <= MAX_SNAPSHOTS_PER_BUNDLE; index++) await store('busy', index);
}, 120_000);

afterAll(async () => {
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ROUTES: Record<string, () => Promise<unknown>> = {
  'snapshots/[id]/report.pdf': () => import('@/app/api/snapshots/[id]/report.pdf/route'),
  'snapshots/[id]/results.csv': () => import('@/app/api/snapshots/[id]/results.csv/route'),
  'snapshots/[id]/oscal.json': () => import('@/app/api/snapshots/[id]/oscal.json/route'),
  'snapshots/[id]/results.hdf.json': () => import('@/app/api/snapshots/[id]/results.hdf.json/route'),
  'snapshots/[id]/poam.json': () => import('@/app/api/snapshots/[id]/poam.json/route'),
  'snapshots/[id]/bundle.zip': () => import('@/app/api/snapshots/[id]/bundle.zip/route'),
  'audit-window': () => import('@/app/api/audit-window/route'),
  'audit-window/bundle.zip': () => import('@/app/api/audit-window/bundle.zip/route'),
};

async function handler(route: string): Promise<Handler> {
  const routeModule = (await ROUTES[route]!()) as { GET: Handler };
  return routeModule.GET;
}

async function get(route: string, url: string, options: { role?: Role; id?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = options.role ? { cookie: await sessionCookieFor(options.role) } : {};
  const GET = await handler(route);
  return GET(new NextRequest(`http://refmap.test${url}`, { headers: { ...headers, 'user-agent': 'downloads-test' } }), { params: Promise.resolve({ id: options.id ?? '' }) });
}

async function expectEnvelope(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  return body.error.message;
}

const FORMATS = [
  { route: 'snapshots/[id]/report.pdf', file: 'report.pdf', type: 'application/pdf', extension: '.pdf', format: 'pdf' },
  { route: 'snapshots/[id]/results.csv', file: 'results.csv', type: 'text/csv; charset=utf-8; header=present', extension: '.csv', format: 'csv' },
  { route: 'snapshots/[id]/oscal.json', file: 'oscal.json', type: 'application/json; charset=utf-8', extension: '.oscal.json', format: 'oscal' },
  { route: 'snapshots/[id]/results.hdf.json', file: 'results.hdf.json', type: 'application/json; charset=utf-8', extension: '.hdf.json', format: 'hdf' },
  { route: 'snapshots/[id]/poam.json', file: 'poam.json', type: 'application/json; charset=utf-8', extension: '.poam.json', format: 'poam' },
  { route: 'snapshots/[id]/bundle.zip', file: 'bundle.zip', type: 'application/zip', extension: '.zip', format: 'bundle' },
];

describe.each(FORMATS)('GET /api/snapshots/{id}/$file', ({ route, file, type, extension, format }) => {
  const url = (id: string) => `/api/snapshots/${id}/${file}`;

  it('answers 401 without a session and 403 to a role that may not download', async () => {
    await expectEnvelope(await get(route, url(ids[0]!), { id: ids[0] }), 401, 'unauthenticated');
    expect(await expectEnvelope(await get(route, url(ids[0]!), { id: ids[0], role: 'viewer' }), 403, 'forbidden')).toContain('auditor');
    await expectEnvelope(await get(route, url(ids[0]!), { id: ids[0], role: 'officer' }), 403, 'forbidden');
  });

  it('answers 404 for an unknown snapshot and 400 for a malformed id', async () => {
    const unknown = '00000000-0000-7000-8000-000000000000';
    expect(await expectEnvelope(await get(route, url(unknown), { id: unknown, role: 'auditor' }), 404, 'snapshot_not_found')).toContain(unknown);
    await expectEnvelope(await get(route, url('nope'), { id: 'nope', role: 'auditor' }), 400, 'bad_request');
  });

  it('serves the file to an auditor as an attachment and records the download', async () => {
    const before = new Date();
    const response = await get(route, url(ids[1]!), { id: ids[1], role: 'auditor' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="refmap-shop-20260301T010000Z-${ids[1]!.slice(0, 8)}${extension.replace('.', '\\.')}"$`));
    const body = new Uint8Array(await response.arrayBuffer());
    expect(body.byteLength).toBeGreaterThan(100);
    const events = await database.prisma.auditEvent.findMany({ where: { action: 'download', target: ids[1], occurredAt: { gte: before } } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'local:test-auditor', outcome: 'success', userAgent: 'downloads-test', details: expect.objectContaining({ format, cluster: 'shop' }) });
  });

  it('serves admins too', async () => {
    expect((await get(route, url(ids[1]!), { id: ids[1], role: 'admin' })).status).toBe(200);
  });
});

describe('the downloaded files', () => {
  it('report.pdf takes ?section= and refuses a section that does not exist', async () => {
    const response = await get('snapshots/[id]/report.pdf', `/api/snapshots/${ids[0]}/report.pdf?section=5`, { id: ids[0], role: 'auditor' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('section-5.pdf');
    expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    await expectEnvelope(await get('snapshots/[id]/report.pdf', `/api/snapshots/${ids[0]}/report.pdf?section=9`, { id: ids[0], role: 'auditor' }), 400, 'bad_request');
  });

  it('results.csv keeps a query that looks like a formula as text', async () => {
    const text = await (await get('snapshots/[id]/results.csv', `/api/snapshots/${ids[0]}/results.csv`, { id: ids[0], role: 'auditor' })).text();
    expect(text).toContain(`"'=cmd|"" /C calc""!A0"`);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  it('bundle.zip verifies, and names the file when one byte of it changes', async () => {
    const zip = new Uint8Array(await (await get('snapshots/[id]/bundle.zip', `/api/snapshots/${ids[2]}/bundle.zip`, { id: ids[2], role: 'auditor' })).arrayBuffer());
    expect(verifyBundle(zip)).toMatchObject({ isIntact: true, snapshots: [{ id: ids[2], sequence: 3 }] });
    const entries = unzipSync(zip);
    entries['oscal.json']![100] = entries['oscal.json']![100]! ^ 0x01;
    expect(verifyBundle(zipSync(entries)).problems[0]).toMatchObject({ path: 'oscal.json' });
  });
});

describe('the audit window', () => {
  const window = (from: string, to: string, cluster = 'shop') => `?cluster=${cluster}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

  it('lists the snapshots of a date range oldest first, and says whether one bundle can hold them', async () => {
    const response = await get('audit-window', `/api/audit-window${window('2026-03-01T00:30:00Z', '2026-03-01T03:00:00Z')}`, { role: 'viewer' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { total: number; snapshots: { id: string; sequence: number }[]; bundle: { isAvailable: boolean; href: string } };
    expect(body.total).toBe(3);
    expect(body.snapshots.map((snapshot) => snapshot.id)).toEqual(ids.slice(1, 4));
    expect(body.bundle.isAvailable).toBe(true);
    expect(body.bundle.href).toMatch(/^\/api\/audit-window\/bundle\.zip\?cluster=shop&from=/);
  });

  it('bundles every snapshot of the range, one folder each under one MANIFEST.json, chain links checked', async () => {
    const response = await get('audit-window/bundle.zip', `/api/audit-window/bundle.zip${window('2026-03-01T00:30:00Z', '2026-03-01T03:00:00Z')}`, { role: 'auditor' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="refmap-shop-20260301T003000Z-20260301T030000Z.zip"');
    const zip = new Uint8Array(await response.arrayBuffer());
    const report = verifyBundle(zip);
    expect(report.problems).toEqual([]);
    expect(report.snapshots.map((snapshot) => snapshot.sequence)).toEqual([2, 3, 4]);
    const names = Object.keys(unzipSync(zip));
    expect(names.filter((name) => name.endsWith('MANIFEST.json'))).toEqual(['MANIFEST.json']);
    const folders = [...new Set(names.filter((name) => name.startsWith('snapshots/')).map((name) => name.split('/')[1]))];
    expect(folders).toEqual([`2026-03-01T01-00-00Z_${ids[1]}`, `2026-03-01T02-00-00Z_${ids[2]}`, `2026-03-01T03-00-00Z_${ids[3]}`]);

    const entries = unzipSync(zip);
    const edited = `snapshots/${folders[1]}/results.csv`;
    entries[edited]![50] = entries[edited]![50]! ^ 0x01;
    expect(verifyBundle(zipSync(entries)).problems[0]).toMatchObject({ path: edited });

    const events = await database.prisma.auditEvent.findMany({ where: { action: 'download', target: 'shop 2026-03-01T00:30:00.000Z..2026-03-01T03:00:00.000Z' } });
    expect(events[0]?.details).toMatchObject({ format: 'bundle', snapshots: 3 });
  });

  it('refuses a range with more snapshots than one bundle takes, an empty range and a missing end', async () => {
    const tooMany = await expectEnvelope(await get('audit-window/bundle.zip', `/api/audit-window/bundle.zip${window('2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z', 'busy')}`, { role: 'auditor' }), 400, 'too_many_snapshots');
    expect(tooMany).toContain(`${MAX_SNAPSHOTS_PER_BUNDLE + 1} snapshots`);
    await expectEnvelope(await get('audit-window/bundle.zip', `/api/audit-window/bundle.zip${window('2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z')}`, { role: 'auditor' }), 404, 'no_snapshots');
    await expectEnvelope(await get('audit-window/bundle.zip', '/api/audit-window/bundle.zip?from=2026-01-01T00:00:00Z', { role: 'auditor' }), 400, 'bad_request');
    await expectEnvelope(await get('audit-window/bundle.zip', `/api/audit-window/bundle.zip${window('2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z')}`, { role: 'auditor' }), 400, 'bad_request');
    await expectEnvelope(await get('audit-window/bundle.zip', `/api/audit-window/bundle.zip${window('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z', 'nowhere')}`, { role: 'auditor' }), 404, 'cluster_not_found');
    await expectEnvelope(await get('audit-window', `/api/audit-window${window('0000-01-01T00:00:00Z', '2026-03-02T00:00:00Z')}`, { role: 'auditor' }), 400, 'bad_request');
    await expectEnvelope(await get('audit-window', `/api/audit-window${window('yesterday', '2026-03-02T00:00:00Z')}`, { role: 'auditor' }), 400, 'bad_request');
    await expectEnvelope(await get('audit-window', `/api/audit-window${window('2026-01-01T00:00:00Z', '9999-12-31T23:59:59-14:00')}`, { role: 'auditor' }), 400, 'bad_request');
  });

  it('needs the download permission for the bundle', async () => {
    await expectEnvelope(await get('audit-window/bundle.zip', `/api/audit-window/bundle.zip${window('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z')}`, { role: 'manager' }), 403, 'forbidden');
    await expectEnvelope(await get('audit-window/bundle.zip', `/api/audit-window/bundle.zip${window('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z')}`), 401, 'unauthenticated');
  });
});
