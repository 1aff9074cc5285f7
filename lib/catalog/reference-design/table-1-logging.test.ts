import { describe, expect, it } from 'vitest';
import type { FakeOpenSearch } from '@/lib/testing/fake-sources';
import type { WorkloadSummary } from '@/lib/sources/types';
import { evaluateControl as evaluate, evidenceText, TEST_NOW } from '@/lib/testing/evaluate-control';
import { sourceDown } from '@/lib/testing/fake-sources';

const fluentd = (ready: number, desired = 3): WorkloadSummary => ({ kind: 'DaemonSet', namespace: 'fluentd-system', name: 'fluentd', labels: {}, desired, ready, images: [] });
const UP = 'up{job=~"fluentd.*"}';
const ERRORS = 'sum by (instance) (increase(fluentd_output_status_num_errors[10m]))';
const BUFFER = 'min by (instance) (fluentd_output_status_buffer_available_space_ratio)';
const healthyAgentMetrics = {
  [UP]: [{ labels: { instance: 'n1' }, value: 1 }],
  [ERRORS]: [{ labels: { instance: 'n1' }, value: 0 }],
  [BUFFER]: [{ labels: { instance: 'n1' }, value: 95 }],
};

describe('T1.LOG-AGENT', () => {
  it('passes with fluentd ready everywhere, up, error-free and with buffer room', async () => {
    expect((await evaluate('T1.LOG-AGENT', { kubernetes: { workloads: [fluentd(3)] }, prometheus: healthyAgentMetrics })).status).toBe('pass');
  });

  it('fails when fluentd misses nodes or drops output, warns on a filling buffer', async () => {
    const missing = await evaluate('T1.LOG-AGENT', { kubernetes: { workloads: [fluentd(2)] }, prometheus: healthyAgentMetrics });
    expect(missing.status).toBe('fail');
    expect(missing.summary).toContain('2 of 3 ready');
    const errors = await evaluate('T1.LOG-AGENT', { kubernetes: { workloads: [fluentd(3)] }, prometheus: { ...healthyAgentMetrics, [ERRORS]: [{ labels: { instance: 'n2' }, value: 12 }] } });
    expect(errors.status).toBe('fail');
    expect(evidenceText(errors)).toContain('fluentd n2');
    const buffer = await evaluate('T1.LOG-AGENT', { kubernetes: { workloads: [fluentd(3)] }, prometheus: { ...healthyAgentMetrics, [BUFFER]: [{ labels: { instance: 'n1' }, value: 20 }] } });
    expect(buffer.status).toBe('warn');
  });

  it('is unknown when the sources are down', async () => {
    const down = sourceDown('prometheus');
    const result = await evaluate('T1.LOG-AGENT', { kubernetes: { workloads: sourceDown('kubernetes') }, prometheus: { [UP]: down, [ERRORS]: down, [BUFFER]: down } });
    expect(result.status).toBe('unknown');
  });
});

describe('T1.LOG-TAMPERPROOF', () => {
  it('passes for a workload cluster whose logs live in the management cluster', async () => {
    const result = await evaluate('T1.LOG-TAMPERPROOF', { opensearch: {} }, {}, { name: 'wc', role: 'workload', logsStoredIn: 'mgmt' });
    expect(result.status).toBe('pass');
    expect(result.summary).toContain('mgmt');
  });

  it('warns when the configuration does not show where logs go', async () => {
    expect((await evaluate('T1.LOG-TAMPERPROOF', { opensearch: {} })).status).toBe('warn');
  });

  it('is unknown when OpenSearch is down', async () => {
    expect((await evaluate('T1.LOG-TAMPERPROOF', { opensearch: { health: sourceDown('opensearch') } })).status).toBe('unknown');
  });
});

const allAliases = ['kubernetes', 'kubeaudit', 'authlog', 'other'].map((alias) => ({ alias, index: `${alias}-000001`, isWriteIndex: true }));
const recent = new Date(TEST_NOW.getTime() - 60_000).toISOString();
const freshLogs: FakeOpenSearch = {
  health: { status: 'green', numberOfNodes: 3 },
  aliases: allAliases,
  latestDocumentTime: { 'kubernetes*': recent, 'kubeaudit*': recent, 'authlog*': recent, 'other*': null },
};

describe('T1.LOG-STORE', () => {
  it('passes on green with every alias written to recently', async () => {
    expect((await evaluate('T1.LOG-STORE', { opensearch: freshLogs })).status).toBe('pass');
  });

  it('warns on yellow and fails on a missing alias or stale logs', async () => {
    expect((await evaluate('T1.LOG-STORE', { opensearch: { ...freshLogs, health: { status: 'yellow', numberOfNodes: 3 } } })).status).toBe('warn');
    expect((await evaluate('T1.LOG-STORE', { opensearch: { ...freshLogs, aliases: allAliases.slice(0, 1) } })).status).toBe('fail');
    const stale = await evaluate('T1.LOG-STORE', { opensearch: { ...freshLogs, latestDocumentTime: { 'kubernetes*': recent, 'kubeaudit*': '2026-05-01T00:00:00Z', 'authlog*': recent } } });
    expect(stale.status).toBe('fail');
    expect(stale.summary).toContain('kubeaudit');
  });

  it('lets the authentication log be quiet for hours, but not for days', async () => {
    const hoursAgo = new Date(TEST_NOW.getTime() - 3 * 3_600_000).toISOString();
    const daysAgo = new Date(TEST_NOW.getTime() - 3 * 86_400_000).toISOString();
    expect((await evaluate('T1.LOG-STORE', { opensearch: { ...freshLogs, latestDocumentTime: { 'kubernetes*': recent, 'kubeaudit*': recent, 'authlog*': hoursAgo } } })).status).toBe('pass');
    expect((await evaluate('T1.LOG-STORE', { opensearch: { ...freshLogs, latestDocumentTime: { 'kubernetes*': recent, 'kubeaudit*': recent, 'authlog*': daysAgo } } })).status).toBe('fail');
  });

  it('is unknown when OpenSearch is down', async () => {
    const down = sourceDown('opensearch');
    expect((await evaluate('T1.LOG-STORE', { opensearch: { health: down, aliases: down, latestDocumentTime: down } })).status).toBe('unknown');
  });
});

const SNAPSHOT_AGE = 'time() - max(elasticsearch_snapshot_stats_snapshot_start_time_timestamp{state="SUCCESS"})';
const daysAgo = (days: number) => new Date(TEST_NOW.getTime() - days * 86_400_000).toISOString();
const oldIndices = ['kubernetes', 'kubeaudit', 'authlog', 'other'].map((alias) => ({ index: `${alias}-default-000001`, creationDate: daysAgo(40), docsCount: 10 }));

describe('T1.LOG-RETENTION', () => {
  const policies = [{ id: 'kubernetes', indexPatterns: ['kubernetes-*'], states: ['hot', 'delete'], deleteAfterDays: 30 }];

  it('passes with ISM policies, 30 days of indices and a fresh snapshot', async () => {
    const result = await evaluate('T1.LOG-RETENTION', { opensearch: { ismPolicies: policies, indices: oldIndices }, prometheus: { [SNAPSHOT_AGE]: [{ labels: {}, value: 3600 }] } });
    expect(result.status).toBe('pass');
  });

  it('fails without ISM policies or with an old snapshot', async () => {
    expect((await evaluate('T1.LOG-RETENTION', { opensearch: { ismPolicies: [], indices: oldIndices }, prometheus: { [SNAPSHOT_AGE]: [{ labels: {}, value: 3600 }] } })).status).toBe('fail');
    expect((await evaluate('T1.LOG-RETENTION', { opensearch: { ismPolicies: policies, indices: oldIndices }, prometheus: { [SNAPSHOT_AGE]: [{ labels: {}, value: 3 * 86_400 }] } })).status).toBe('fail');
  });

  it('is unknown when no snapshot is reported or the sources are down', async () => {
    expect((await evaluate('T1.LOG-RETENTION', { opensearch: { ismPolicies: policies, indices: oldIndices }, prometheus: {} })).status).toBe('unknown');
    const down = sourceDown('opensearch');
    expect((await evaluate('T1.LOG-RETENTION', { opensearch: { ismPolicies: down, indices: down }, prometheus: { [SNAPSHOT_AGE]: sourceDown('prometheus') } })).status).toBe('unknown');
  });
});

describe('T1.LOG-VIZ', () => {
  it('passes when the Dashboards system index exists, warns otherwise', async () => {
    expect((await evaluate('T1.LOG-VIZ', { opensearch: { indices: [{ index: '.opensearch_dashboards_1', docsCount: 5 }] } })).status).toBe('pass');
    expect((await evaluate('T1.LOG-VIZ', { opensearch: { indices: oldIndices } })).status).toBe('warn');
  });

  it('is unknown when OpenSearch is down', async () => {
    expect((await evaluate('T1.LOG-VIZ', { opensearch: { indices: sourceDown('opensearch') } })).status).toBe('unknown');
  });
});
