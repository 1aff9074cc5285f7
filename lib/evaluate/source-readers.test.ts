import { describe, expect, it } from 'vitest';
import type { HarborClient } from '@/lib/sources/harbor/client';
import type { KubernetesClient } from '@/lib/sources/kubernetes/client';
import type { OpenSearchSourceClient } from '@/lib/sources/opensearch/client';
import { SourceError } from '@/lib/sources/source-error';
import { createSourceReaders, type SourceReaders } from './source-readers';

/** Every reader method with the source it reads and arguments to call it with. */
const READERS: Array<{ method: keyof Omit<SourceReaders, 'clients'>; source: string; args?: unknown[] }> = [
  { method: 'kubernetesVersion', source: 'kubernetes' },
  { method: 'namespaces', source: 'kubernetes' },
  { method: 'nodes', source: 'kubernetes' },
  { method: 'pods', source: 'kubernetes' },
  { method: 'workloads', source: 'kubernetes' },
  { method: 'clusterRoleBindings', source: 'kubernetes' },
  { method: 'networkPolicies', source: 'kubernetes' },
  { method: 'gatekeeperConstraints', source: 'kubernetes' },
  { method: 'vulnerabilityReports', source: 'kubernetes' },
  { method: 'complianceReports', source: 'kubernetes' },
  { method: 'argoApplications', source: 'kubernetes' },
  { method: 'felixConfigurations', source: 'kubernetes' },
  { method: 'harborHealth', source: 'harbor' },
  { method: 'harborSystemInfo', source: 'harbor' },
  { method: 'harborScanners', source: 'harbor' },
  { method: 'harborProjects', source: 'harbor' },
  { method: 'harborArtifacts', source: 'harbor' },
  { method: 'harborCveAllowlist', source: 'harbor' },
  { method: 'openSearchHealth', source: 'opensearch' },
  { method: 'openSearchAliases', source: 'opensearch' },
  { method: 'openSearchIndices', source: 'opensearch' },
  { method: 'ismPolicies', source: 'opensearch' },
  { method: 'latestDocumentTime', source: 'opensearch', args: ['kubernetes*'] },
  { method: 'countByTerms', source: 'opensearch', args: ['kubernetes*', 'kubernetes.namespace_name', { sinceIso: '2024-06-01T00:00:00.000Z' }] },
];

function call(readers: SourceReaders, method: (typeof READERS)[number]['method'], args: unknown[] = []): Promise<unknown> {
  return (readers[method] as (...callArgs: unknown[]) => Promise<unknown>)(...args);
}

/** Counts calls per method name of a fake client. */
function counted<T extends object>(methods: Record<string, (...args: never[]) => unknown>): { client: T; calls: Record<string, number> } {
  const calls: Record<string, number> = {};
  const client = Object.fromEntries(
    Object.entries(methods).map(([name, implementation]) => [
      name,
      (...args: never[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        return implementation(...args);
      },
    ]),
  );
  return { client: client as unknown as T, calls };
}

describe('createSourceReaders', () => {
  it('rejects with not-configured for every reader whose source is missing', async () => {
    const readers = createSourceReaders({});
    for (const reader of READERS) {
      const error = await call(readers, reader.method, reader.args).catch((caught: unknown) => caught);
      expect(error, reader.method).toBeInstanceOf(SourceError);
      expect(error, reader.method).toMatchObject({ source: reader.source, kind: 'not-configured' });
      expect((error as SourceError).message).toContain(`${reader.source} is not configured`);
    }
  });

  it('fetches each list once however many checks ask', async () => {
    const kubernetes = counted<KubernetesClient>({
      listNamespaces: async () => [{ name: 'shop', labels: {} }],
      listPodPages: async function* () {
        yield [{ namespace: 'shop', name: 'a', containers: [] }];
        yield [{ namespace: 'shop', name: 'b', containers: [] }];
      },
    });
    const readers = createSourceReaders({ kubernetes: kubernetes.client });
    const [first, second] = await Promise.all([readers.namespaces(), readers.namespaces()]);
    expect(await readers.namespaces()).toBe(first);
    expect(second).toBe(first);
    expect(kubernetes.calls.listNamespaces).toBe(1);

    const pods = await Promise.all([readers.pods(), readers.pods(), readers.pods()]);
    expect(pods[0]!.map((pod) => pod.name)).toEqual(['a', 'b']);
    expect(kubernetes.calls.listPodPages).toBe(1);
  });

  it('shares a failure too, so every check sees the same answer', async () => {
    const failure = new SourceError({ source: 'kubernetes', kind: 'timeout', path: '/api/v1/nodes', message: 'no answer within 10 ms' });
    const kubernetes = counted<KubernetesClient>({ listNodes: async () => Promise.reject(failure) });
    const readers = createSourceReaders({ kubernetes: kubernetes.client });
    await expect(readers.nodes()).rejects.toBe(failure);
    await expect(readers.nodes()).rejects.toBe(failure);
    expect(kubernetes.calls.listNodes).toBe(1);
  });

  it('lists artifacts of the projects it already read', async () => {
    const harbor = counted<HarborClient>({
      listProjects: async () => [
        { id: 1, name: 'library', isAutoScanOn: true, isPreventVulOn: false },
        { id: 2, name: 'shop', isAutoScanOn: true, isPreventVulOn: true },
      ],
      listAllArtifacts: async (projectNames: string[]) => projectNames.map((project) => ({ project, repository: `${project}/app`, digest: 'sha256:0', tags: [], criticalCount: 0, highCount: 0 })),
    });
    const readers = createSourceReaders({ harbor: harbor.client });
    const [projects, artifacts] = await Promise.all([readers.harborProjects(), readers.harborArtifacts()]);
    expect(projects).toHaveLength(2);
    expect(artifacts.map((artifact) => artifact.project)).toEqual(['library', 'shop']);
    expect(harbor.calls.listProjects).toBe(1);
  });

  it('memoises searches per argument list', async () => {
    const opensearch = counted<OpenSearchSourceClient>({
      latestDocumentTime: async (pattern: string) => (pattern === 'kubernetes*' ? '2024-06-01T09:59:47.123Z' : null),
      countByTerms: async () => [{ key: 'shop', count: 3 }],
    });
    const readers = createSourceReaders({ opensearch: opensearch.client });
    expect(await readers.latestDocumentTime('kubernetes*')).toBe('2024-06-01T09:59:47.123Z');
    expect(await readers.latestDocumentTime('kubernetes*')).toBe('2024-06-01T09:59:47.123Z');
    expect(await readers.latestDocumentTime('other*')).toBeNull();
    expect(opensearch.calls.latestDocumentTime).toBe(2);

    const since = { sinceIso: '2024-06-01T00:00:00.000Z' };
    await readers.countByTerms('kubernetes*', 'kubernetes.namespace_name', since);
    await readers.countByTerms('kubernetes*', 'kubernetes.namespace_name', { ...since });
    await readers.countByTerms('kubernetes*', 'kubernetes.namespace_name', { ...since, size: 10 });
    expect(opensearch.calls.countByTerms).toBe(2);
  });
});
