import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCluster, startDemoCluster } from '@/demo';
import { HARBOR_REPORT_MIME_TYPE } from '../scenarios/harbor-data';

let cluster: DemoCluster;

beforeAll(async () => {
  cluster = await startDemoCluster({ scenario: 'stock', now: new Date('2026-01-01T00:00:00Z') });
});

afterAll(async () => {
  await cluster.stop();
});

async function harbor(path: string, credentials?: { username: string; password: string }): Promise<{ status: number; headers: Headers; body: unknown }> {
  const { username, password } = credentials ?? { username: cluster.credentials.harborUsername, password: cluster.credentials.harborPassword };
  const response = await fetch(`${cluster.urls.harbor}${path}`, {
    headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** The `rel="next"` target of Harbor's Link header. */
function nextLink(headers: Headers): string | undefined {
  return /<([^>]+)>; rel="next"/.exec(headers.get('link') ?? '')?.[1];
}

describe('demo Harbor API v2.0', () => {
  it('answers 401 with Harbor errors without good credentials', async () => {
    const anonymous = await fetch(`${cluster.urls.harbor}/api/v2.0/projects`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] });
    expect((await harbor('/api/v2.0/projects', { username: cluster.credentials.harborUsername, password: 'wrong' })).status).toBe(401);
  });

  it('reports health, system info and the default scanner', async () => {
    expect((await harbor('/api/v2.0/health')).body).toMatchObject({ status: 'healthy', components: expect.arrayContaining([{ name: 'trivy', status: 'healthy' }]) });
    expect((await harbor('/api/v2.0/systeminfo')).body).toMatchObject({ auth_mode: 'oidc_auth', read_only: false, harbor_version: expect.stringMatching(/^v2\./) });
    expect((await harbor('/api/v2.0/scanners')).body).toEqual([expect.objectContaining({ name: 'Trivy', is_default: true, disabled: false })]);
  });

  it('pages through projects following the Link header', async () => {
    const names: string[] = [];
    let path: string | undefined = '/api/v2.0/projects?page=1&page_size=3';
    const totals: string[] = [];
    while (path !== undefined) {
      const page = await harbor(path);
      names.push(...(page.body as Array<{ name: string }>).map((project) => project.name));
      totals.push(page.headers.get('x-total-count') ?? '');
      path = nextLink(page.headers);
    }
    expect(names).toEqual(['analytics', 'payments', 'platform', 'shop']);
    expect(totals).toEqual(['4', '4']);
    const second = await harbor('/api/v2.0/projects?page=2&page_size=3');
    expect(second.headers.get('link')).toBe('</api/v2.0/projects?page=1&page_size=3>; rel="prev"');
  });

  it('keeps project metadata as strings, like Harbor', async () => {
    const projects = (await harbor('/api/v2.0/projects?page_size=100')).body as Array<{ metadata: Record<string, unknown> }>;
    for (const project of projects) {
      expect(project.metadata).toMatchObject({ auto_scan: 'true', prevent_vul: 'false', severity: 'low', public: 'false' });
    }
  });

  it('refuses page sizes above 100', async () => {
    const answer = await harbor('/api/v2.0/projects?page_size=101');
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).toContain('page_size in query should be less than or equal to 100');
  });

  it('lists repositories with full names and artifacts with scan overviews', async () => {
    const repositories = (await harbor('/api/v2.0/projects/payments/repositories?page_size=100')).body as Array<{ name: string; artifact_count: number }>;
    expect(repositories.map((repository) => repository.name)).toEqual(['payments/auth', 'payments/ledger', 'payments/payments-api']);
    const artifacts = (await harbor('/api/v2.0/projects/payments/repositories/payments-api/artifacts?with_scan_overview=true')).body as Array<{
      tags: Array<{ name: string }>;
      scan_overview: Record<string, { scan_status: string; severity: string; summary: { total: number; fixable: number; summary: Record<string, number> } }>;
    }>;
    const overview = artifacts[0]?.scan_overview[HARBOR_REPORT_MIME_TYPE];
    expect(overview?.scan_status).toBe('Success');
    expect(overview?.summary.total).toBe(Object.values(overview?.summary.summary ?? {}).reduce((sum, count) => sum + count, 0));
    const pods = cluster.dataset.kubernetes.resources.find((resource) => resource.plural === 'pods')?.items ?? [];
    const runningImage = JSON.stringify(pods.find((pod) => pod.metadata.name.startsWith('payments-api-'))?.spec);
    expect(runningImage).toContain(`payments/payments-api:${artifacts[0]?.tags[0]?.name}`);
  });

  it('leaves scan overviews out unless asked for', async () => {
    const artifacts = (await harbor('/api/v2.0/projects/payments/repositories/ledger/artifacts')).body as Array<Record<string, unknown>>;
    expect(artifacts[0]?.scan_overview).toBeUndefined();
    expect(artifacts[0]?.tags).toBeDefined();
  });

  it('needs slashes inside repository names encoded twice', async () => {
    const twice = await harbor(`/api/v2.0/projects/platform/repositories/${encodeURIComponent(encodeURIComponent('base/python'))}/artifacts?page_size=1`);
    expect(twice.status).toBe(200);
    expect(twice.body).toHaveLength(1);
    const once = await harbor(`/api/v2.0/projects/platform/repositories/${encodeURIComponent('base/python')}/artifacts`);
    expect(once.status).toBe(404);
  });

  it('pages artifacts across page boundaries without loss', async () => {
    const all = (await harbor('/api/v2.0/projects/platform/repositories/base%252Fpython/artifacts?page_size=100')).body as Array<{ digest: string }>;
    expect(all.length).toBeGreaterThan(1);
    const paged: string[] = [];
    let path: string | undefined = '/api/v2.0/projects/platform/repositories/base%252Fpython/artifacts?page=1&page_size=1';
    while (path !== undefined) {
      const page = await harbor(path);
      paged.push(...(page.body as Array<{ digest: string }>).map((artifact) => artifact.digest));
      path = nextLink(page.headers);
    }
    expect(paged).toEqual(all.map((artifact) => artifact.digest));
  });

  it('serves the system CVE allow-list and Harbor-style 404s', async () => {
    expect((await harbor('/api/v2.0/system/CVEAllowlist')).body).toMatchObject({ project_id: 0, items: [{ cve_id: 'CVE-2023-44487' }] });
    const missing = await harbor('/api/v2.0/projects/nope/repositories');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ errors: [{ code: 'NOT_FOUND', message: 'project nope not found' }] });
  });

  it('empty fault: no projects, still a valid list', async () => {
    cluster.setFault('harbor', 'empty');
    try {
      const answer = await harbor('/api/v2.0/projects');
      expect(answer.body).toEqual([]);
      expect(answer.headers.get('x-total-count')).toBe('0');
    } finally {
      cluster.setFault('harbor', undefined);
    }
  });
});
