import type { SourceReaders } from '@/lib/evaluate/source-readers';
import type { HarborProject } from '@/lib/sources/harbor/client';
import type { ContainerSummary, PodSummary } from '@/lib/sources/kubernetes/pods';
import type { PromSample } from '@/lib/sources/prometheus/client';
import { SourceError } from '@/lib/sources/source-error';

// Small hand-made source answers for control tests. Each test states the cluster it describes;
// nothing here knows the expected verdict.

export function container(overrides: Partial<ContainerSummary> = {}): ContainerSummary {
  return { name: 'app', image: 'harbor.example.com/shop/app:1.0.0', isInit: false, droppedCapabilities: [], env: [], ...overrides };
}

export function pod(namespace: string, name: string, containers: ContainerSummary[], overrides: Partial<PodSummary> = {}): PodSummary {
  return { namespace, name, phase: 'Running', containers, ...overrides };
}

export interface FakeSources {
  pods?: PodSummary[] | SourceError;
  projects?: HarborProject[] | SourceError;
  /** PromQL → samples (or an error); a query not listed answers with no series */
  prometheus?: Record<string, PromSample[] | SourceError>;
  opensearch?: { health?: 'green' | 'yellow' | 'red' | SourceError; aliases?: string[] | SourceError };
}

function answer<T>(value: T | SourceError): Promise<T> {
  return value instanceof SourceError ? Promise.reject(value) : Promise.resolve(value);
}

export function fakeReaders(fake: FakeSources): SourceReaders {
  return {
    clients: {
      kubernetes: fake.pods ? { listPodPages: async function* () {} } : undefined,
      harbor: fake.projects ? { listProjects: () => answer(fake.projects!) } : undefined,
      prometheus: fake.prometheus
        ? { instantQuery: async (query, at = new Date()) => ({ samples: await answer(fake.prometheus![query] ?? []), warnings: [], evaluatedAt: at }) }
        : undefined,
      opensearch: fake.opensearch
        ? {
            getClusterHealth: async () => ({ status: await answer(fake.opensearch!.health ?? 'green'), numberOfNodes: 3 }),
            listAliases: async () => (await answer(fake.opensearch!.aliases ?? [])).map((alias) => ({ alias, index: `${alias}-000001`, isWriteIndex: true })),
          }
        : undefined,
    },
    pods: () => answer(fake.pods ?? []),
    harborProjects: () => answer(fake.projects ?? []),
  };
}

export function sourceDown(source: 'prometheus' | 'harbor' | 'kubernetes' | 'opensearch'): SourceError {
  return new SourceError({ source, kind: 'network', path: '/x', message: 'cannot connect (ECONNREFUSED)' });
}
