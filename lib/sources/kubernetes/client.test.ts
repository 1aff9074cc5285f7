import { afterEach, describe, expect, it } from 'vitest';
import { describeFailureModes } from '@/lib/sources/test-support/failure-modes';
import { readFixture, startFixtureServer, type FixtureAnswer, type FixtureServer, type SeenRequest } from '@/lib/sources/test-support/fixture-server';
import { createKubernetesClient, type KubernetesClient } from './client';

const here = import.meta.dirname;
const fixture = (name: string) => readFixture(here, name);

const PODS_CONTINUE = (fixture('pods-page-1.json') as { metadata: { continue: string } }).metadata.continue;

const ROUTES: Record<string, string> = {
  '/version': 'version.json',
  '/api/v1/namespaces': 'namespaces.json',
  '/api/v1/nodes': 'nodes.json',
  '/apis/apps/v1/daemonsets': 'daemonsets.json',
  '/apis/apps/v1/deployments': 'deployments.json',
  '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings': 'clusterrolebindings.json',
  '/apis/networking.k8s.io/v1/networkpolicies': 'networkpolicies.json',
  '/apis/constraints.gatekeeper.sh/v1beta1': 'gatekeeper-api-resources.json',
  '/apis/constraints.gatekeeper.sh/v1beta1/k8sallowedrepos': 'constraints-k8sallowedrepos.json',
  '/apis/constraints.gatekeeper.sh/v1beta1/k8srequirenetworkpolicy': 'constraints-k8srequirenetworkpolicy.json',
  '/apis/aquasecurity.github.io/v1alpha1/vulnerabilityreports': 'vulnerabilityreports.json',
  '/apis/aquasecurity.github.io/v1alpha1/clustercompliancereports': 'clustercompliancereports.json',
  '/apis/argoproj.io/v1alpha1/applications': 'applications.json',
  '/apis/crd.projectcalico.org/v1/felixconfigurations': 'felixconfigurations.json',
};

const NOT_FOUND: FixtureAnswer = {
  status: 404,
  json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 },
};

function kubernetesAnswer(request: SeenRequest): FixtureAnswer {
  if (request.rawPath === '/api/v1/pods') {
    return { json: fixture(request.query.get('continue') === PODS_CONTINUE ? 'pods-page-2.json' : 'pods-page-1.json') };
  }
  const name = ROUTES[request.rawPath];
  return name === undefined ? NOT_FOUND : { json: fixture(name) };
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function kubernetesClient(handler: (request: SeenRequest) => FixtureAnswer = kubernetesAnswer, pageSize?: number): Promise<KubernetesClient> {
  server = await startFixtureServer(handler);
  return createKubernetesClient({ kind: 'url', connection: { url: server.url, token: 'token', skipTlsVerify: false } }, { timeoutMs: 2000, pageSize });
}

async function allPods(client: KubernetesClient) {
  const pods = [];
  for await (const page of client.listPodPages()) pods.push(...page);
  return pods;
}

describe('kubernetes golden fixtures', () => {
  it('reads version, namespaces and nodes', async () => {
    const client = await kubernetesClient();
    expect(await client.getVersion()).toEqual(fixture('version.expected.json'));
    expect(await client.listNamespaces()).toEqual(fixture('namespaces.expected.json'));
    expect(await client.listNodes()).toEqual(fixture('nodes.expected.json'));
  });

  it('reads pods across pages, keeping env names but never their values', async () => {
    const client = await kubernetesClient();
    const pods = await allPods(client);
    expect(pods).toEqual(fixture('pods.expected.json'));
    expect(JSON.stringify(pods)).not.toContain('PLANTED');
    const podRequests = server!.requests.filter((request) => request.rawPath === '/api/v1/pods');
    expect(podRequests.map((request) => request.query.get('continue'))).toEqual([null, PODS_CONTINUE]);
    expect(podRequests.every((request) => request.query.get('limit') === '500')).toBe(true);
  });

  it('reads DaemonSets and Deployments as workloads', async () => {
    const client = await kubernetesClient();
    const workloads = await client.listWorkloads();
    expect(workloads).toEqual(fixture('workloads.expected.json'));
    expect(JSON.stringify(workloads)).not.toContain('PLANTED');
  });

  it('reads cluster role bindings and network policies', async () => {
    const client = await kubernetesClient();
    expect(await client.listClusterRoleBindings()).toEqual(fixture('clusterrolebindings.expected.json'));
    expect(await client.listNetworkPolicies()).toEqual(fixture('networkpolicies.expected.json'));
  });

  it('discovers Gatekeeper constraint kinds and lists each one', async () => {
    const client = await kubernetesClient();
    expect(await client.listGatekeeperConstraints()).toEqual(fixture('gatekeeper-constraints.expected.json'));
    const paths = server!.requests.map((request) => request.rawPath);
    expect(paths).toContain('/apis/constraints.gatekeeper.sh/v1beta1');
    // subresources such as k8sallowedrepos/status are not listed
    expect(paths.filter((path) => path.includes('/status'))).toEqual([]);
  });

  it('reads trivy-operator reports without their vulnerability lists', async () => {
    const client = await kubernetesClient();
    const reports = await client.listVulnerabilityReports();
    expect(reports).toEqual(fixture('vulnerability-reports.expected.json'));
    expect(JSON.stringify(reports)).not.toContain('CVE-2024-2511');
    expect(await client.listComplianceReports()).toEqual(fixture('compliance-reports.expected.json'));
  });

  it('reads Argo CD applications and Calico Felix configurations', async () => {
    const client = await kubernetesClient();
    expect(await client.listArgoApplications()).toEqual(fixture('argo-applications.expected.json'));
    expect(await client.listFelixConfigurations()).toEqual(fixture('felix-configurations.expected.json'));
  });
});

describe('kubernetes custom resources that are not installed', () => {
  it('answers isInstalled false for a 404, without retrying', async () => {
    const client = await kubernetesClient(() => NOT_FOUND);
    expect(await client.listArgoApplications()).toEqual({ isInstalled: false, items: [] });
    expect(await client.listVulnerabilityReports()).toEqual({ isInstalled: false, items: [] });
    expect(await client.listComplianceReports()).toEqual({ isInstalled: false, items: [] });
    expect(await client.listFelixConfigurations()).toEqual({ isInstalled: false, items: [] });
    expect(await client.listGatekeeperConstraints()).toEqual({ isInstalled: false, items: [] });
    expect(server!.requests).toHaveLength(5);
  });

  it('still reports a refusal (403) as an auth error, not as "not installed"', async () => {
    const client = await kubernetesClient(() => ({ status: 403, json: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403 } }));
    await expect(client.listArgoApplications()).rejects.toMatchObject({ source: 'kubernetes', kind: 'auth', status: 403, path: '/apis/argoproj.io/v1alpha1/applications' });
  });

  it('calls a custom resource of the wrong shape a parse error naming the field', async () => {
    const client = await kubernetesClient(() => ({
      json: { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationList', metadata: {}, items: [{ metadata: { name: 'x' }, status: { sync: { status: 42 } } }] },
    }));
    await expect(client.listArgoApplications()).rejects.toMatchObject({ kind: 'parse', message: expect.stringContaining('items.0.status.sync.status') });
  });
});

/** An API server that lists `count` objects in pages of `limit`, chaining continue tokens. */
function pagedList(count: number, makeItem: (index: number) => object, listKind: string) {
  return (request: SeenRequest): FixtureAnswer => {
    const limit = Number(request.query.get('limit'));
    const start = request.query.get('continue') ? Number(Buffer.from(request.query.get('continue')!, 'base64').toString()) : 0;
    const end = Math.min(start + limit, count);
    const items = Array.from({ length: end - start }, (_, offset) => makeItem(start + offset));
    const metadata = end < count ? { resourceVersion: '5', continue: Buffer.from(String(end)).toString('base64'), remainingItemCount: count - end } : { resourceVersion: '5' };
    return { json: { kind: listKind, apiVersion: 'v1', metadata, items } };
  };
}

describe('kubernetes pagination', () => {
  it('follows continue tokens until the last page', async () => {
    const pod = (index: number) => ({ metadata: { name: `pod-${index}`, namespace: `ns-${index % 7}` }, spec: { containers: [{ name: 'app', image: 'harbor.example.com/a/b:1' }] } });
    const client = await kubernetesClient(pagedList(1234, pod, 'PodList'), 100);
    const pods = await allPods(client);
    expect(pods).toHaveLength(1234);
    expect(pods[1233]).toMatchObject({ name: 'pod-1233', namespace: 'ns-1' });
    expect(server!.requests).toHaveLength(13);
    expect(server!.requests.every((request) => request.query.get('limit') === '100')).toBe(true);
  });

  it('pages through custom resources too', async () => {
    const application = (index: number) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: `app-${index}`, namespace: 'argocd' } });
    const client = await kubernetesClient(pagedList(450, application, 'ApplicationList'));
    const applications = await client.listArgoApplications();
    expect(applications.items).toHaveLength(450);
    expect(server!.requests.map((request) => request.query.get('limit'))).toEqual(['200', '200', '200']);
  });
});

describeFailureModes({
  source: 'kubernetes',
  auth: 'token',
  call: (connection, timeoutMs) => createKubernetesClient({ kind: 'url', connection }, { timeoutMs }).listNamespaces(),
  answer: () => ({ json: fixture('namespaces.json') }),
});
