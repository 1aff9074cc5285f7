import { stringify } from 'yaml';

/**
 * Every request Refmap's Kubernetes client (./client.ts) makes, as RBAC sees it. The reader
 * ClusterRole that the Helm chart installs on each observed cluster is generated from this list
 * (`npm run chart:reader-role` writes deploy/helm/refmap/files/reader-rules.yaml), and
 * reads.test.ts calls every client method against a recording server: a request missing here, a
 * declared read the client never makes, or a stale chart file fails the tests.
 *
 * Only `list` is granted: the client never gets, watches or writes a single object, and never
 * reads Secrets or ConfigMaps.
 */

export interface ResourceRead {
  /** '' for the core group */
  apiGroup: string;
  /** the plural; '*' only where the kinds are not known in advance (Gatekeeper: one kind per template) */
  resource: string;
  verbs: readonly ['list'];
  /** which checks need it, for the role's reviewers */
  why: string;
}

export interface NonResourceRead {
  url: string;
  verbs: readonly ['get'];
  why: string;
}

const LIST = ['list'] as const;
const GET = ['get'] as const;

export const RESOURCE_READS: readonly ResourceRead[] = [
  { apiGroup: '', resource: 'pods', verbs: LIST, why: 'container hardening: users, privileges, images, probes' },
  { apiGroup: '', resource: 'namespaces', verbs: LIST, why: 'Pod Security labels and tenant namespaces' },
  { apiGroup: '', resource: 'nodes', verbs: LIST, why: 'node versions and operating systems' },
  { apiGroup: 'apps', resource: 'daemonsets', verbs: LIST, why: 'platform components that run on every node (Falco, log shippers)' },
  { apiGroup: 'apps', resource: 'deployments', verbs: LIST, why: 'platform components (Gatekeeper, cert-manager, Argo CD)' },
  { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', verbs: LIST, why: 'who holds cluster-admin' },
  { apiGroup: 'networking.k8s.io', resource: 'networkpolicies', verbs: LIST, why: 'default-deny and zero-trust checks' },
  { apiGroup: 'constraints.gatekeeper.sh', resource: '*', verbs: LIST, why: 'Gatekeeper constraints: one kind per constraint template' },
  { apiGroup: 'aquasecurity.github.io', resource: 'vulnerabilityreports', verbs: LIST, why: 'trivy-operator image scans' },
  { apiGroup: 'aquasecurity.github.io', resource: 'clustercompliancereports', verbs: LIST, why: 'trivy-operator compliance reports' },
  { apiGroup: 'argoproj.io', resource: 'applications', verbs: LIST, why: 'GitOps: Argo CD applications and their sync state' },
  { apiGroup: 'crd.projectcalico.org', resource: 'felixconfigurations', verbs: LIST, why: 'WireGuard encryption between nodes' },
];

export const NON_RESOURCE_READS: readonly NonResourceRead[] = [
  { url: '/version', verbs: GET, why: 'the Kubernetes version' },
  // the built-in system:discovery role grants this too; stated so the role alone is enough
  { url: '/apis/constraints.gatekeeper.sh/v1beta1', verbs: GET, why: 'discovery of the Gatekeeper constraint kinds' },
];

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** The ClusterRole's rules: one per API group (resources sorted), then one per non-resource URL. */
export function readerRoleRules(): PolicyRule[] {
  const groups = [...new Set(RESOURCE_READS.map((read) => read.apiGroup))].sort();
  const resourceRules = groups.map((group) => ({
    apiGroups: [group],
    resources: RESOURCE_READS.filter((read) => read.apiGroup === group)
      .map((read) => read.resource)
      .sort(),
    verbs: ['list'],
  }));
  const nonResourceRules = NON_RESOURCE_READS.map((read) => ({ nonResourceURLs: [read.url], verbs: [...read.verbs] }));
  return [...resourceRules, ...nonResourceRules];
}

/** What a request path asks RBAC for: `/apis/apps/v1/deployments` → `apps/deployments:list`. */
export function rbacRequestOf(path: string): string {
  const core = /^\/api\/v1\/([a-z0-9-]+)$/.exec(path);
  if (core) return `/${core[1]}:list`;
  const grouped = /^\/apis\/([a-z0-9.-]+)\/[a-z0-9]+\/([a-z0-9-]+)$/.exec(path);
  if (grouped) return `${grouped[1]}/${grouped[2]}:list`;
  return `${path}:get`;
}

/** The same form for what the role grants, e.g. `apps/deployments:list`, `/version:get`. */
export function grantedRequests(rules: readonly PolicyRule[]): string[] {
  return rules.flatMap((rule) => [
    ...(rule.apiGroups ?? []).flatMap((group) => (rule.resources ?? []).flatMap((resource) => rule.verbs.map((verb) => `${group}/${resource}:${verb}`))),
    ...(rule.nonResourceURLs ?? []).flatMap((url) => rule.verbs.map((verb) => `${url}:${verb}`)),
  ]);
}

export const READER_RULES_FILE = 'deploy/helm/refmap/files/reader-rules.yaml';

/** The chart file's text: the rules with a header saying where they come from. */
export function readerRulesFileText(): string {
  const header = [
    '# Generated from lib/sources/kubernetes/reads.ts by `npm run chart:reader-role`: do not edit.',
    '# The rules of the read-only ClusterRole Refmap reads each observed cluster with.',
  ].join('\n');
  return `${header}\n${stringify(readerRoleRules())}`;
}
