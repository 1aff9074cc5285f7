import { describe, expect, it } from 'vitest';
import type { GatekeeperConstraintSummary, NetworkPolicySummary, NodeSummary, WorkloadSummary } from '@/lib/sources/types';
import { evaluateControl as evaluate, evidenceText } from '@/lib/testing/evaluate-control';
import { CONTROLS } from '@/lib/catalog';
import { DEFAULT_CATALOG_SETTINGS } from '@/lib/evaluate/settings';
import { evaluateControls } from '@/lib/evaluate/evaluate-controls';
import { container, fakeReaders, pod, sourceDown, type FakeSources } from '@/lib/testing/fake-sources';

const IN_ERROR = 'sum(gatekeeper_constraints{status="error"})';
const AUDIT_AGE = 'time() - max(gatekeeper_audit_last_run_time)';
const enforcing = (totalViolations = 0, enforcementAction = 'deny'): GatekeeperConstraintSummary => ({
  kind: 'K8sPSPPrivilegedContainer',
  name: 'psp-privileged',
  enforcementAction,
  totalViolations,
  violations: totalViolations ? [{ kind: 'Pod', namespace: 'payments', name: 'api-1', message: 'Privileged container is not allowed' }] : [],
});
const goodPolicyMetrics = { [IN_ERROR]: [{ labels: {}, value: 0 }], [AUDIT_AGE]: [{ labels: {}, value: 30 }] };

describe('T1.POLICY', () => {
  it('passes with constraints enforcing, audited recently, no violations', async () => {
    expect((await evaluate('T1.POLICY', { prometheus: goodPolicyMetrics, kubernetes: { gatekeeperConstraints: { isInstalled: true, items: [enforcing()] } } })).status).toBe('pass');
  });

  it('warns on warn-mode constraints and fails on violations, errors or a stale audit', async () => {
    expect((await evaluate('T1.POLICY', { prometheus: goodPolicyMetrics, kubernetes: { gatekeeperConstraints: { isInstalled: true, items: [enforcing(0, 'warn')] } } })).status).toBe('warn');
    const violations = await evaluate('T1.POLICY', { prometheus: goodPolicyMetrics, kubernetes: { gatekeeperConstraints: { isInstalled: true, items: [enforcing(3)] } } });
    expect(violations.status).toBe('fail');
    expect(evidenceText(violations)).toContain('payments/api-1');
    expect((await evaluate('T1.POLICY', { prometheus: { ...goodPolicyMetrics, [IN_ERROR]: [{ labels: {}, value: 1 }] }, kubernetes: { gatekeeperConstraints: { isInstalled: true, items: [enforcing()] } } })).status).toBe('fail');
    expect((await evaluate('T1.POLICY', { prometheus: { ...goodPolicyMetrics, [AUDIT_AGE]: [{ labels: {}, value: 3600 }] }, kubernetes: { gatekeeperConstraints: { isInstalled: true, items: [enforcing()] } } })).status).toBe('fail');
  });

  it('is unknown when the sources are down', async () => {
    const down = sourceDown('prometheus');
    expect((await evaluate('T1.POLICY', { prometheus: { [IN_ERROR]: down, [AUDIT_AGE]: down }, kubernetes: { gatekeeperConstraints: sourceDown('kubernetes') } })).status).toBe('unknown');
  });
});

const falco = (ready: number, desired = 3): WorkloadSummary => ({ kind: 'DaemonSet', namespace: 'falco', name: 'falco', labels: {}, desired, ready, images: [] });
const SEVERE = 'sum by (rule, priority, k8s_ns_name, k8s_pod_name) (increase(falcosecurity_falcosidekick_falco_events_total[1h]))';
const NOTICE = { labels: { rule: 'Read sensitive file', priority: 'Notice', k8s_ns_name: 'monitoring', k8s_pod_name: 'grafana-0' }, value: 1 };
const DROPS = 'sum(increase(falcosecurity_scap_n_drops_total[1h]))';

describe('T1.RUNTIME', () => {
  it('passes with Falco on every node, no severe events and no drops', async () => {
    expect((await evaluate('T1.RUNTIME', { kubernetes: { workloads: [falco(3)] }, prometheus: { [DROPS]: [{ labels: {}, value: 0 }], [SEVERE]: [NOTICE] } })).status).toBe('pass');
  });

  it('fails when Falco misses a node or reports a severe event', async () => {
    const missing = await evaluate('T1.RUNTIME', { kubernetes: { workloads: [falco(2)] }, prometheus: { [DROPS]: [{ labels: {}, value: 0 }], [SEVERE]: [NOTICE] } });
    expect(missing.status).toBe('fail');
    const events = await evaluate('T1.RUNTIME', {
      kubernetes: { workloads: [falco(3)] },
      prometheus: { [DROPS]: [{ labels: {}, value: 0 }], [SEVERE]: [NOTICE, { labels: { rule: 'Terminal shell in container', priority: 'Critical', k8s_ns_name: 'shop', k8s_pod_name: 'web-1' }, value: 2 }] },
    });
    expect(events.status).toBe('fail');
    expect(evidenceText(events)).toContain('Terminal shell in container');
  });

  it('is unknown when the sources are down', async () => {
    const down = sourceDown('prometheus');
    expect((await evaluate('T1.RUNTIME', { kubernetes: { workloads: sourceDown('kubernetes') }, prometheus: { [SEVERE]: down, [DROPS]: down } })).status).toBe('unknown');
  });
});

const allowWeb: NetworkPolicySummary = { namespace: 'shop', name: 'web', podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] }, policyTypes: ['Ingress'], isDefaultDenyIngress: false };
const webPod = pod('shop', 'web-1', [container()], { labels: { app: 'web' } });
const dbPod = pod('shop', 'db-0', [container()], { labels: { app: 'db' } });

describe('T1.MESH-IDENTITY', () => {
  it('passes when every workload pod is selected by a policy', async () => {
    expect((await evaluate('T1.MESH-IDENTITY', { kubernetes: { pods: [webPod], networkPolicies: [allowWeb] } })).status).toBe('pass');
  });

  it('fails naming pods no policy selects', async () => {
    const result = await evaluate('T1.MESH-IDENTITY', { kubernetes: { pods: [webPod, dbPod], networkPolicies: [allowWeb] } });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('shop/db-0');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    expect((await evaluate('T1.MESH-IDENTITY', { kubernetes: { pods: sourceDown('kubernetes'), networkPolicies: sourceDown('kubernetes') } })).status).toBe('unknown');
  });
});

const node = (name: string, wireguardAddress?: string): NodeSummary => ({ name, kubeletVersion: 'v1.32.0', osImage: 'Ubuntu', kernelVersion: '6.8', isReady: true, wireguardAddress });
const FELIX = 'sum(increase(felix_iptables_restore_errors[1h]))';
const encrypted: FakeSources = {
  kubernetes: { felixConfigurations: { isInstalled: true, items: [{ name: 'default', isWireguardEnabled: true }] }, nodes: [node('n1', '10.0.0.1'), node('n2', '10.0.0.2')], pods: [webPod], networkPolicies: [allowWeb] },
  prometheus: { [FELIX]: [{ labels: {}, value: 0 }] },
};

describe('T1.ENCRYPTION', () => {
  it('passes with WireGuard enabled on every node', async () => {
    expect((await evaluate('T1.ENCRYPTION', encrypted)).status).toBe('pass');
  });

  it('fails with WireGuard off or a node without its interface', async () => {
    expect((await evaluate('T1.ENCRYPTION', { ...encrypted, kubernetes: { ...encrypted.kubernetes, felixConfigurations: { isInstalled: true, items: [{ name: 'default', isWireguardEnabled: false }] } } })).status).toBe('fail');
    const partial = await evaluate('T1.ENCRYPTION', { ...encrypted, kubernetes: { ...encrypted.kubernetes, nodes: [node('n1', '10.0.0.1'), node('n2')] } });
    expect(partial.status).toBe('fail');
    expect(evidenceText(partial)).toContain('node n2');
  });

  it('is unknown when the sources are down', async () => {
    const down = sourceDown('kubernetes');
    expect((await evaluate('T1.ENCRYPTION', { kubernetes: { felixConfigurations: down, nodes: down }, prometheus: { [FELIX]: sourceDown('prometheus') } })).status).toBe('unknown');
  });
});

describe('T1.ZERO-TRUST', () => {
  it('passes only when identity and encryption both pass, and says it is derived', async () => {
    const result = await evaluate('T1.ZERO-TRUST', encrypted);
    // evaluating one derived control alone has no inputs: it must not pass
    expect(result.status).toBe('unknown');
  });

  it('takes the worst of T1.MESH-IDENTITY and T1.ENCRYPTION when evaluated with them', async () => {
    const ids = ['T1.MESH-IDENTITY', 'T1.ENCRYPTION', 'T1.ZERO-TRUST'];
    const controls = CONTROLS.filter((control) => ids.includes(control.id));
    const run = async (fake: FakeSources) => (await evaluateControls(controls, { sources: fakeReaders(fake), settings: DEFAULT_CATALOG_SETTINGS, now: new Date() })).find((result) => result.controlId === 'T1.ZERO-TRUST')!;
    const good = await run(encrypted);
    expect(good.status).toBe('pass');
    expect(good.evidence[0]?.source).toBe('derived');
    expect(good.summary).toContain('T1.MESH-IDENTITY is pass');
    const bad = await run({ ...encrypted, kubernetes: { ...encrypted.kubernetes, pods: [webPod, dbPod] } });
    expect(bad.status).toBe('fail');
    const down = await run({ kubernetes: { felixConfigurations: sourceDown('kubernetes'), nodes: sourceDown('kubernetes'), pods: sourceDown('kubernetes'), networkPolicies: sourceDown('kubernetes') }, prometheus: {} });
    expect(down.status).toBe('unknown');
  });
});
