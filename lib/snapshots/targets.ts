import 'server-only';
import type { Catalog } from '@/lib/catalog/build';
import type { ClusterConfig, ClusterRole, ClusterSources, Config, SourceConnection } from '@/lib/config';
import type { ClusterScope } from '@/lib/evaluate/evaluate-controls';
import { createSourceReaders, type SourceClients, type SourceReaders } from '@/lib/evaluate/source-readers';
import { log } from '@/lib/log';
import { createHarborClient } from '@/lib/sources/harbor/client';
import { createKubernetesClient } from '@/lib/sources/kubernetes/client';
import { createOpenSearchClient } from '@/lib/sources/opensearch/client';
import { createPrometheusClient } from '@/lib/sources/prometheus/client';
import type { DemoFleet, DemoFleetMember } from '@/demo/fleet';

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

function demoSources(demo: DemoFleetMember): ClusterSources {
  const plain = (url: string): SourceConnection => ({ url, skipTlsVerify: false });
  return {
    prometheus: { ...plain(demo.urls.prometheus), token: demo.credentials.prometheusToken },
    opensearch: { ...plain(demo.urls.opensearch), username: demo.credentials.opensearchUsername, password: demo.credentials.opensearchPassword },
    harbor: { ...plain(demo.urls.harbor), username: demo.credentials.harborUsername, password: demo.credentials.harborPassword },
    kubernetes: { kind: 'url', connection: { ...plain(demo.urls.kubernetes), token: demo.credentials.kubernetesToken } },
  };
}

const globalForDemo = globalThis as unknown as { refmapDemoFleet?: Promise<DemoFleet> };

/**
 * The built-in demo clusters (one, or the fleet of demo/storyline.ts), started once per process on
 * loopback ports. `demo/` is imported here, on demand, so that a process collecting from real
 * clusters never loads the simulators.
 */
export function getDemoFleet(config: Pick<Config, 'demoScenario' | 'clusters'>): Promise<DemoFleet> {
  const clusters = config.clusters.map((cluster) => ({ name: cluster.name, sharesServicesOf: cluster.logsStoredIn }));
  globalForDemo.refmapDemoFleet ??= import('@/demo/fleet').then(({ startDemoFleet }) => startDemoFleet({ scenario: config.demoScenario, clusters })).then((fleet) => {
    const urls = Object.fromEntries([...fleet.members].map(([name, member]) => [name, member.urls]));
    log.info({ event: 'demo.started', scenario: fleet.scenario, urls }, 'no source is configured: using the built-in demo clusters');
    return fleet;
  });
  return globalForDemo.refmapDemoFleet;
}

/** The target of one configured cluster; in demo mode its sources are the fleet's simulators. */
export function toTarget(config: Config, cluster: ClusterConfig, fleet?: DemoFleet): CollectionTarget {
  const member = fleet?.members.get(cluster.name);
  const sources = member ? demoSources(member) : cluster.sources;
  const harborHost = member ? member.harborHost : sources.harbor && new URL(sources.harbor.url).host;
  return {
    clusterName: cluster.name,
    role: cluster.role,
    logsStoredIn: cluster.logsStoredIn,
    isDemo: config.isDemo,
    catalog: config.clusterCatalogs[cluster.name] ?? config.catalog,
    registryHosts: harborHost ? [harborHost] : [],
    scope: cluster.scope,
    // fresh readers per collection: their memoised lists belong to one snapshot
    createReaders: () => createSourceReaders(createClients(sources, config.sourceTimeoutMs), { opensearchMatch: cluster.scope?.opensearchMatch }),
  };
}

/** One target per configured cluster (the demo: `demo`, or mgmt, wc1 and wc2 with REFMAP_DEMO_FLEET=true). */
export async function resolveTargets(config: Config): Promise<CollectionTarget[]> {
  const fleet = config.isDemo ? await getDemoFleet(config) : undefined;
  return config.clusters.map((cluster) => toTarget(config, cluster, fleet));
}

/** The targets to collect: all, or the one named (an unknown name is an error, not a silent no-op). */
export function selectTargets(targets: CollectionTarget[], clusterName?: string): CollectionTarget[] {
  if (clusterName === undefined) return targets;
  const target = targets.find((candidate) => candidate.clusterName === clusterName);
  if (!target) throw new UnknownClusterError(clusterName, targets.map((candidate) => candidate.clusterName));
  return [target];
}
