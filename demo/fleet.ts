import { startDemoCluster, type DemoCluster, type DemoCredentials } from './cluster';
import { profileAt, type DemoClusterDescription } from './storyline';
import type { DemoScenario, DemoSourceName } from './types';

/** How to reach one demo cluster's four sources (a workload cluster's OpenSearch and Harbor are the management cluster's). */
export interface DemoFleetMember {
  name: string;
  urls: Record<DemoSourceName, string>;
  credentials: DemoCredentials;
  /** the registry host its image references use */
  harborHost: string;
}

export interface DemoFleet {
  scenario: DemoScenario;
  members: Map<string, DemoFleetMember>;
  /** every started cluster, for tests that switch faults on */
  clusters: Map<string, DemoCluster>;
  stop(): Promise<void>;
}

export interface DemoFleetOptions {
  scenario: DemoScenario;
  clusters: Pick<DemoClusterDescription, 'name' | 'sharesServicesOf'>[];
  /** the time the simulators answer for (default: now); with `anchor`, the storyline's state then */
  at?: Date;
  /** where the storyline ends (default: `at`): at the anchor every incident is over */
  anchor?: Date;
}

/**
 * Starts one set of simulators per cluster, each in the state the storyline gives it at `at`.
 * Every cluster gets its own servers, but a cluster that shares another's services is pointed at that
 * cluster's OpenSearch and Harbor, so an outage there shows on all of them.
 * @example
 * const fleet = await startDemoFleet({ scenario: 'stock', clusters: DEMO_FLEET });
 * fleet.members.get('wc1')?.urls.opensearch === fleet.members.get('mgmt')?.urls.opensearch // true
 */
export async function startDemoFleet(options: DemoFleetOptions): Promise<DemoFleet> {
  const at = options.at ?? new Date();
  const anchor = options.anchor ?? at;
  const started = new Map<string, DemoCluster>();
  try {
    for (const cluster of options.clusters) {
      const profile = profileAt(cluster.name, options.scenario, at, anchor);
      started.set(cluster.name, await startDemoCluster({ scenario: options.scenario, profile, now: at }));
    }
  } catch (error) {
    await Promise.all([...started.values()].map((cluster) => cluster.stop()));
    throw error;
  }
  const members = new Map<string, DemoFleetMember>();
  for (const cluster of options.clusters) {
    const own = started.get(cluster.name)!;
    const services = (cluster.sharesServicesOf && started.get(cluster.sharesServicesOf)) || own;
    members.set(cluster.name, {
      name: cluster.name,
      urls: { ...own.urls, opensearch: services.urls.opensearch, harbor: services.urls.harbor },
      credentials: {
        ...own.credentials,
        opensearchUsername: services.credentials.opensearchUsername,
        opensearchPassword: services.credentials.opensearchPassword,
        harborUsername: services.credentials.harborUsername,
        harborPassword: services.credentials.harborPassword,
      },
      harborHost: services.dataset.harborHost,
    });
  }
  return {
    scenario: options.scenario,
    members,
    clusters: started,
    stop: async () => {
      await Promise.all([...started.values()].map((cluster) => cluster.stop()));
    },
  };
}
