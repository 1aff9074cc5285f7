import type { DemoFault, DemoScenario, DemoSourceName } from '../types';

/**
 * What makes the scenarios differ, in one place. The generators read these knobs; nothing else
 * branches on the scenario name. `degraded` is `stock` with more things broken.
 *
 * | knob                          | healthy            | stock                                   | degraded                      |
 * |-------------------------------|--------------------|-----------------------------------------|-------------------------------|
 * | Gatekeeper actions            | all deny           | policy/registry/user constraints warn   | as stock                      |
 * | insecure workloads            | none               | root pods, privilege escalation, literal DB_PASSWORD, :latest, docker.io image | as stock |
 * | workload PSS label            | restricted         | baseline/none where insecure pods run   | as stock                      |
 * | default-deny NetworkPolicy    | every namespace    | missing in analytics and reporting      | as stock                      |
 * | extra cluster-admin subject   | none               | one user                                | as stock                      |
 * | Harbor prevent_vul / severity | "true" / high      | "false" / low (Harbor's default)        | as stock                      |
 * | kured                         | runs, 0 pending    | not installed                           | runs, 2 nodes pending reboot  |
 * | node boot age                 | 3-6 days           | 40-75 days                              | as stock                      |
 * | critical CVEs (running)       | none               | 2 images                                | 5 images                      |
 * | Falco                         | every node, Notice | every node, Warning events              | one node missing, Critical    |
 * | fluentd                       | no errors          | a few old errors, flat                  | errors increasing, buffer 42% |
 * | Alertmanager notifications    | none failed        | none failed                             | failing (slack)               |
 * | Argo CD                       | all Synced/Healthy | one OutOfSync                           | as stock                      |
 * | OpenSearch                    | green              | yellow, reporting silent for 3 days     | down by default               |
 * | Jaeger                        | deployed           | absent                                  | absent                        |
 */
export interface ScenarioProfile {
  scenario: DemoScenario;
  /** enforcement action of each Gatekeeper constraint, by constraint kind */
  constraintActions: Record<ConstraintKind, 'deny' | 'warn'>;
  /** plant the insecure workloads listed above (stock and degraded) */
  hasInsecureWorkloads: boolean;
  /** workload namespaces (of the fixed list) without any NetworkPolicy */
  namespacesWithoutNetworkPolicy: string[];
  /** PSS enforce label of some workload namespaces; others are `restricted`. null = no label */
  podSecurityOverrides: Record<string, 'baseline' | null>;
  hasUnexpectedClusterAdmin: boolean;
  harborPreventVul: boolean;
  harborSeverity: 'low' | 'high';
  kured: 'absent' | 'running';
  nodesPendingReboot: number;
  nodeBootAgeDays: [number, number];
  /** running apps (namespace/app) whose images carry critical CVEs, with their count */
  criticalImages: Record<string, number>;
  falcoMissingOnOneNode: boolean;
  /** highest Falco priority seen in the window */
  falcoEventPriority: 'Notice' | 'Warning' | 'Critical';
  fluentdErrors: 'none' | 'flat' | 'increasing';
  alertmanagerFailing: boolean;
  argoOutOfSyncApps: string[];
  opensearchStatus: 'green' | 'yellow';
  /** workload namespaces that stopped writing to stdout three days ago */
  silentLogNamespaces: string[];
  hasJaeger: boolean;
  /** failed controls per trivy ClusterComplianceReport id */
  complianceFailCounts: Record<string, number>;
  /** days of validity left for named cert-manager certificates (`namespace/name`); others get 35-85 days */
  certificateDaysLeft?: Record<string, number>;
  defaultFaults: Partial<Record<DemoSourceName, DemoFault>>;
}

export type ConstraintKind =
  | 'K8sRequireNetworkPolicy'
  | 'K8sAllowedRepos'
  | 'K8sDisallowedTags'
  | 'K8sPSPPrivilegedContainer'
  | 'K8sPSPAllowPrivilegeEscalationContainer'
  | 'K8sPSPAllowedUsers'
  | 'K8sPSPCapabilities';

export const CONSTRAINT_KINDS: readonly ConstraintKind[] = [
  'K8sRequireNetworkPolicy',
  'K8sAllowedRepos',
  'K8sDisallowedTags',
  'K8sPSPPrivilegedContainer',
  'K8sPSPAllowPrivilegeEscalationContainer',
  'K8sPSPAllowedUsers',
  'K8sPSPCapabilities',
];

const healthy: ScenarioProfile = {
  scenario: 'healthy',
  constraintActions: {
    K8sRequireNetworkPolicy: 'deny',
    K8sAllowedRepos: 'deny',
    K8sDisallowedTags: 'deny',
    K8sPSPPrivilegedContainer: 'deny',
    K8sPSPAllowPrivilegeEscalationContainer: 'deny',
    K8sPSPAllowedUsers: 'deny',
    K8sPSPCapabilities: 'deny',
  },
  hasInsecureWorkloads: false,
  namespacesWithoutNetworkPolicy: [],
  podSecurityOverrides: {},
  hasUnexpectedClusterAdmin: false,
  harborPreventVul: true,
  harborSeverity: 'high',
  kured: 'running',
  nodesPendingReboot: 0,
  nodeBootAgeDays: [3, 6],
  criticalImages: {},
  falcoMissingOnOneNode: false,
  falcoEventPriority: 'Notice',
  fluentdErrors: 'none',
  alertmanagerFailing: false,
  argoOutOfSyncApps: [],
  opensearchStatus: 'green',
  silentLogNamespaces: [],
  hasJaeger: true,
  complianceFailCounts: { 'k8s-pss-restricted-0.1': 0, 'k8s-cis-1.23': 2, 'k8s-nsa-1.0': 1 },
  defaultFaults: {},
};

const stock: ScenarioProfile = {
  scenario: 'stock',
  constraintActions: {
    K8sRequireNetworkPolicy: 'warn',
    K8sAllowedRepos: 'warn',
    K8sDisallowedTags: 'warn',
    K8sPSPPrivilegedContainer: 'deny',
    K8sPSPAllowPrivilegeEscalationContainer: 'warn',
    K8sPSPAllowedUsers: 'warn',
    K8sPSPCapabilities: 'deny',
  },
  hasInsecureWorkloads: true,
  namespacesWithoutNetworkPolicy: ['analytics', 'reporting'],
  podSecurityOverrides: { analytics: 'baseline', 'shop-backend': 'baseline', inventory: null },
  hasUnexpectedClusterAdmin: true,
  harborPreventVul: false,
  harborSeverity: 'low',
  kured: 'absent',
  nodesPendingReboot: 0,
  nodeBootAgeDays: [40, 75],
  criticalImages: { 'analytics/ingest': 2, 'shop-backend/redis': 1 },
  falcoMissingOnOneNode: false,
  falcoEventPriority: 'Warning',
  fluentdErrors: 'flat',
  alertmanagerFailing: false,
  argoOutOfSyncApps: ['analytics'],
  opensearchStatus: 'yellow',
  silentLogNamespaces: ['reporting'],
  hasJaeger: false,
  complianceFailCounts: { 'k8s-pss-restricted-0.1': 6, 'k8s-cis-1.23': 12, 'k8s-nsa-1.0': 9 },
  defaultFaults: {},
};

const degraded: ScenarioProfile = {
  ...stock,
  scenario: 'degraded',
  kured: 'running',
  nodesPendingReboot: 2,
  criticalImages: {
    ...stock.criticalImages,
    'payments/ledger': 3,
    'shop-frontend/frontend': 1,
    'search/search-api': 2,
  },
  falcoMissingOnOneNode: true,
  falcoEventPriority: 'Critical',
  fluentdErrors: 'increasing',
  alertmanagerFailing: true,
  defaultFaults: { opensearch: 'down' },
};

const PROFILES: Record<DemoScenario, ScenarioProfile> = { healthy, stock, degraded };

export function profileFor(scenario: DemoScenario): ScenarioProfile {
  return PROFILES[scenario];
}
