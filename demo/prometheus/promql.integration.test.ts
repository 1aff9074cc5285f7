import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCluster, type DemoScenario, startDemoCluster } from '@/demo';

/**
 * Compares the demo Prometheus with a real one holding the same data. The harness backfills
 * `toOpenMetrics(buildDemoDataset({ scenario: 'stock', now }))` into a real Prometheus and sets
 *   TEST_PROMETHEUS_URL  e.g. http://127.0.0.1:9090
 *   TEST_PROMETHEUS_NOW  the ISO time given as `now`
 * Both must be set: without a real server to compare with, this test fails rather than skips.
 * TEST_PROMETHEUS_SCENARIO (optional, default stock) compares another scenario's backfill.
 */

const REAL_URL = process.env.TEST_PROMETHEUS_URL;
const NOW_TEXT = process.env.TEST_PROMETHEUS_NOW;
const SCENARIO = (process.env.TEST_PROMETHEUS_SCENARIO ?? 'stock') as DemoScenario;

const INSTANT_QUERIES = [
  'up',
  'up{job=~"fluentd.*"}',
  'up == 0',
  'count(up == 1) / count(up)',
  'avg by (job) (up)',
  'sum without (instance, pod) (up)',
  '{__name__="gatekeeper_violations"}',
  '{__name__=~"gatekeeper_.*", enforcement_action="warn"}',
  'gatekeeper_constraints{status="active"} > 0',
  'time() - gatekeeper_audit_last_run_time',
  'sum by (severity) (trivy_image_vulnerabilities)',
  'sum(trivy_image_vulnerabilities{severity="Critical"}) by (namespace, image_repository)',
  'trivy_image_vulnerabilities{severity="Critical"} > 0',
  'trivy_image_exposedsecrets > 0',
  'trivy_image_info{image_os_eosl="true"}',
  'trivy_cluster_compliance{status="Fail"}',
  'count(trivy_image_info)',
  'kube_node_info',
  'count by (kubelet_version) (kube_node_info)',
  '(time() - node_boot_time_seconds) / 86400 > 30',
  'node_boot_time_seconds - on(node) kube_node_created',
  'node_boot_time_seconds - ignoring(instance, job) kube_node_created',
  'absent(kured_reboot_required)',
  'absent(up{job="fluentd"})',
  'increase(fluentd_output_status_num_errors[10m])',
  'increase(fluentd_output_status_num_errors[3h])',
  'rate(fluentd_output_status_num_errors[5m])',
  'fluentd_output_status_buffer_available_space_ratio < 50',
  'max_over_time(fluentd_output_status_buffer_available_space_ratio[1h])',
  'min_over_time(up[3h])',
  'count_over_time(up{job="node-exporter"}[10m])',
  'count_over_time(ALERTS[3h])',
  'increase(falcosecurity_falcosidekick_falco_events_total[10m])',
  'increase(falcosecurity_falcosidekick_falco_events_total[1h])',
  'rate(falcosecurity_falcosidekick_falco_events_total[30m])',
  'sum by (priority) (increase(falcosecurity_falcosidekick_falco_events_total[1h]))',
  'falcosecurity_scap_n_drops_total',
  'increase(felix_iptables_restore_errors[1h])',
  'argocd_app_info{sync_status!="Synced"}',
  'sum(argocd_app_info) by (sync_status, health_status)',
  'alertmanager_config_last_reload_successful',
  'increase(alertmanager_notifications_failed_total[1h])',
  'ALERTS{alertstate="firing"}',
  'ALERTS{alertname="KubePodCrashLooping"}',
  'time() - velero_backup_last_successful_timestamp > 86400',
  'time() - velero_backup_last_successful_timestamp',
  'time() - max(elasticsearch_snapshot_stats_snapshot_start_time_timestamp{state="SUCCESS"})',
  'certmanager_certificate_expiration_timestamp_seconds - time() < 20 * 86400',
  'min(certmanager_certificate_expiration_timestamp_seconds - time()) / 86400',
  'kube_daemonset_status_number_ready != kube_daemonset_status_desired_number_scheduled',
  'up != bool 1',
  '2 * up + 1',
  '-up{job="kubelet"}',
  'time()',
  '1 + 2 * 3',
  '20 > bool 3',
  'up{job="kubelet"}[2m]',
];

/** Queries evaluated 77 minutes before the end of the data, when the resolved alert still fired. */
const EARLIER_QUERIES = ['ALERTS', 'increase(falcosecurity_falcosidekick_falco_events_total[1h])', 'count(up)'];

const ERROR_QUERIES = ['rate(up)', 'sum(up[5m])', '{job=~".*"}', 'up + on(job) up', 'up{job="a"'];

const RANGE_QUERIES: Array<{ query: string; backSeconds: number; step: number }> = [
  { query: 'sum by (job) (up)', backSeconds: 3600, step: 60 },
  { query: 'increase(fluentd_output_status_num_errors[10m])', backSeconds: 3 * 3600, step: 300 },
  { query: 'ALERTS', backSeconds: 3 * 3600, step: 600 },
  { query: 'rate(falcosecurity_falcosidekick_falco_events_total[5m])', backSeconds: 3600, step: 120 },
  { query: 'time() - gatekeeper_audit_last_run_time', backSeconds: 1800, step: 45 },
  { query: 'count(trivy_image_vulnerabilities)', backSeconds: 3 * 3600, step: 900 },
];

interface Answer {
  status: number;
  body: { status: string; errorType?: string; error?: string; data?: { resultType: string; result: unknown } };
}

let cluster: DemoCluster | undefined;

/** The time the data was backfilled for; every test fails (rather than skips) without the environment. */
function configuredNowSeconds(): number {
  if (REAL_URL === undefined || REAL_URL === '' || NOW_TEXT === undefined || Number.isNaN(Date.parse(NOW_TEXT))) {
    throw new Error('TEST_PROMETHEUS_URL and TEST_PROMETHEUS_NOW must be set (a Prometheus backfilled with the demo stock dataset for that time)');
  }
  return Date.parse(NOW_TEXT) / 1000;
}

beforeAll(async () => {
  if (NOW_TEXT !== undefined && !Number.isNaN(Date.parse(NOW_TEXT))) cluster = await startDemoCluster({ scenario: SCENARIO, now: new Date(NOW_TEXT) });
});

afterAll(async () => {
  await cluster?.stop();
});

async function ask(base: string, path: string, params: Record<string, string>, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${base}${path}?${new URLSearchParams(params)}`, { headers, signal: AbortSignal.timeout(20_000) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function askBoth(path: string, params: Record<string, string>): Promise<{ real: Answer; demo: Answer }> {
  configuredNowSeconds();
  if (cluster === undefined) throw new Error('the demo cluster did not start');
  const [real, demo] = await Promise.all([
    ask(REAL_URL ?? '', path, params, {}),
    ask(cluster.urls.prometheus, path, params, { authorization: `Bearer ${cluster.credentials.prometheusToken}` }),
  ]);
  return { real, demo };
}

type Pair = [number, string];

/** A result reduced to sorted `labels → values`, so that series order does not matter. */
function normalise(data: { resultType: string; result: unknown }): Record<string, Pair[]> {
  if (data.resultType === 'scalar') return { scalar: [data.result as Pair] };
  const series = data.result as Array<{ metric: Record<string, string>; value?: Pair; values?: Pair[] }>;
  const entries = series.map((item) => [JSON.stringify(Object.entries(item.metric).sort()), item.value !== undefined ? [item.value] : (item.values ?? [])] as const);
  return Object.fromEntries([...entries].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

function expectSameData(real: Answer, demo: Answer, description: string): void {
  expect(demo.status, `${description}: HTTP status`).toBe(real.status);
  expect(real.body.status, `${description}: real Prometheus answered ${real.body.error ?? ''}`).toBe('success');
  const realData = real.body.data;
  const demoData = demo.body.data;
  if (realData === undefined || demoData === undefined) throw new Error(`${description}: missing data`);
  expect(demoData.resultType, `${description}: resultType`).toBe(realData.resultType);
  const realSeries = normalise(realData);
  const demoSeries = normalise(demoData);
  expect(Object.keys(demoSeries), `${description}: series`).toEqual(Object.keys(realSeries));
  for (const [key, realPairs] of Object.entries(realSeries)) {
    const demoPairs = demoSeries[key] ?? [];
    expect(demoPairs.map((pair) => pair[0]), `${description}: timestamps of ${key}`).toEqual(realPairs.map((pair) => pair[0]));
    realPairs.forEach(([, realValue], index) => {
      const demoValue = (demoPairs[index] as Pair)[1];
      if (demoValue === realValue) return;
      const expected = Number(realValue);
      const actual = Number(demoValue);
      expect(Math.abs(actual - expected), `${description}: ${key} value ${demoValue} vs ${realValue}`).toBeLessThanOrEqual(Math.abs(expected) * 1e-9);
    });
  }
}

describe(`demo PromQL evaluator against a real Prometheus (${SCENARIO} dataset)`, () => {
  it.each(INSTANT_QUERIES)('instant query at the end of the data: %s', async (query) => {
    const { real, demo } = await askBoth('/api/v1/query', { query, time: String(configuredNowSeconds()) });
    expectSameData(real, demo, query);
  });

  it.each(EARLIER_QUERIES)('instant query 77 minutes earlier: %s', async (query) => {
    const { real, demo } = await askBoth('/api/v1/query', { query, time: String(configuredNowSeconds() - 77 * 60) });
    expectSameData(real, demo, query);
  });

  it.each(RANGE_QUERIES)('range query: $query', async ({ query, backSeconds, step }) => {
    const { real, demo } = await askBoth('/api/v1/query_range', { query, start: String(configuredNowSeconds() - backSeconds), end: String(configuredNowSeconds()), step: String(step) });
    expectSameData(real, demo, query);
  });

  it.each(ERROR_QUERIES)('rejects %s the same way', async (query) => {
    const { real, demo } = await askBoth('/api/v1/query', { query, time: String(configuredNowSeconds()) });
    expect(real.body.status).toBe('error');
    expect(demo.status).toBe(real.status);
    expect(demo.body.errorType).toBe(real.body.errorType);
  });

  it('finds the same cluster in the real server (the backfill is the demo data)', async () => {
    const { real } = await askBoth('/api/v1/query', { query: 'count(kube_node_info)', time: String(configuredNowSeconds()) });
    expect(real.body.data?.result).toEqual([{ metric: {}, value: [configuredNowSeconds(), String(cluster?.dataset.scale.nodes)] }]);
  });
});
