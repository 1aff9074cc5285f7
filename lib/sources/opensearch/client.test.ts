import { afterEach, describe, expect, it } from 'vitest';
import { describeFailureModes } from '@/lib/sources/test-support/failure-modes';
import { readFixture, startFixtureServer, type FixtureAnswer, type FixtureServer, type SeenRequest } from '@/lib/sources/test-support/fixture-server';
import { createOpenSearchClient } from './client';

const here = import.meta.dirname;
const fixture = (name: string) => readFixture(here, name);

function openSearchAnswer(request: SeenRequest): FixtureAnswer {
  switch (request.rawPath) {
    case '/_cluster/health':
      return { json: fixture('cluster-health.json') };
    case '/_cat/aliases':
      return { json: fixture('cat-aliases.json') };
    case '/_cat/indices':
      return { json: fixture('cat-indices.json') };
    case '/_plugins/_ism/policies':
      return { json: fixture('ism-policies.json') };
    default:
      if (request.rawPath.endsWith('/_search')) {
        const body = JSON.parse(request.body) as { aggs: Record<string, unknown> };
        return { json: fixture('counts' in body.aggs ? 'search-terms.json' : 'search-latest.json') };
      }
      return { status: 404, json: { error: { type: 'index_not_found_exception' }, status: 404 } };
  }
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function openSearchClient(handler: (request: SeenRequest) => FixtureAnswer = openSearchAnswer) {
  server = await startFixtureServer(handler);
  return createOpenSearchClient({ url: server.url, username: 'refmap', password: 'secret', skipTlsVerify: false }, { timeoutMs: 2000 });
}

describe('opensearch golden fixtures', () => {
  it('reads cluster health, aliases and indices', async () => {
    const client = await openSearchClient();
    expect(await client.getClusterHealth()).toEqual(fixture('cluster-health.expected.json'));
    expect(await client.listAliases()).toEqual(fixture('cat-aliases.expected.json'));
    expect(await client.listIndices()).toEqual(fixture('cat-indices.expected.json'));
    const indicesRequest = server!.requests.find((request) => request.rawPath === '/_cat/indices')!;
    expect(indicesRequest.query.get('format')).toBe('json');
    expect(indicesRequest.query.get('h')).toContain('creation.date');
  });

  it('reads ISM policies with their index patterns and retention', async () => {
    const client = await openSearchClient();
    expect(await client.listIsmPolicies()).toEqual(fixture('ism-policies.expected.json'));
  });

  it('finds the newest document time with a max aggregation and no documents', async () => {
    const client = await openSearchClient();
    expect(await client.latestDocumentTime('kubernetes*')).toBe('2024-06-01T09:59:47.123Z');
    const request = server!.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.rawPath).toBe('/kubernetes*/_search');
    expect(request.query.get('ignore_unavailable')).toBe('true');
    expect(request.query.get('allow_no_indices')).toBe('true');
    expect(JSON.parse(request.body)).toEqual({ size: 0, track_total_hits: false, aggs: { latest: { max: { field: '@timestamp' } } } });
  });

  it('answers null for an index pattern without documents', async () => {
    const client = await openSearchClient(() => ({ json: fixture('search-latest-empty.json') }));
    expect(await client.latestDocumentTime('other*')).toBeNull();
  });

  it('counts documents per term with a time filter and matches, never fetching documents', async () => {
    const client = await openSearchClient();
    const counts = await client.countByTerms('kubernetes*', 'kubernetes.namespace_name', {
      sinceIso: '2024-05-31T10:00:00.000Z',
      match: { 'kubernetes.container_name': 'app' },
    });
    expect(counts).toEqual(fixture('search-terms.expected.json'));
    expect(JSON.parse(server!.requests[0]!.body)).toEqual({
      size: 0,
      track_total_hits: false,
      query: {
        bool: {
          filter: [{ range: { '@timestamp': { gte: '2024-05-31T10:00:00.000Z' } } }, { term: { 'kubernetes.container_name': 'app' } }],
        },
      },
      aggs: { counts: { terms: { field: 'kubernetes.namespace_name', size: 10_000 } } },
    });
  });
});

describe('opensearch ISM pagination', () => {
  it('reads every page of policies', async () => {
    const policies = Array.from({ length: 150 }, (_, index) => ({
      _id: `policy-${index}`,
      policy: { policy_id: `policy-${index}`, states: [{ name: 'hot', actions: [], transitions: [] }] },
    }));
    const client = await openSearchClient((request) => {
      const from = Number(request.query.get('from'));
      const size = Number(request.query.get('size'));
      return { json: { policies: policies.slice(from, from + size), total_policies: policies.length } };
    });
    const listed = await client.listIsmPolicies();
    expect(listed.map((policy) => policy.id)).toEqual(policies.map((policy) => policy._id));
    expect(server!.requests.map((request) => request.query.get('from'))).toEqual(['0', '100']);
  });
});

describeFailureModes({
  source: 'opensearch',
  auth: 'basic',
  call: (connection, timeoutMs) => createOpenSearchClient(connection, { timeoutMs }).getClusterHealth(),
  answer: () => ({ json: fixture('cluster-health.json') }),
});
