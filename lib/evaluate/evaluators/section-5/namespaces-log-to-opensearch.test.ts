import { describe, expect, it, vi } from 'vitest';
import type { PodSummary, TermCount } from '@/lib/sources/types';
import type { SourceReaders } from '../../source-readers';
import { testEnv } from '@/lib/testing/evaluation-env';
import { namespacesLogToOpenSearch } from './namespaces-log-to-opensearch';

const { judge, read } = namespacesLogToOpenSearch.spec;
const params = { indexPattern: 'kubernetes*', namespaceField: 'kubernetes.namespace_name', namespaceBuckets: 1000 };
const pod = (namespace: string, name: string, phase = 'Running'): PodSummary => ({ namespace, name, labels: {}, phase, containers: [] });
const pods = [pod('shop', 'web-1'), pod('shop', 'web-2'), pod('payments', 'api-1'), pod('analytics', 'job-1', 'Succeeded'), pod('kube-system', 'coredns')];
const logs = (...namespaces: string[]): TermCount[] => namespaces.map((key) => ({ key, count: 10 }));

describe('namespaces-log-to-opensearch', () => {
  it.each([
    { state: 'every workload namespace logged (system and finished pods ignored)', pods, logCounts: logs('shop', 'payments'), expected: 'pass' },
    { state: 'a workload namespace without logs', pods, logCounts: logs('shop', 'kube-system'), expected: 'fail' },
    { state: 'a namespace with a zero count', pods, logCounts: [...logs('shop'), { key: 'payments', count: 0 }], expected: 'fail' },
    { state: 'only system and finished pods', pods: [pod('kube-system', 'coredns'), pod('analytics', 'job-1', 'Succeeded')], logCounts: [], expected: 'not-applicable' },
  ])('$state → $expected', ({ pods: podList, logCounts, expected }) => {
    expect(judge({ pods: podList, logCounts }, params, testEnv()).status).toBe(expected);
  });

  it('names the silent namespace with its running pods and the window', () => {
    const outcome = judge({ pods, logCounts: logs('shop') }, params, testEnv({ stdoutLogWindowHours: 12 }));
    expect(outcome.summary).toBe('1 of 2 workload namespaces wrote no logs within 12 h');
    expect(outcome.excerpt).toEqual({
      workloadNamespaces: 2,
      windowHours: 12,
      since: '2026-06-01T00:00:00.000Z',
      totalOffenders: 1,
      offenders: [{ object: 'namespace payments', reason: '1 running pod, no log documents in the last 12 h' }],
    });
  });

  it('asks OpenSearch for the configured index, field and bucket count since the window start', async () => {
    const countByTerms = vi.fn(async () => logs('shop'));
    const sources = { pods: async () => pods, countByTerms } as unknown as SourceReaders;
    const readings = await read(sources, { ...params, indexPattern: 'app-logs-*' }, testEnv());
    expect(countByTerms).toHaveBeenCalledWith('app-logs-*', 'kubernetes.namespace_name', { sinceIso: '2026-05-31T12:00:00.000Z', size: 1000 });
    expect(readings.logCounts).toEqual(logs('shop'));
  });

  it('does not ask OpenSearch when no workload pod runs', async () => {
    const countByTerms = vi.fn(async () => logs('shop'));
    const sources = { pods: async () => [pod('kube-system', 'coredns')], countByTerms } as unknown as SourceReaders;
    await read(sources, params, testEnv());
    expect(countByTerms).not.toHaveBeenCalled();
  });
});
