import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoCluster, startDemoCluster } from '@/demo';

let cluster: DemoCluster;
let kubeConfig: k8s.KubeConfig;

beforeAll(async () => {
  cluster = await startDemoCluster({ scenario: 'stock', now: new Date('2026-01-01T00:00:00Z') });
  kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'demo', server: cluster.urls.kubernetes, skipTLSVerify: true }],
    users: [{ name: 'reader', token: cluster.credentials.kubernetesToken }],
    contexts: [{ name: 'demo', cluster: 'demo', user: 'reader' }],
    currentContext: 'demo',
  });
});

afterAll(async () => {
  await cluster.stop();
});

function resourceItems(plural: string) {
  const resource = cluster.dataset.kubernetes.resources.find((candidate) => candidate.plural === plural);
  if (resource === undefined) throw new Error(`no ${plural} in the dataset`);
  return resource.items;
}

async function raw(path: string, token = cluster.credentials.kubernetesToken): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${cluster.urls.kubernetes}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('demo Kubernetes API with @kubernetes/client-node', () => {
  it('reports the server version', async () => {
    const version = await kubeConfig.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.31.4');
    expect(version.minor).toBe('31');
  });

  it('pages through all pods with limit and continue', async () => {
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 50, _continue: token });
      expect(page.items.length).toBeLessThanOrEqual(50);
      names.push(...page.items.map((pod) => `${pod.metadata?.namespace}/${pod.metadata?.name}`));
      token = page.metadata?._continue;
      if (token !== undefined) expect(page.metadata?.remainingItemCount).toBe(resourceItems('pods').length - names.length);
      pages += 1;
    } while (token !== undefined);
    expect(pages).toBe(Math.ceil(resourceItems('pods').length / 50));
    expect(new Set(names).size).toBe(resourceItems('pods').length);
    expect(names).toEqual([...names].sort());
  });

  it('pages through one namespace, two pods at a time', async () => {
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await core.listNamespacedPod({ namespace: 'payments', limit: 2, _continue: token });
      names.push(...page.items.map((pod) => pod.metadata?.name ?? ''));
      token = page.metadata?._continue;
    } while (token !== undefined);
    expect(names).toEqual(resourceItems('pods').filter((pod) => pod.metadata.namespace === 'payments').map((pod) => pod.metadata.name));
    expect(names).toHaveLength(5);
  });

  it('returns full pod specs with security contexts, env and Harbor images', async () => {
    const pods = await kubeConfig.makeApiClient(k8s.CoreV1Api).listNamespacedPod({ namespace: 'analytics' });
    const ingest = pods.items.find((pod) => pod.metadata?.name?.startsWith('ingest-'));
    expect(ingest?.spec?.containers[0]?.securityContext?.runAsUser).toBe(0);
    expect(ingest?.spec?.containers[0]?.image).toMatch(/^harbor\.demo\.example\.com\/analytics\/ingest:/);
    const notebook = pods.items.find((pod) => pod.metadata?.name?.startsWith('notebook-'));
    expect(notebook?.spec?.containers[0]?.image).toBe('harbor.demo.example.com/analytics/notebook:latest');
  });

  it('lists namespaces with Pod Security labels and nodes with the WireGuard annotation', async () => {
    const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    const namespaces = await core.listNamespace();
    const payments = namespaces.items.find((namespace) => namespace.metadata?.name === 'payments');
    expect(payments?.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const nodes = await core.listNode();
    expect(nodes.items).toHaveLength(4);
    for (const node of nodes.items) {
      expect(node.metadata?.annotations?.['projectcalico.org/IPv4WireguardInterfaceAddr']).toMatch(/^10\.244\.\d+\.1$/);
      expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.31.4');
    }
  });

  it('lists apps, RBAC and network policy objects', async () => {
    const apps = kubeConfig.makeApiClient(k8s.AppsV1Api);
    const daemonSets = await apps.listDaemonSetForAllNamespaces();
    expect(daemonSets.items.map((daemonSet) => daemonSet.metadata?.name)).toEqual(expect.arrayContaining(['fluentd', 'falco', 'calico-node', 'node-exporter']));
    const deployments = await apps.listDeploymentForAllNamespaces();
    expect(deployments.items.every((deployment) => ['RollingUpdate', 'Recreate'].includes(deployment.spec?.strategy?.type ?? ''))).toBe(true);
    const bindings = await kubeConfig.makeApiClient(k8s.RbacAuthorizationV1Api).listClusterRoleBinding();
    const admins = bindings.items.filter((binding) => binding.roleRef.name === 'cluster-admin').flatMap((binding) => binding.subjects ?? []);
    expect(admins.map((subject) => subject.name)).toContain('jane.doe@example.com');
    const policies = await kubeConfig.makeApiClient(k8s.NetworkingV1Api).listNetworkPolicyForAllNamespaces();
    expect(policies.items.some((policy) => policy.metadata?.namespace === 'payments' && policy.metadata.name === 'default-deny')).toBe(true);
    expect(policies.items.some((policy) => policy.metadata?.namespace === 'analytics')).toBe(false);
  });

  it('serves custom resources: Gatekeeper, trivy-operator, Argo CD and Calico', async () => {
    const custom = kubeConfig.makeApiClient(k8s.CustomObjectsApi);
    const constraints = (await custom.listClusterCustomObject({ group: 'constraints.gatekeeper.sh', version: 'v1beta1', plural: 'k8sallowedrepos' })) as {
      kind: string;
      items: Array<{ kind: string; spec: { enforcementAction: string }; status: { totalViolations: number; auditTimestamp: string; violations: unknown[] } }>;
    };
    expect(constraints.kind).toBe('K8sAllowedReposList');
    expect(constraints.items[0]).toMatchObject({ kind: 'K8sAllowedRepos', spec: { enforcementAction: 'warn' }, status: { totalViolations: 1 } });
    const reports = (await custom.listNamespacedCustomObject({ group: 'aquasecurity.github.io', version: 'v1alpha1', namespace: 'analytics', plural: 'vulnerabilityreports' })) as {
      items: Array<{ report: { summary: { criticalCount: number } } }>;
    };
    expect(reports.items.some((report) => report.report.summary.criticalCount === 2)).toBe(true);
    const applications = (await custom.listNamespacedCustomObject({ group: 'argoproj.io', version: 'v1alpha1', namespace: 'argocd', plural: 'applications' })) as {
      items: Array<{ status: { sync: { status: string } } }>;
    };
    expect(applications.items.filter((application) => application.status.sync.status === 'OutOfSync')).toHaveLength(1);
    const felix = (await custom.getClusterCustomObject({ group: 'crd.projectcalico.org', version: 'v1', plural: 'felixconfigurations', name: 'default' })) as { spec: { wireguardEnabled: boolean } };
    expect(felix.spec.wireguardEnabled).toBe(true);
  });

  it('answers 404 for resources the cluster does not have', async () => {
    const custom = kubeConfig.makeApiClient(k8s.CustomObjectsApi);
    await expect(custom.listClusterCustomObject({ group: 'wgpolicyk8s.io', version: 'v1alpha2', plural: 'clusterpolicyreports' })).rejects.toMatchObject({ code: 404 });
  });

  it('rejects a wrong token with 401 through the client', async () => {
    const config = new k8s.KubeConfig();
    config.loadFromOptions({
      // the client only talks plain HTTP with skipTLSVerify set
      clusters: [{ name: 'demo', server: cluster.urls.kubernetes, skipTLSVerify: true }],
      users: [{ name: 'reader', token: 'not-the-token' }],
      contexts: [{ name: 'demo', cluster: 'demo', user: 'reader' }],
      currentContext: 'demo',
    });
    await expect(config.makeApiClient(k8s.CoreV1Api).listNamespace()).rejects.toMatchObject({ code: 401 });
  });
});

describe('demo Kubernetes API wire format', () => {
  it('writes List objects without kind on built-in items', async () => {
    const { body } = await raw('/api/v1/pods?limit=1');
    expect(body).toMatchObject({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String), continue: expect.any(String) } });
    const [item] = body.items as Array<Record<string, unknown>>;
    expect(item?.kind).toBeUndefined();
  });

  it('adds kind and apiVersion to a single object', async () => {
    const { body } = await raw('/api/v1/namespaces/payments');
    expect(body).toMatchObject({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'payments' } });
  });

  it('answers the real Status objects for errors', async () => {
    expect(await raw('/api/v1/pods', 'wrong')).toEqual({
      status: 401,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 },
    });
    expect(await raw('/apis/nothing.example.com/v1/things')).toEqual({
      status: 404,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 },
    });
    const missing = await raw('/apis/apps/v1/namespaces/payments/deployments/nope');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ message: 'deployments.apps "nope" not found', reason: 'NotFound', details: { name: 'nope', group: 'apps', kind: 'deployments' } });
    const badToken = await raw('/api/v1/pods?limit=5&continue=garbage');
    expect(badToken.status).toBe(400);
    expect(badToken.body.reason).toBe('BadRequest');
  });

  it('filters by label and field selectors', async () => {
    const byLabel = await raw('/api/v1/pods?labelSelector=app.kubernetes.io/name%3Dledger');
    const ledgerPods = byLabel.body.items as Array<{ metadata: { name: string } }>;
    expect(ledgerPods.length).toBeGreaterThan(0);
    expect(ledgerPods.every((pod) => pod.metadata.name.startsWith('ledger-'))).toBe(true);
    const byNode = await raw('/api/v1/pods?fieldSelector=spec.nodeName%3Ddemo-wc-control-plane-0');
    const onControlPlane = byNode.body.items as Array<{ spec: { nodeName: string } }>;
    expect(onControlPlane.length).toBeGreaterThan(0);
    expect(onControlPlane.every((pod) => pod.spec.nodeName === 'demo-wc-control-plane-0')).toBe(true);
    expect((await raw('/api/v1/pods?fieldSelector=spec.color%3Dred')).status).toBe(400);
  });

  it('serves discovery for the constraint kinds', async () => {
    const { body } = await raw('/apis/constraints.gatekeeper.sh/v1beta1');
    const names = (body.resources as Array<{ name: string }>).map((resource) => resource.name);
    expect(names).toEqual(expect.arrayContaining(['k8srequirenetworkpolicy', 'k8sallowedrepos', 'k8sdisallowedtags', 'k8spspprivilegedcontainer', 'k8spspallowprivilegeescalationcontainer', 'k8spspallowedusers', 'k8spspcapabilities']));
  });

  it('empty fault: lists are empty and objects are not found', async () => {
    cluster.setFault('kubernetes', 'empty');
    try {
      expect((await raw('/api/v1/pods')).body.items).toEqual([]);
      expect((await raw('/api/v1/namespaces/payments')).status).toBe(404);
      expect((await raw('/version')).status).toBe(200);
    } finally {
      cluster.setFault('kubernetes', undefined);
    }
  });
});
