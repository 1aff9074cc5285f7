import { afterEach, describe, expect, it } from 'vitest';
import { describeFailureModes } from '@/lib/sources/test-support/failure-modes';
import { readFixture, startFixtureServer, type FixtureAnswer, type FixtureHandler, type FixtureServer, type SeenRequest } from '@/lib/sources/test-support/fixture-server';
import { createHarborClient } from './client';

const here = import.meta.dirname;
const expected = (name: string) => readFixture(here, name);

// What a Harbor with three projects answers, by the raw request path (encoding kept).
const ROUTES: Record<string, string> = {
  '/api/v2.0/health': 'health.json',
  '/api/v2.0/systeminfo': 'systeminfo.json',
  '/api/v2.0/scanners': 'scanners.json',
  '/api/v2.0/projects': 'projects.json',
  '/api/v2.0/system/CVEAllowlist': 'cve-allowlist.json',
  '/api/v2.0/projects/library/repositories': 'repositories-library.json',
  '/api/v2.0/projects/shop/repositories': 'repositories-shop.json',
  '/api/v2.0/projects/team-a/repositories': 'repositories-team-a.json',
  '/api/v2.0/projects/library/repositories/nginx/artifacts': 'artifacts-library-nginx.json',
  '/api/v2.0/projects/shop/repositories/frontend/artifacts': 'artifacts-shop-frontend.json',
  // a repository name with a slash is encoded twice (swagger: a/b → a%252Fb)
  '/api/v2.0/projects/shop/repositories/payments%252Fapi/artifacts': 'artifacts-shop-payments-api.json',
};

function harborAnswer(request: SeenRequest): FixtureAnswer {
  const fixture = ROUTES[request.rawPath];
  if (fixture === undefined) return { status: 404, json: { errors: [{ code: 'NOT_FOUND', message: `no route ${request.rawPath}` }] } };
  const body = readFixture<unknown>(here, fixture);
  const headers: Record<string, string> = Array.isArray(body) ? { 'x-total-count': String(body.length) } : {};
  return { json: body, headers };
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function harborClient(handler: FixtureHandler = harborAnswer, options: { concurrency?: number } = {}) {
  server = await startFixtureServer(handler);
  return createHarborClient({ url: server.url, username: 'robot$refmap', password: 'secret', skipTlsVerify: false }, { timeoutMs: 2000, ...options });
}

describe('harbor golden fixtures', () => {
  it('reads health, system info, scanners and the CVE allowlist', async () => {
    const client = await harborClient();
    expect(await client.getHealth()).toEqual(expected('health.expected.json'));
    expect(await client.getSystemInfo()).toEqual(expected('systeminfo.expected.json'));
    expect(await client.listScanners()).toEqual(expected('scanners.expected.json'));
    expect(await client.getCveAllowlist()).toEqual(expected('cve-allowlist.expected.json'));
  });

  it('never keeps a scanner access credential', async () => {
    const client = await harborClient();
    expect(JSON.stringify(await client.listScanners())).not.toContain('PLANTED');
  });

  it('reads projects with their scan and vulnerability-gate settings', async () => {
    const client = await harborClient();
    expect(await client.listProjects()).toEqual(expected('projects.expected.json'));
    expect(server!.requests[0]?.query.get('page_size')).toBe('100');
  });

  it('lists every artifact of every repository with its scan overview', async () => {
    const client = await harborClient();
    const artifacts = await client.listAllArtifacts(['library', 'shop', 'team-a']);
    expect(artifacts).toEqual(expected('artifacts.expected.json'));
  });

  it('asks for scan overviews and tags, naming the report types it reads', async () => {
    const client = await harborClient();
    await client.listArtifacts('shop', 'shop/payments/api');
    const request = server!.requests.find((seen) => seen.rawPath.endsWith('/artifacts'))!;
    expect(request.rawPath).toBe('/api/v2.0/projects/shop/repositories/payments%252Fapi/artifacts');
    expect(request.query.get('with_scan_overview')).toBe('true');
    expect(request.query.get('with_tag')).toBe('true');
    expect(request.headers['x-accept-vulnerabilities']).toBe(
      'application/vnd.security.vulnerability.report; version=1.1, application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0',
    );
  });
});

function syntheticProjects(count: number) {
  return Array.from({ length: count }, (_, index) => ({ project_id: index + 1, name: `project-${String(index + 1).padStart(3, '0')}`, metadata: { public: 'false' } }));
}

function pagedAnswer(items: unknown[], options: { withTotal: boolean }) {
  return (request: SeenRequest): FixtureAnswer => {
    const page = Number(request.query.get('page'));
    const pageSize = Number(request.query.get('page_size'));
    const slice = items.slice((page - 1) * pageSize, page * pageSize);
    return { json: slice, headers: options.withTotal ? { 'x-total-count': String(items.length) } : {} };
  };
}

describe('harbor pagination', () => {
  it('reads every page that X-Total-Count announces', async () => {
    const projects = syntheticProjects(250);
    const client = await harborClient(pagedAnswer(projects, { withTotal: true }));
    const listed = await client.listProjects();
    expect(listed.map((project) => project.name)).toEqual(projects.map((project) => project.name));
    expect(server!.requests.map((request) => request.query.get('page')).sort()).toEqual(['1', '2', '3']);
  });

  it('reads on until a short page when X-Total-Count is missing', async () => {
    const projects = syntheticProjects(200);
    const client = await harborClient(pagedAnswer(projects, { withTotal: false }));
    expect(await client.listProjects()).toHaveLength(200);
    expect(server!.requests.map((request) => request.query.get('page'))).toEqual(['1', '2', '3']);
  });

  it('ends with exactly one page when the count fits it', async () => {
    const client = await harborClient(pagedAnswer(syntheticProjects(100), { withTotal: true }));
    expect(await client.listProjects()).toHaveLength(100);
    expect(server!.requests).toHaveLength(1);
  });
});

describe('harbor artifact listing at scale', () => {
  it('pipelines repositories with a bounded number of requests in flight', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const repositories = Array.from({ length: 30 }, (_, index) => ({ id: index, project_id: 1, name: `big/repo-${index}`, artifact_count: 150 }));
    const artifacts = Array.from({ length: 150 }, (_, index) => ({ id: index, digest: `sha256:${String(index).padStart(64, '0')}`, tags: [{ name: `v${index}` }] }));
    const client = await harborClient(
      async (request) => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        if (request.rawPath === '/api/v2.0/projects/big/repositories') return pagedAnswer(repositories, { withTotal: true })(request);
        return pagedAnswer(artifacts, { withTotal: true })(request);
      },
      { concurrency: 8 },
    );
    const listed = await client.listAllArtifacts(['big']);
    expect(listed).toHaveLength(30 * 150);
    expect(listed[0]).toMatchObject({ project: 'big', repository: 'big/repo-0', tags: ['v0'], criticalCount: 0, highCount: 0 });
    expect(listed.at(-1)).toMatchObject({ repository: 'big/repo-29', tags: ['v149'] });
    expect(mostInFlight).toBeLessThanOrEqual(8);
    expect(mostInFlight).toBeGreaterThan(1);
  });
});

describeFailureModes({
  source: 'harbor',
  auth: 'basic',
  call: (connection, timeoutMs) => createHarborClient(connection, { timeoutMs }).listProjects(),
  answer: harborAnswer,
});
