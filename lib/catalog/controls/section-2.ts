import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import { gatekeeperConstraintCheck, isSystemNamespace, matchesWildcard } from '../checks/kubernetes';
import { instantQuery } from '../checks/prometheus';
import { capOffenders, countPhrase } from '../offenders';
import type { ControlDefinition } from '../types';

// Section 2: assumptions and principles — a conformant Kubernetes, least privilege,
// micro-segmentation, trusted registries and hardened workloads, together defence in depth.

const PSS_LABEL = 'pod-security.kubernetes.io/enforce';
const PSS_RESTRICTED_FAILURES_QUERY = 'sum(trivy_cluster_compliance{title="Kubernetes Pod Security Standards - Restricted",status="Fail"})';
const KUBELET_VERSIONS_QUERY = 'count by (kubelet_version) (kube_node_info)';

/** `v1.30.4` → 30; `v1.30.4-eks-1234` → 30. */
export function minorOf(version: string): number | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  return match ? Number(match[2]) : undefined;
}

/** Image reference → registry host (`nginx:1.25` and `library/nginx` are Docker Hub). */
export function registryHostOf(image: string): string {
  const firstSlash = image.indexOf('/');
  if (firstSlash === -1) return 'docker.io';
  const candidate = image.slice(0, firstSlash);
  // a registry host has a dot or a port, or is localhost; otherwise it is a Docker Hub namespace
  return /[.:]/.test(candidate) || candidate === 'localhost' ? candidate : 'docker.io';
}

/** The tag of an image reference, or undefined when pinned only by digest or untagged. */
export function tagOf(image: string): string | undefined {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon === -1 ? undefined : withoutDigest.slice(colon + 1);
}

export const section2Controls: ControlDefinition[] = [
  {
    id: 'S2.K8S-VERSION',
    sectionId: '2',
    group: 'Assumptions and principles',
    title: 'A supported, conformant Kubernetes',
    requirement: 'The platform runs a conformant Kubernetes release that still receives security fixes, with all nodes on the same minor version.',
    implementation: 'Compliant Kubernetes installs upstream, CNCF-conformant Kubernetes (Kubespray or Cluster API) and upgrades it on a regular schedule.',
    remediation: 'Upgrade the control plane and then the nodes to a supported minor version; finish node upgrades so that all kubelets match.',
    checks: [
      {
        id: 'api-server-version',
        source: 'kubernetes',
        query: 'GET /version → gitVersion',
        rule: 'The API server minor version is at least the configured minimum (default 1.31).',
        run: async (context): Promise<CheckOutcome> => {
          const version = await context.sources.kubernetesVersion();
          const minimum = context.settings.minimumKubernetesMinor;
          const excerpt = { gitVersion: version.gitVersion, minimumMinor: minimum };
          return version.minor >= minimum
            ? { status: 'pass', summary: `Kubernetes ${version.gitVersion} is supported (minimum 1.${minimum})`, excerpt }
            : { status: 'fail', summary: `Kubernetes ${version.gitVersion} is older than the supported 1.${minimum}`, excerpt };
        },
      },
      {
        id: 'node-versions',
        source: 'kubernetes',
        query: 'GET /api/v1/nodes → status.nodeInfo.kubeletVersion',
        rule: 'Every node runs the same kubelet minor version.',
        run: async (context): Promise<CheckOutcome> => {
          const nodes = await context.sources.nodes();
          if (nodes.length === 0) return { status: 'unknown', summary: 'The API lists no nodes: check the account’s permissions', excerpt: { nodes: 0 } };
          const byMinor = new Map<string, string[]>();
          for (const node of nodes) {
            const key = `1.${minorOf(node.kubeletVersion) ?? '?'}`;
            byMinor.set(key, [...(byMinor.get(key) ?? []), node.name]);
          }
          const excerpt = { nodes: nodes.length, kubeletMinorVersions: Object.fromEntries([...byMinor].map(([minor, names]) => [minor, names.length])) };
          return byMinor.size === 1
            ? { status: 'pass', summary: `All ${countPhrase(nodes.length, 'node')} run kubelet ${[...byMinor.keys()][0]}`, excerpt }
            : { status: 'warn', summary: `Nodes run ${byMinor.size} kubelet minor versions (${[...byMinor.keys()].join(', ')}): an upgrade is unfinished`, excerpt };
        },
      },
      {
        id: 'kube-node-info',
        source: 'prometheus',
        query: KUBELET_VERSIONS_QUERY,
        rule: 'kube-state-metrics reports one kubelet version across nodes.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, KUBELET_VERSIONS_QUERY);
          if (samples.length === 0) return { status: 'unknown', summary: 'No kube_node_info series: kube-state-metrics reports nothing', excerpt: { versions: 0, warnings } };
          const versions = samples.map((sample) => ({ kubeletVersion: sample.labels.kubelet_version ?? '?', nodes: sample.value }));
          const minors = new Set(versions.map((version) => minorOf(version.kubeletVersion)));
          const excerpt = { versions, warnings };
          return minors.size === 1
            ? { status: 'pass', summary: `kube-state-metrics reports one kubelet minor version`, excerpt }
            : { status: 'warn', summary: `kube-state-metrics reports ${minors.size} kubelet minor versions`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S2.PSS',
    sectionId: '2',
    group: 'Assumptions and principles',
    title: 'Restricted Pod Security Standard on workload namespaces',
    requirement: 'Workload namespaces admit only pods that meet the restricted Pod Security Standard.',
    implementation:
      'Compliant Kubernetes labels application namespaces with the restricted Pod Security Standard; a few platform components (Falco, for one) are privileged by design and live in system namespaces.',
    remediation: `Label each workload namespace with ${PSS_LABEL}=restricted and fix the pods that the admission controller then warns about.`,
    checks: [
      {
        id: 'namespace-pss-labels',
        source: 'kubernetes',
        query: `GET /api/v1/namespaces → metadata.labels["${PSS_LABEL}"]`,
        rule: 'Every non-system namespace enforces restricted; baseline is a warning; privileged or no label fails.',
        run: async (context): Promise<CheckOutcome> => {
          const namespaces = (await context.sources.namespaces()).filter((namespace) => !isSystemNamespace(context.settings, namespace.name));
          if (namespaces.length === 0) return { status: 'not-applicable', summary: 'No workload namespaces', excerpt: { namespaces: 0 } };
          const offenders: Offender[] = [];
          let baselineCount = 0;
          for (const namespace of namespaces) {
            const level = namespace.labels[PSS_LABEL];
            if (level === 'restricted') continue;
            if (level === 'baseline') baselineCount++;
            offenders.push({ object: `namespace ${namespace.name}`, reason: level ? `enforces ${level}` : 'no enforce label' });
          }
          const excerpt = { namespaces: namespaces.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          if (offenders.length === 0) return { status: 'pass', summary: `All ${countPhrase(namespaces.length, 'workload namespace')} enforce restricted`, excerpt };
          const status = baselineCount === offenders.length ? 'warn' : 'fail';
          return { status, summary: `${offenders.length} of ${countPhrase(namespaces.length, 'workload namespace')} do not enforce restricted`, excerpt };
        },
      },
      {
        id: 'trivy-pss-restricted',
        source: 'prometheus',
        query: PSS_RESTRICTED_FAILURES_QUERY,
        rule: 'trivy-operator’s "Pod Security Standards - Restricted" compliance report has no failing checks.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, PSS_RESTRICTED_FAILURES_QUERY);
          // This report is optional in trivy-operator; the namespace labels above remain the primary evidence.
          if (samples.length === 0) return { status: 'not-applicable', summary: 'trivy-operator does not publish the PSS Restricted compliance report', excerpt: { warnings } };
          const failing = samples[0]?.value ?? 0;
          const excerpt = { failingChecks: failing, warnings };
          return failing === 0
            ? { status: 'pass', summary: 'The PSS Restricted compliance report has no failing checks', excerpt }
            : { status: 'fail', summary: `The PSS Restricted compliance report has ${countPhrase(failing, 'failing check')}`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S2.NETPOL',
    sectionId: '2',
    group: 'Assumptions and principles',
    title: 'Micro-segmentation with network policies',
    requirement: 'Traffic between workloads is denied unless a policy allows it, so that one compromised pod cannot reach everything.',
    implementation: 'Gatekeeper’s K8sRequireNetworkPolicy constraint requires NetworkPolicies for workloads; Calico enforces them.',
    remediation: 'Add a default-deny NetworkPolicy to each workload namespace plus policies for the traffic it needs, and set the constraint to deny.',
    checks: [
      gatekeeperConstraintCheck({ id: 'require-network-policy-constraint', kinds: ['K8sRequireNetworkPolicy'], purpose: 'network policies for workloads' }),
      {
        id: 'default-deny-per-namespace',
        source: 'kubernetes',
        query: 'GET /apis/networking.k8s.io/v1/networkpolicies → podSelector {} with policyTypes Ingress and no ingress rules, per namespace',
        rule: 'Every non-system namespace with running pods has a default-deny ingress NetworkPolicy.',
        run: async (context): Promise<CheckOutcome> => {
          const [pods, policies] = await Promise.all([context.sources.pods(), context.sources.networkPolicies()]);
          const namespaces = [...new Set(pods.filter((pod) => !isSystemNamespace(context.settings, pod.namespace)).map((pod) => pod.namespace))].sort();
          if (namespaces.length === 0) return { status: 'not-applicable', summary: 'No workload namespaces with pods', excerpt: { namespaces: 0 } };
          const withDefaultDeny = new Set(policies.filter((policy) => policy.isDefaultDenyIngress).map((policy) => policy.namespace));
          const offenders: Offender[] = namespaces.filter((namespace) => !withDefaultDeny.has(namespace)).map((namespace) => ({ object: `namespace ${namespace}`, reason: 'no default-deny ingress policy' }));
          const excerpt = { namespaces: namespaces.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(namespaces.length, 'workload namespace')} deny ingress by default`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(namespaces.length, 'workload namespace')} have no default-deny policy`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S2.TRUSTED-REGISTRY',
    sectionId: '2',
    group: 'Assumptions and principles',
    title: 'Images only from the trusted registry, never `latest`',
    requirement: 'Every running image comes from the organisation’s own registry, where it was scanned, and is pinned to a version rather than a moving tag.',
    implementation: 'Gatekeeper constraints K8sAllowedRepos and K8sDisallowedTags restrict images to Harbor and forbid the latest tag.',
    remediation: 'Mirror the image into Harbor, reference it with a version tag or digest, and set the constraints to deny.',
    checks: [
      gatekeeperConstraintCheck({ id: 'allowed-repos-constraint', kinds: ['K8sAllowedRepos'], purpose: 'the trusted registry' }),
      gatekeeperConstraintCheck({ id: 'disallowed-tags-constraint', kinds: ['K8sDisallowedTags'], purpose: 'pinned image tags' }),
      {
        id: 'running-images-from-registry',
        source: 'kubernetes',
        query: 'GET /api/v1/pods → spec.containers[].image registry host and tag',
        rule: 'Every workload container image is hosted on a trusted registry (default: the Harbor host) and is not tagged latest or untagged.',
        run: async (context): Promise<CheckOutcome> => {
          const trusted = context.settings.trustedRegistries;
          if (trusted.length === 0) {
            return { status: 'unknown', summary: 'No trusted registry is known: set catalog.trustedRegistries or configure Harbor', excerpt: { trustedRegistries: [] } };
          }
          const pods = (await context.sources.pods()).filter((pod) => !isSystemNamespace(context.settings, pod.namespace));
          const offenders: Offender[] = [];
          let containers = 0;
          for (const pod of pods) {
            for (const container of pod.containers) {
              containers++;
              const host = registryHostOf(container.image);
              const tag = tagOf(container.image);
              const isDigestPinned = container.image.includes('@sha256:');
              if (!trusted.some((pattern) => matchesWildcard(pattern, host))) {
                offenders.push({ object: `${pod.namespace}/${pod.name}`, container: container.name, image: container.image, reason: `registry ${host} is not trusted` });
              } else if (!isDigestPinned && (tag === undefined || tag === 'latest')) {
                offenders.push({ object: `${pod.namespace}/${pod.name}`, container: container.name, image: container.image, reason: tag ? 'tag latest' : 'no tag (means latest)' });
              }
            }
          }
          if (containers === 0) return { status: 'not-applicable', summary: 'No workload containers', excerpt: { containers: 0 } };
          const excerpt = { trustedRegistries: trusted, containers, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(containers, 'workload container')} run pinned images from ${trusted.join(', ')}`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(containers, 'workload container')} run images from elsewhere or tagged latest`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S2.LEAST-PRIVILEGE',
    sectionId: '2',
    group: 'Assumptions and principles',
    title: 'No unexpected cluster-admin',
    requirement: 'Only the expected people and components hold cluster-wide administrator rights; everyone else gets the least privilege their work needs.',
    implementation: 'Compliant Kubernetes gives application developers namespaced roles through its user RBAC; cluster-admin stays with the platform administrators.',
    remediation: 'Remove the unexpected ClusterRoleBinding, or bind a narrower role; add expected subjects to catalog.allowedClusterAdminSubjects.',
    checks: [
      {
        id: 'cluster-admin-bindings',
        source: 'kubernetes',
        query: 'GET /apis/rbac.authorization.k8s.io/v1/clusterrolebindings → roleRef.name == "cluster-admin" → subjects',
        rule: 'Every subject bound to cluster-admin is on the allow-list.',
        run: async (context): Promise<CheckOutcome> => {
          const bindings = (await context.sources.clusterRoleBindings()).filter((binding) => binding.roleName === 'cluster-admin');
          const allowed = context.settings.allowedClusterAdminSubjects;
          const offenders: Offender[] = [];
          let subjects = 0;
          for (const binding of bindings) {
            for (const subject of binding.subjects) {
              subjects++;
              const id = subject.kind === 'ServiceAccount' ? `ServiceAccount:${subject.namespace ?? ''}/${subject.name}` : `${subject.kind}:${subject.name}`;
              if (!allowed.some((pattern) => matchesWildcard(pattern, id))) offenders.push({ object: id, binding: binding.name, reason: 'holds cluster-admin and is not on the allow-list' });
            }
          }
          if (bindings.length === 0) {
            return { status: 'unknown', summary: 'No cluster-admin binding is visible: check the account may list ClusterRoleBindings', excerpt: { bindings: 0 } };
          }
          const excerpt = { bindings: bindings.length, subjects, allowed, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(subjects, 'cluster-admin subject')} are expected`, excerpt }
            : { status: 'fail', summary: `${countPhrase(offenders.length, 'unexpected subject')} hold cluster-admin`, excerpt };
        },
      },
    ],
  },
];
