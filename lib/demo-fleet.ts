/**
 * The clusters of the built-in demo fleet, as the configuration lists them in demo mode. Like
 * Compliant Kubernetes: one management cluster and two workload clusters whose logs and images live
 * in the management cluster (its OpenSearch and Harbor serve all three). Only names and topology:
 * the simulators themselves (demo/) are loaded on demand.
 */
export interface DemoClusterDescription {
  name: string;
  role: 'management' | 'workload';
  /** the cluster whose OpenSearch and Harbor this one uses, when not its own */
  sharesServicesOf?: string;
}

export const DEMO_FLEET: readonly DemoClusterDescription[] = [
  { name: 'mgmt', role: 'management' },
  { name: 'wc1', role: 'workload', sharesServicesOf: 'mgmt' },
  { name: 'wc2', role: 'workload', sharesServicesOf: 'mgmt' },
];
