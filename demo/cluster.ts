import { randomBytes } from 'node:crypto';
import { buildDemoDataset } from './dataset';
import { createHarborBehaviour } from './harbor/harbor-server';
import { type ApiBehaviour, SimulatedApi } from './http/simulated-api';
import { createKubernetesBehaviour } from './kubernetes/kubernetes-server';
import { createOpenSearchBehaviour } from './opensearch/opensearch-server';
import { createPrometheusBehaviour } from './prometheus/prometheus-server';
import { profileFor, type ScenarioProfile } from './scenarios/scenario-profile';
import type { DemoDataset, DemoFault, DemoScale, DemoScenario, DemoSourceName } from './types';

export interface DemoClusterOptions {
  scenario: DemoScenario;
  scale?: Partial<DemoScale>;
  /** the scenario's knobs changed by a storyline (default: the scenario's own profile) */
  profile?: ScenarioProfile;
  /**
   * Faults to start with. A source listed here with `undefined` starts without a fault even when
   * the scenario has one by default (degraded: OpenSearch down).
   */
  faults?: Partial<Record<DemoSourceName, DemoFault>>;
  /** end of the dataset's 3-hour window; the cluster's clock runs on from here (default: the current time) */
  now?: Date;
  /** how long `slow` answers take (default 30 s) */
  slowMs?: number;
}

export interface DemoCredentials {
  prometheusToken: string;
  opensearchUsername: string;
  opensearchPassword: string;
  harborUsername: string;
  harborPassword: string;
  kubernetesToken: string;
}

export interface DemoCluster {
  scenario: DemoScenario;
  /** base URLs such as http://127.0.0.1:41234 (no trailing slash) */
  urls: Record<DemoSourceName, string>;
  credentials: DemoCredentials;
  dataset: DemoDataset;
  /** switches a fault on (or off with undefined) while the cluster runs */
  setFault(source: DemoSourceName, fault: DemoFault | undefined): void;
  stop(): Promise<void>;
}

const SOURCES: readonly DemoSourceName[] = ['prometheus', 'opensearch', 'harbor', 'kubernetes'];

/**
 * Starts the four simulated APIs on loopback ports with fresh random credentials.
 * @example
 * const cluster = await startDemoCluster({ scenario: 'stock' });
 * // … point clients at cluster.urls with cluster.credentials …
 * await cluster.stop();
 */
export async function startDemoCluster(options: DemoClusterOptions): Promise<DemoCluster> {
  const dataset = buildDemoDataset(options);
  const startedAt = Date.now();
  // the demo's time starts at the dataset's `now` and then runs like a wall clock
  const clock = (): number => dataset.now.getTime() + (Date.now() - startedAt);
  const credentials: DemoCredentials = {
    prometheusToken: secret(),
    opensearchUsername: 'refmap-reader',
    opensearchPassword: secret(),
    harborUsername: 'robot$refmap-reader',
    harborPassword: secret(),
    kubernetesToken: secret(),
  };
  const behaviours: Record<DemoSourceName, ApiBehaviour> = {
    prometheus: createPrometheusBehaviour(dataset, credentials.prometheusToken, clock),
    opensearch: createOpenSearchBehaviour(dataset, credentials.opensearchUsername, credentials.opensearchPassword, clock),
    harbor: createHarborBehaviour(dataset, credentials.harborUsername, credentials.harborPassword),
    kubernetes: createKubernetesBehaviour(dataset, credentials.kubernetesToken),
  };
  const defaultFaults = (options.profile ?? profileFor(options.scenario)).defaultFaults;
  const apis = Object.fromEntries(
    SOURCES.map((source) => {
      const fault = options.faults !== undefined && source in options.faults ? options.faults[source] : defaultFaults[source];
      return [source, new SimulatedApi(behaviours[source], { slowMs: options.slowMs ?? 30_000, fault })];
    }),
  ) as Record<DemoSourceName, SimulatedApi>;
  try {
    await Promise.all(SOURCES.map((source) => apis[source].start()));
  } catch (error) {
    await Promise.all(SOURCES.map((source) => apis[source].stop()));
    throw error;
  }
  return {
    scenario: options.scenario,
    urls: Object.fromEntries(SOURCES.map((source) => [source, apis[source].url])) as Record<DemoSourceName, string>,
    credentials,
    dataset,
    setFault: (source, fault) => apis[source].setFault(fault),
    stop: async () => {
      await Promise.all(SOURCES.map((source) => apis[source].stop()));
    },
  };
}

function secret(): string {
  return randomBytes(24).toString('base64url');
}
