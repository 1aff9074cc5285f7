import 'server-only';
import type { Catalog } from '@/lib/catalog/build';
import type { ClusterRole, ClusterSources, Config, SourceConnection } from '@/lib/config';
import type { ClusterScope } from '@/lib/evaluate/evaluate-controls';
import { createSourceReaders, type SourceClients, type SourceReaders } from '@/lib/evaluate/source-readers';
import { log } from '@/lib/log';
import { createHarborClient } from '@/lib/sources/harbor/client';
import { createKubernetesClient } from '@/lib/sources/kubernetes/client';
import { createOpenSearchClient } from '@/lib/sources/opensearch/client';
import { createPrometheusClient } from '@/lib/sources/prometheus/client';
import type { DemoCluster } from '@/demo';

/** One cluster to collect from, with a client per configured source. */
export interface CollectionTarget {
  clusterName: string;
  role?: ClusterRole;
  /** the cluster whose OpenSearch holds this cluster's logs, when not its own */
  logsStoredIn?: string;
  isDemo: boolean;
  /** the catalog to evaluate (built-in controls plus the config file's catalog section) */
  catalog: Catalog;
  /**
   * Registry hosts that images may come from when the catalog settings name none: the host of the
   * cluster's Harbor (in the demo, the host its image references use).
   */
  registryHosts: string[];
  /** this cluster's share of backends other clusters use too */
  scope?: ClusterScope;
  createReaders(): SourceReaders;
}

/** A cluster name that the configuration does not list (e.g. `collect --cluster typo`). */
export class UnknownClusterError extends Error {
  constructor(
    readonly clusterName: string,
    readonly configured: string[],
  ) {
    super(`no cluster named "${clusterName}" is configured (configured: ${configured.join(', ')})`);
    this.name = 'UnknownClusterError';
  }
}

function createClients(sources: ClusterSources, timeoutMs: number): SourceClients {
  return {
    prometheus: sources.prometheus && createPrometheusClient(sources.prometheus, { timeoutMs }),
    opensearch: sources.opensearch && createOpenSearchClient(sources.opensearch, { timeoutMs }),
    harbor: sources.harbor && createHarborClient(sources.harbor, { timeoutMs }),
    kubernetes: sources.kubernetes && createKubernetesClient(sources.kubernetes, { timeoutMs }),
  };
}

function demoSources(demo: DemoCluster): ClusterSources {
  const plain = (url: string): SourceConnection => ({ url, skipTlsVerify: false });
  return {
    prometheus: { ...plain(demo.urls.prometheus), token: demo.credentials.prometheusToken },
    opensearch: { ...plain(demo.urls.opensearch), username: demo.credentials.opensearchUsername, password: demo.credentials.opensearchPassword },
    harbor: { ...plain(demo.urls.harbor), username: demo.credentials.harborUsername, password: demo.credentials.harborPassword },
    kubernetes: { kind: 'url', connection: { ...plain(demo.urls.kubernetes), token: demo.credentials.kubernetesToken } },
  };
}

const globalForDemo = globalThis as unknown as { refmapDemoCluster?: Promise<DemoCluster> };

/**
 * The built-in demo cluster, started once per process on loopback ports. `demo/` is imported here,
 * on demand, so that a process collecting from real clusters never loads the simulators.
 */
export function getDemoCluster(config: Pick<Config, 'demoScenario'>): Promise<DemoCluster> {
  globalForDemo.refmapDemoCluster ??= import('@/demo').then(({ startDemoCluster }) => startDemoCluster({ scenario: config.demoScenario })).then((demo) => {
    log.info({ event: 'demo.started', scenario: demo.scenario, urls: demo.urls }, 'no source configured: using the built-in demo cluster');
    return demo;
  });
  return globalForDemo.refmapDemoCluster;
}

/** One target per configured cluster (the demo: one cluster, named `demo` unless REFMAP_CLUSTER_NAME says otherwise). */
export async function resolveTargets(config: Config): Promise<CollectionTarget[]> {
  const demo = config.isDemo ? await getDemoCluster(config) : undefined;
  const demoClusterSources = demo ? demoSources(demo) : undefined;
  return config.clusters.map((cluster) => {
    const sources = demoClusterSources ?? cluster.sources;
    const harborHost = demo ? demo.dataset.harborHost : sources.harbor && new URL(sources.harbor.url).host;
    return {
      clusterName: cluster.name,
      role: cluster.role,
      logsStoredIn: cluster.logsStoredIn,
      isDemo: config.isDemo,
      catalog: config.clusterCatalogs[cluster.name] ?? config.catalog,
      registryHosts: harborHost ? [harborHost] : [],
      // fresh readers per collection: their memoised lists belong to one snapshot
      scope: cluster.scope,
      createReaders: () => createSourceReaders(createClients(sources, config.sourceTimeoutMs), { opensearchMatch: cluster.scope?.opensearchMatch }),
    };
  });
}

/** The targets to collect: all, or the one named (an unknown name is an error, not a silent no-op). */
export function selectTargets(targets: CollectionTarget[], clusterName?: string): CollectionTarget[] {
  if (clusterName === undefined) return targets;
  const target = targets.find((candidate) => candidate.clusterName === clusterName);
  if (!target) throw new UnknownClusterError(clusterName, targets.map((candidate) => candidate.clusterName));
  return [target];
}
