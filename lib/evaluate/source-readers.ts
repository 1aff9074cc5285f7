import 'server-only';
import type { HarborClient, HarborProject } from '@/lib/sources/harbor/client';
import type { KubernetesClient } from '@/lib/sources/kubernetes/client';
import type { PodSummary } from '@/lib/sources/kubernetes/pods';
import type { OpenSearchSourceClient } from '@/lib/sources/opensearch/client';
import type { PrometheusClient } from '@/lib/sources/prometheus/client';

export interface SourceClients {
  prometheus?: PrometheusClient;
  opensearch?: OpenSearchSourceClient;
  harbor?: HarborClient;
  kubernetes?: KubernetesClient;
}

/**
 * What checks read, shared within one collection: several checks look at the same pods or projects,
 * and each list is fetched once per snapshot, not once per check.
 */
export interface SourceReaders {
  clients: SourceClients;
  pods(): Promise<PodSummary[]>;
  harborProjects(): Promise<HarborProject[]>;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
}

export function createSourceReaders(clients: SourceClients): SourceReaders {
  return {
    clients,
    pods: once(async () => {
      if (!clients.kubernetes) throw new Error('kubernetes client missing');
      const pods: PodSummary[] = [];
      for await (const page of clients.kubernetes.listPodPages()) pods.push(...page);
      return pods;
    }),
    harborProjects: once(async () => {
      if (!clients.harbor) throw new Error('harbor client missing');
      return clients.harbor.listProjects();
    }),
  };
}
