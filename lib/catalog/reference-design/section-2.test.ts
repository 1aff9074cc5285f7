import { describe, expect, it } from 'vitest';
import type { GatekeeperConstraintSummary, NamespaceSummary, NetworkPolicySummary, NodeSummary } from '@/lib/sources/types';
import { evaluateControl as evaluate, evidenceText } from '@/lib/testing/evaluate-control';
import { container, pod, sourceDown } from '@/lib/testing/fake-sources';
import { registryHostOf, tagOf } from '@/lib/evaluate/rules/images';

const node = (name: string, kubeletVersion: string): NodeSummary => ({ name, kubeletVersion, osImage: 'Ubuntu 24.04', kernelVersion: '6.8', isReady: true });
const versionQuery = 'count by (kubelet_version) (kube_node_info)';

describe('S2.K8S-VERSION', () => {
  it('passes on a supported version with matching nodes', async () => {
    const result = await evaluate('S2.K8S-VERSION', {
      kubernetes: { version: { gitVersion: 'v1.32.3', major: 1, minor: 32 }, nodes: [node('a', 'v1.32.3'), node('b', 'v1.32.1')] },
      prometheus: { [versionQuery]: [{ labels: { kubelet_version: 'v1.32.3' }, value: 2 }] },
    });
    expect(result.status).toBe('pass');
  });

  it('fails on an unsupported version and warns on version skew', async () => {
    const old = await evaluate('S2.K8S-VERSION', {
      kubernetes: { version: { gitVersion: 'v1.28.9', major: 1, minor: 28 }, nodes: [node('a', 'v1.28.9')] },
      prometheus: { [versionQuery]: [{ labels: { kubelet_version: 'v1.28.9' }, value: 1 }] },
    });
    expect(old.status).toBe('fail');
    const skew = await evaluate('S2.K8S-VERSION', {
      kubernetes: { version: { gitVersion: 'v1.32.3', major: 1, minor: 32 }, nodes: [node('a', 'v1.32.3'), node('b', 'v1.31.0')] },
      prometheus: { [versionQuery]: [{ labels: { kubelet_version: 'v1.32.3' }, value: 1 }] },
    });
    expect(skew.status).toBe('warn');
  });

  it('is unknown when the sources are down', async () => {
    const result = await evaluate('S2.K8S-VERSION', { kubernetes: { version: sourceDown('kubernetes'), nodes: sourceDown('kubernetes') }, prometheus: { [versionQuery]: sourceDown('prometheus') } });
    expect(result.status).toBe('unknown');
  });
});

const ns = (name: string, level?: string): NamespaceSummary => ({ name, labels: level ? { 'pod-security.kubernetes.io/enforce': level } : {} });

describe('S2.PSS', () => {
  it('passes when every workload namespace enforces restricted (system namespaces exempt)', async () => {
    const result = await evaluate('S2.PSS', { kubernetes: { namespaces: [ns('shop', 'restricted'), ns('falco', 'privileged'), ns('kube-system')] }, prometheus: {} });
    expect(result.status).toBe('pass');
  });

  it('fails naming namespaces without the label, and warns when only baseline is missing restricted', async () => {
    const result = await evaluate('S2.PSS', { kubernetes: { namespaces: [ns('shop', 'restricted'), ns('legacy')] }, prometheus: {} });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('namespace legacy');
    expect((await evaluate('S2.PSS', { kubernetes: { namespaces: [ns('shop', 'baseline')] }, prometheus: {} })).status).toBe('warn');
  });

  it('fails when trivy’s PSS Restricted report has failing checks', async () => {
    const query = 'sum(trivy_cluster_compliance{title="Kubernetes Pod Security Standards - Restricted",status="Fail"})';
    const result = await evaluate('S2.PSS', { kubernetes: { namespaces: [ns('shop', 'restricted')] }, prometheus: { [query]: [{ labels: {}, value: 4 }] } });
    expect(result.status).toBe('fail');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    expect((await evaluate('S2.PSS', { kubernetes: { namespaces: sourceDown('kubernetes') }, prometheus: {} })).status).toBe('unknown');
  });
});

const constraint = (kind: string, enforcementAction: string, totalViolations = 0): GatekeeperConstraintSummary => ({
  kind,
  name: kind.toLowerCase(),
  enforcementAction,
  totalViolations,
  violations: totalViolations > 0 ? [{ kind: 'Pod', namespace: 'shop', name: 'web-1', message: 'violates the constraint' }] : [],
});
const defaultDeny = (namespace: string): NetworkPolicySummary => ({
  namespace,
  name: 'default-deny',
  podSelector: { matchLabels: {}, matchExpressions: [] },
  policyTypes: ['Ingress'],
  isDefaultDenyIngress: true,
});

describe('S2.NETPOL', () => {
  const pods = [pod('shop', 'web-1', [container()])];

  it('passes with an enforcing constraint, no violations and default deny everywhere', async () => {
    const result = await evaluate('S2.NETPOL', { kubernetes: { pods, networkPolicies: [defaultDeny('shop')], gatekeeperConstraints: { isInstalled: true, items: [constraint('K8sRequireNetworkPolicy', 'deny')] } } });
    expect(result.status).toBe('pass');
  });

  it('warns when the constraint only warns, as on a stock install', async () => {
    const result = await evaluate('S2.NETPOL', { kubernetes: { pods, networkPolicies: [defaultDeny('shop')], gatekeeperConstraints: { isInstalled: true, items: [constraint('K8sRequireNetworkPolicy', 'warn')] } } });
    expect(result.status).toBe('warn');
  });

  it('fails on violations, a missing default deny, or no Gatekeeper', async () => {
    const violations = await evaluate('S2.NETPOL', { kubernetes: { pods, networkPolicies: [defaultDeny('shop')], gatekeeperConstraints: { isInstalled: true, items: [constraint('K8sRequireNetworkPolicy', 'deny', 2)] } } });
    expect(violations.status).toBe('fail');
    expect(evidenceText(violations)).toContain('shop/web-1');
    const noDeny = await evaluate('S2.NETPOL', { kubernetes: { pods, networkPolicies: [], gatekeeperConstraints: { isInstalled: true, items: [constraint('K8sRequireNetworkPolicy', 'deny')] } } });
    expect(noDeny.status).toBe('fail');
    const noGatekeeper = await evaluate('S2.NETPOL', { kubernetes: { pods, networkPolicies: [defaultDeny('shop')], gatekeeperConstraints: { isInstalled: false, items: [] } } });
    expect(noGatekeeper.status).toBe('fail');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    const down = sourceDown('kubernetes');
    expect((await evaluate('S2.NETPOL', { kubernetes: { pods: down, networkPolicies: down, gatekeeperConstraints: down } })).status).toBe('unknown');
  });
});

describe('S2.TRUSTED-REGISTRY', () => {
  const constraints = { isInstalled: true, items: [constraint('K8sAllowedRepos', 'deny'), constraint('K8sDisallowedTags', 'deny')] };
  const trusted = { trustedRegistries: ['harbor.example.com'] };

  it('passes when every image is pinned and comes from Harbor', async () => {
    const result = await evaluate('S2.TRUSTED-REGISTRY', { kubernetes: { gatekeeperConstraints: constraints, pods: [pod('shop', 'web', [container({ image: 'harbor.example.com/shop/web:1.2.3' })])] } }, trusted);
    expect(result.status).toBe('pass');
  });

  it('fails naming images from elsewhere or tagged latest', async () => {
    const result = await evaluate(
      'S2.TRUSTED-REGISTRY',
      {
        kubernetes: {
          gatekeeperConstraints: constraints,
          pods: [pod('shop', 'web', [container({ image: 'nginx:1.25' }), container({ name: 'side', image: 'harbor.example.com/shop/side:latest' })])],
        },
      },
      trusted,
    );
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('registry docker.io is not trusted');
    expect(evidenceText(result)).toContain('tag latest');
  });

  it('is unknown when the Kubernetes API is down or no registry is known', async () => {
    const down = sourceDown('kubernetes');
    expect((await evaluate('S2.TRUSTED-REGISTRY', { kubernetes: { pods: down, gatekeeperConstraints: down } }, trusted)).status).toBe('unknown');
    expect((await evaluate('S2.TRUSTED-REGISTRY', { kubernetes: { gatekeeperConstraints: constraints, pods: [] } })).status).toBe('unknown');
  });

  it.each([
    ['nginx', 'docker.io', undefined],
    ['library/nginx:1.25', 'docker.io', '1.25'],
    ['harbor.example.com/shop/web:1.2', 'harbor.example.com', '1.2'],
    ['localhost:5000/app:dev', 'localhost:5000', 'dev'],
    ['harbor.example.com/shop/web@sha256:abc', 'harbor.example.com', undefined],
  ])('reads %s as host %s tag %s', (image, host, tag) => {
    expect(registryHostOf(image)).toBe(host);
    expect(tagOf(image)).toBe(tag);
  });
});

describe('S2.LEAST-PRIVILEGE', () => {
  const binding = (name: string, subjects: { kind: string; name: string; namespace?: string }[]) => ({ name, roleName: 'cluster-admin', subjects });

  it('passes with only allowed subjects', async () => {
    const result = await evaluate('S2.LEAST-PRIVILEGE', {
      kubernetes: { clusterRoleBindings: [binding('cluster-admin', [{ kind: 'Group', name: 'system:masters' }]), binding('ccm', [{ kind: 'ServiceAccount', name: 'ccm', namespace: 'kube-system' }])] },
    });
    expect(result.status).toBe('pass');
  });

  it('fails naming an unexpected subject', async () => {
    const result = await evaluate('S2.LEAST-PRIVILEGE', { kubernetes: { clusterRoleBindings: [binding('dev-admin', [{ kind: 'User', name: 'dev@example.com' }])] } });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('User:dev@example.com');
  });

  it('is unknown when the Kubernetes API is down or shows no binding', async () => {
    expect((await evaluate('S2.LEAST-PRIVILEGE', { kubernetes: { clusterRoleBindings: sourceDown('kubernetes') } })).status).toBe('unknown');
    expect((await evaluate('S2.LEAST-PRIVILEGE', { kubernetes: { clusterRoleBindings: [] } })).status).toBe('unknown');
  });
});
