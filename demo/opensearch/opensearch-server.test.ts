import { Client } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCluster, startDemoCluster } from '@/demo';

const NOW = new Date('2026-01-01T00:00:00Z');

let cluster: DemoCluster;
let client: Client;

beforeAll(async () => {
  cluster = await startDemoCluster({ scenario: 'stock', now: NOW });
  client = new Client({ node: cluster.urls.opensearch, auth: { username: cluster.credentials.opensearchUsername, password: cluster.credentials.opensearchPassword } });
});

afterAll(async () => {
  await client.close();
  await cluster.stop();
});

interface Bucket {
  key: string;
  doc_count: number;
  [sub: string]: unknown;
}

async function search(index: string, body: Record<string, unknown>): Promise<{ hits: { total: { value: number; relation: string }; hits: Array<Record<string, unknown>> }; aggregations?: Record<string, { buckets?: Bucket[]; value?: number | null; value_as_string?: string }> }> {
  const response = await client.search({ index, body });
  return response.body as never;
}

describe('demo OpenSearch with @opensearch-project/opensearch', () => {
  it('identifies as OpenSearch and reports cluster health', async () => {
    const info = await client.info();
    expect(info.body.version.distribution).toBe('opensearch');
    const health = await client.cluster.health();
    expect(health.body.status).toBe('yellow');
    expect(health.body.unassigned_shards).toBeGreaterThan(0);
  });

  it('rejects wrong credentials with the security plugin answer', async () => {
    const response = await fetch(`${cluster.urls.opensearch}/_cluster/health`, { headers: { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` } });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('Unauthorized');
    const stranger = new Client({ node: cluster.urls.opensearch, auth: { username: 'x', password: 'y' } });
    await expect(stranger.cluster.health()).rejects.toMatchObject({ meta: { statusCode: 401 } });
    await stranger.close();
  });

  it('lists the four write aliases over daily indices', async () => {
    const aliases = (await client.cat.aliases({ format: 'json' })).body as Array<{ alias: string; index: string; is_write_index: string }>;
    expect([...new Set(aliases.map((alias) => alias.alias))].sort()).toEqual(['authlog', 'kubeaudit', 'kubernetes', 'other']);
    for (const name of ['kubernetes', 'kubeaudit', 'authlog', 'other']) {
      const writeIndices = aliases.filter((alias) => alias.alias === name && alias.is_write_index === 'true');
      expect(writeIndices).toHaveLength(1);
      expect(writeIndices[0]?.index).toMatch(new RegExp(`^${name}-default-\\d{4}\\.\\d{2}\\.\\d{2}-000031$`));
    }
  });

  it('lists indices with creation dates and document counts', async () => {
    const indices = (await client.cat.indices({ format: 'json', h: 'index,creation.date,docs.count', s: 'creation.date' } as never)).body as Array<Record<string, string>>;
    const kubernetes = indices.filter((index) => index.index?.startsWith('kubernetes-'));
    expect(kubernetes).toHaveLength(31);
    const oldest = Number(kubernetes[0]?.['creation.date']);
    expect(NOW.getTime() - oldest).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(kubernetes.every((index) => Number(index['docs.count']) > 0)).toBe(true);
    const text = await fetch(`${cluster.urls.opensearch}/_cat/indices/authlog*?v&h=index,health`, { headers: { authorization: basicAuth() } });
    expect((await text.text()).split('\n')[0]).toBe('index health');
  });

  it('returns the ISM policies', async () => {
    const policies = (await client.transport.request({ method: 'GET', path: '/_plugins/_ism/policies' })).body as { total_policies: number; policies: Array<{ _id: string }> };
    expect(policies.total_policies).toBe(4);
    expect(policies.policies.map((policy) => policy._id).sort()).toEqual(['authlog', 'kubeaudit', 'kubernetes', 'other']);
  });

  it('aggregates log documents by namespace over the last day', async () => {
    const body = await search('kubernetes*', {
      size: 0,
      query: { bool: { filter: [{ range: { '@timestamp': { gte: 'now-24h' } } }] } },
      aggs: { namespaces: { terms: { field: 'kubernetes.namespace_name', size: 500 } }, newest: { max: { field: '@timestamp' } } },
    });
    const namespaces = (body.aggregations?.namespaces?.buckets ?? []).map((bucket) => bucket.key);
    expect(namespaces).toEqual(expect.arrayContaining(['payments', 'shop-frontend', 'kube-system', 'falco']));
    // the stock scenario's reporting namespace stopped writing to stdout three days ago
    expect(namespaces).not.toContain('reporting');
    const newest = body.aggregations?.newest?.value ?? 0;
    expect(NOW.getTime() - newest).toBeLessThan(5 * 60_000);
    expect(body.hits.total).toEqual({ value: 10_000, relation: 'gte' });
  });

  it('counts Falco events by priority and rule', async () => {
    const body = await search('kubernetes*', {
      size: 0,
      query: { bool: { filter: [{ range: { '@timestamp': { gte: 'now-1h' } } }, { exists: { field: 'rule' } }] } },
      aggs: { priorities: { terms: { field: 'priority' }, aggs: { rules: { terms: { field: 'rule' } } } } },
    });
    const buckets = body.aggregations?.priorities?.buckets ?? [];
    // Notice every 20 min (3 in the hour), Warning every 4 min since 47 min ago (12)
    expect(buckets.map((bucket) => [bucket.key, bucket.doc_count])).toEqual([
      ['Warning', 12],
      ['Notice', 3],
    ]);
    expect((buckets[0]?.rules as { buckets: Bucket[] }).buckets[0]?.key).toBe('Read sensitive file untrusted');
  });

  it('returns the newest documents as hits', async () => {
    const body = await search('kubeaudit', { size: 3, query: { match_all: {} }, sort: [{ '@timestamp': { order: 'desc' } }] });
    const times = body.hits.hits.map((hit) => (hit._source as { '@timestamp': string })['@timestamp']);
    expect(times).toHaveLength(3);
    expect(times).toEqual([...times].sort().reverse());
    expect(body.hits.hits[0]?._index).toMatch(/^kubeaudit-default-/);
  });

  it('counts exactly with track_total_hits and _count', async () => {
    const exact = await search('kubeaudit*', { size: 0, track_total_hits: true, query: { range: { '@timestamp': { gte: 'now-1d/d', lt: 'now' } } } });
    expect(exact.hits.total.relation).toBe('eq');
    expect(exact.hits.total.value).toBeGreaterThan(10_000);
    const counted = (await client.count({ index: 'authlog', body: { query: { term: { host: 'demo-wc-worker-0' } } } })).body as { count: number };
    expect(counted.count).toBeGreaterThan(100);
  });

  it('answers OpenSearch errors for missing indices and unsupported queries', async () => {
    await expect(client.search({ index: 'nope', body: { size: 0 } })).rejects.toMatchObject({ meta: { statusCode: 404, body: { error: { type: 'index_not_found_exception' } } } });
    await expect(client.search({ index: 'kubernetes*', body: { query: { wildcard: { log: 'x*' } } } })).rejects.toMatchObject({ meta: { statusCode: 400 } });
    await expect(client.search({ index: 'kubernetes*', body: { aggs: { a: { date_histogram: { field: '@timestamp' } } } } })).rejects.toMatchObject({ meta: { statusCode: 400 } });
    await expect(client.search({ index: 'kubernetes*', body: { sort: [{ '@timestamp': 'asc' }] } })).rejects.toMatchObject({ meta: { statusCode: 400 } });
    await expect(client.search({ index: 'kubernetes*', q: 'priority:Critical' })).rejects.toMatchObject({ meta: { statusCode: 400 } });
    const wildcardWithoutMatch = await search('nothing*', { size: 0 });
    expect(wildcardWithoutMatch.hits.total.value).toBe(0);
  });

  it('empty fault: no aliases, no indices, no documents', async () => {
    cluster.setFault('opensearch', 'empty');
    try {
      expect((await client.cat.aliases({ format: 'json' })).body).toEqual([]);
      const body = await search('kubernetes*', { size: 0, aggs: { namespaces: { terms: { field: 'kubernetes.namespace_name' } } } });
      expect(body.hits.total.value).toBe(0);
      expect(body.aggregations?.namespaces?.buckets).toEqual([]);
    } finally {
      cluster.setFault('opensearch', undefined);
    }
  });
});

function basicAuth(): string {
  return `Basic ${Buffer.from(`${cluster.credentials.opensearchUsername}:${cluster.credentials.opensearchPassword}`).toString('base64')}`;
}
