import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCluster, startDemoCluster } from '@/demo';

const NOW = new Date('2026-01-01T00:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;

let cluster: DemoCluster;

beforeAll(async () => {
  cluster = await startDemoCluster({ scenario: 'stock', now: NOW });
});

afterAll(async () => {
  await cluster.stop();
});

interface PrometheusAnswer {
  status: 'success' | 'error';
  errorType?: string;
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value?: [number, string]; values?: Array<[number, string]> }> | [number, string] };
}

async function call(path: string, params: Record<string, string>, init: RequestInit = {}): Promise<{ status: number; body: PrometheusAnswer }> {
  const response = await fetch(`${cluster.urls.prometheus}${path}?${new URLSearchParams(params)}`, {
    ...init,
    headers: { authorization: `Bearer ${cluster.credentials.prometheusToken}`, ...init.headers },
  });
  return { status: response.status, body: (await response.json()) as PrometheusAnswer };
}

function query(promql: string, time = String(NOW_SECONDS)) {
  return call('/api/v1/query', { query: promql, time });
}

/** Every metric name the evidence catalog reads. */
const CATALOG_METRICS = [
  'kube_node_info',
  'trivy_cluster_compliance',
  'up',
  'fluentd_output_status_num_errors',
  'fluentd_output_status_buffer_available_space_ratio',
  'elasticsearch_snapshot_stats_snapshot_start_time_timestamp',
  'gatekeeper_violations',
  'gatekeeper_constraints',
  'gatekeeper_audit_last_run_time',
  'falcosecurity_falcosidekick_falco_events_total',
  'falcosecurity_scap_n_drops_total',
  'felix_iptables_restore_errors',
  'node_boot_time_seconds',
  'kube_node_created',
  'trivy_image_vulnerabilities',
  'trivy_image_exposedsecrets',
  'trivy_image_info',
  'argocd_app_info',
  'alertmanager_config_last_reload_successful',
  'alertmanager_notifications_failed_total',
  'ALERTS',
  'velero_backup_last_successful_timestamp',
  'certmanager_certificate_expiration_timestamp_seconds',
];

describe('demo Prometheus HTTP API', () => {
  it('answers 401 without the bearer token', async () => {
    const response = await fetch(`${cluster.urls.prometheus}/api/v1/query?query=up`);
    expect(response.status).toBe(401);
    const wrong = await fetch(`${cluster.urls.prometheus}/api/v1/query?query=up`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('answers an instant query in Prometheus JSON', async () => {
    const { status, body } = await query('kube_node_info{node="demo-wc-control-plane-0"}');
    expect(status).toBe(200);
    expect(body.status).toBe('success');
    expect(body.data?.resultType).toBe('vector');
    const [sample] = body.data?.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
    expect(sample?.value).toEqual([NOW_SECONDS, '1']);
    expect(sample?.metric).toMatchObject({ __name__: 'kube_node_info', node: 'demo-wc-control-plane-0', kubelet_version: 'v1.31.4' });
    // labels come sorted, as Prometheus prints them
    expect(Object.keys(sample?.metric ?? {})).toEqual(Object.keys(sample?.metric ?? {}).sort());
  });

  it('accepts POST with a form-encoded body', async () => {
    const { body } = await call('/api/v1/query', {}, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'count(kube_node_info)', time: String(NOW_SECONDS) }).toString(),
    });
    expect(body.data?.result).toEqual([{ metric: {}, value: [NOW_SECONDS, '4'] }]);
  });

  it('accepts RFC 3339 times and uses the cluster clock when time is missing', async () => {
    expect((await query('time()', '2026-01-01T00:00:00Z')).body.data?.result).toEqual([NOW_SECONDS, '1767225600']);
    const { body } = await call('/api/v1/query', { query: 'time()' });
    const [timestamp] = body.data?.result as [number, string];
    expect(timestamp).toBeGreaterThanOrEqual(NOW_SECONDS);
    expect(timestamp).toBeLessThan(NOW_SECONDS + 60);
  });

  it('answers scalars and range selectors with their result types', async () => {
    expect((await query('20 * 86400')).body.data).toEqual({ resultType: 'scalar', result: [NOW_SECONDS, '1728000'] });
    const matrix = (await query('up{job="kubelet", node="demo-wc-worker-0"}[1m]')).body.data;
    expect(matrix?.resultType).toBe('matrix');
    expect((matrix?.result as Array<{ values: unknown[] }>)[0]?.values).toEqual([
      [NOW_SECONDS - 60, '1'],
      [NOW_SECONDS - 30, '1'],
      [NOW_SECONDS, '1'],
    ]);
  });

  it('answers range queries with one point per step', async () => {
    const { body } = await call('/api/v1/query_range', { query: 'sum(up)', start: String(NOW_SECONDS - 600), end: String(NOW_SECONDS), step: '1m' });
    expect(body.data?.resultType).toBe('matrix');
    const [series] = body.data?.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
    expect(series?.metric).toEqual({});
    expect(series?.values.map(([time]) => time)).toEqual(Array.from({ length: 11 }, (_, index) => NOW_SECONDS - 600 + index * 60));
  });

  it('has data for every metric the catalog names', async () => {
    const { body } = await query('count by (__name__) ({__name__=~".+"})');
    const names = (body.data?.result as Array<{ metric: Record<string, string> }>).map((sample) => sample.metric.__name__);
    for (const metric of CATALOG_METRICS) expect(names, metric).toContain(metric);
  });

  it.each([
    ['rate(up)', 'invalid parameter "query": 1:6: parse error: expected type range vector'],
    ['topk(1, up)', 'aggregation "topk" is not supported by the demo Prometheus'],
    ['', 'no expression found in input'],
  ])('answers 400 bad_data for %j', async (promql, message) => {
    const { status, body } = await query(promql);
    expect(status).toBe(400);
    expect(body).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(body.error).toContain(message);
  });

  it('answers 400 bad_data for bad times, steps and ranges', async () => {
    expect((await query('up', 'yesterday')).body.error).toBe('invalid parameter "time": cannot parse "yesterday" to a valid timestamp');
    const range = (params: Record<string, string>) => call('/api/v1/query_range', { query: 'up', start: '100', end: '200', step: '10', ...params });
    expect((await range({ end: '50' })).body.error).toBe('end timestamp must not be before start time');
    expect((await range({ step: '0' })).body.error).toContain('zero or negative query resolution step widths are not accepted');
    expect((await range({ step: '0.001' })).body.error).toContain('exceeded maximum resolution of 11,000 points');
    expect((await range({ query: 'up[5m]' })).body.error).toContain('invalid expression type "range vector" for range query');
    expect((await range({ step: 'often' })).status).toBe(400);
  });

  it('answers 422 execution errors like Prometheus', async () => {
    const { status, body } = await query('up + on(job) up');
    expect(status).toBe(422);
    expect(body).toMatchObject({ status: 'error', errorType: 'execution' });
    expect(body.error).toContain('many-to-many matching not allowed');
  });

  it('serves build info and 404 for unknown paths', async () => {
    expect((await call('/api/v1/status/buildinfo', {})).body).toMatchObject({ status: 'success', data: { version: expect.stringMatching(/^2\./) } });
    const response = await fetch(`${cluster.urls.prometheus}/api/v1/nothing`, { headers: { authorization: `Bearer ${cluster.credentials.prometheusToken}` } });
    expect(response.status).toBe(404);
  });

  it('empty fault: no series, but still valid answers', async () => {
    cluster.setFault('prometheus', 'empty');
    try {
      expect((await query('up')).body).toEqual({ status: 'success', data: { resultType: 'vector', result: [] } });
      expect((await call('/api/v1/query_range', { query: 'up', start: '0', end: '60', step: '30' })).body.data?.result).toEqual([]);
    } finally {
      cluster.setFault('prometheus', undefined);
    }
  });
});
