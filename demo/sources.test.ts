import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '@/demo';
import { createSourceReaders, type SourceClients, type SourceReaders } from '@/lib/evaluate/source-readers';
import { createHarborClient } from '@/lib/sources/harbor/client';
import { createKubernetesClient } from '@/lib/sources/kubernetes/client';
import { createOpenSearchClient } from '@/lib/sources/opensearch/client';
import { createPrometheusClient } from '@/lib/sources/prometheus/client';

// The four clients against the built-in demo cluster (scenario stock): every reader answers, and
// what it answers looks like the scenario's cluster.

let demo: DemoCluster;
let readers: SourceReaders;

function clientsFor(cluster: DemoCluster): SourceClients {
  const timeoutMs = 10_000;
  const { urls, credentials } = cluster;
  return {
    prometheus: createPrometheusClient({ url: urls.prometheus, token: credentials.prometheusToken, skipTlsVerify: false }, { timeoutMs }),
    opensearch: createOpenSearchClient(
      { url: urls.opensearch, username: credentials.opensearchUsername, password: credentials.opensearchPassword, skipTlsVerify: false },
      { timeoutMs },
    ),
    harbor: createHarborClient({ url: urls.harbor, username: credentials.harborUsername, password: credentials.harborPassword, skipTlsVerify: false }, { timeoutMs }),
    kubernetes: createKubernetesClient({ kind: 'url', connection: { url: urls.kubernetes, token: credentials.kubernetesToken, skipTlsVerify: false } }, { timeoutMs }),
  };
}

beforeAll(async () => {
  demo = await startDemoCluster({ scenario: 'stock' });
  readers = createSourceReaders(clientsFor(demo));
}, 60_000);

afterAll(async () => {
  await demo?.stop();
});

describe('the readers against the demo cluster', () => {
  it('read the Kubernetes version, namespaces and nodes', async () => {
    const version = await readers.kubernetesVersion();
    expect(version.major).toBe(1);
    expect(version.minor).toBeGreaterThan(20);
    expect(version.gitVersion).toMatch(/^v1\.\d+/);

    const namespaces = await readers.namespaces();
    expect(namespaces.length).toBeGreaterThan(3);
    expect(namespaces.map((namespace) => namespace.name)).toContain('kube-system');
    expect(namespaces.every((namespace) => namespace.name !== '' && typeof namespace.labels === 'object')).toBe(true);

    const nodes = await readers.nodes();
    expect(nodes).toHaveLength(demo.dataset.scale.nodes);
    expect(nodes.every((node) => node.name !== '' && node.kubeletVersion.startsWith('v1.'))).toBe(true);
  });

  it('read every pod, keeping no planted secret', async () => {
    const pods = await readers.pods();
    const podResource = demo.dataset.kubernetes.resources.find((resource) => resource.group === '' && resource.plural === 'pods');
    expect(pods).toHaveLength(podResource?.items.length ?? -1);
    expect(pods.every((pod) => pod.namespace !== '' && pod.name !== '' && pod.containers.length > 0)).toBe(true);
    expect(pods.some((pod) => pod.containers.some((container) => container.image.startsWith(`${demo.dataset.harborHost}/`)))).toBe(true);
    const text = JSON.stringify(pods);
    for (const planted of demo.dataset.plantedSecrets) expect(text).not.toContain(planted);
  });

  it('read workloads, cluster role bindings and network policies', async () => {
    const workloads = await readers.workloads();
    expect(workloads.some((workload) => workload.kind === 'DaemonSet')).toBe(true);
    expect(workloads.some((workload) => workload.kind === 'Deployment')).toBe(true);
    for (const planted of demo.dataset.plantedSecrets) expect(JSON.stringify(workloads)).not.toContain(planted);

    const bindings = await readers.clusterRoleBindings();
    expect(bindings.some((binding) => binding.roleName === 'cluster-admin')).toBe(true);

    const policies = await readers.networkPolicies();
    expect(policies.length).toBeGreaterThan(0);
    expect(policies.every((policy) => policy.namespace !== '' && Array.isArray(policy.policyTypes))).toBe(true);
  });

  it('read the custom resources of Gatekeeper, trivy-operator, Argo CD and Calico', async () => {
    const constraints = await readers.gatekeeperConstraints();
    expect(constraints.isInstalled).toBe(true);
    expect(constraints.items.length).toBeGreaterThan(0);
    expect(constraints.items.every((constraint) => constraint.kind.startsWith('K8s') && constraint.enforcementAction !== '')).toBe(true);

    const vulnerabilityReports = await readers.vulnerabilityReports();
    expect(vulnerabilityReports.isInstalled).toBe(true);
    expect(vulnerabilityReports.items.length).toBeGreaterThan(0);
    expect(vulnerabilityReports.items.every((report) => report.repository !== '')).toBe(true);

    const complianceReports = await readers.complianceReports();
    expect(complianceReports.isInstalled).toBe(true);
    expect(complianceReports.items.length).toBeGreaterThan(0);

    const applications = await readers.argoApplications();
    expect(applications.isInstalled).toBe(true);
    expect(applications.items.every((application) => application.syncStatus !== '' && application.healthStatus !== '')).toBe(true);

    const felix = await readers.felixConfigurations();
    expect(felix.isInstalled).toBe(true);
    expect(felix.items.map((configuration) => configuration.name)).toContain('default');
  });

  it('read Harbor: health, system info, scanners, projects, artifacts and the CVE allowlist', async () => {
    const health = await readers.harborHealth();
    expect(health.status).not.toBe('');
    expect(health.components.length).toBeGreaterThan(0);

    const info = await readers.harborSystemInfo();
    expect(info.authMode).not.toBe('');

    const scanners = await readers.harborScanners();
    expect(scanners.some((scanner) => scanner.isDefault)).toBe(true);

    const projects = await readers.harborProjects();
    expect(projects).toHaveLength(demo.dataset.harbor.projects.length);

    const artifacts = await readers.harborArtifacts();
    const expectedCount = [...demo.dataset.harbor.artifacts.values()].reduce((sum, list) => sum + list.length, 0);
    expect(artifacts).toHaveLength(expectedCount);
    expect(artifacts.some((artifact) => artifact.scanStatus === 'Success')).toBe(true);
    expect(artifacts.every((artifact) => artifact.repository.startsWith(`${artifact.project}/`))).toBe(true);

    const allowlist = await readers.harborCveAllowlist();
    expect(Array.isArray(allowlist.cveIds)).toBe(true);
  });

  it('read OpenSearch: health, aliases, indices, ISM policies and aggregations', async () => {
    const health = await readers.openSearchHealth();
    expect(['green', 'yellow', 'red']).toContain(health.status);

    const aliases = await readers.openSearchAliases();
    expect(aliases.map((alias) => alias.alias)).toEqual(expect.arrayContaining(['kubernetes', 'kubeaudit']));

    const indices = await readers.openSearchIndices();
    expect(indices.length).toBeGreaterThan(0);
    expect(indices.every((index) => index.creationDate !== undefined)).toBe(true);

    const policies = await readers.ismPolicies();
    expect(policies.length).toBeGreaterThan(0);

    const latest = await readers.latestDocumentTime('kubernetes*');
    expect(latest).not.toBeNull();
    expect(Date.parse(latest!)).toBeGreaterThan(demo.dataset.now.getTime() - 24 * 3_600_000);

    const sinceIso = new Date(demo.dataset.now.getTime() - 24 * 3_600_000).toISOString();
    const counts = await readers.countByTerms('kubernetes*', 'kubernetes.namespace_name', { sinceIso });
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((count) => count.key !== '' && count.count > 0)).toBe(true);
  });

  it('run instant and range queries against Prometheus', async () => {
    const prometheus = readers.clients.prometheus!;
    const up = await prometheus.instantQuery('up');
    expect(up.samples.length).toBeGreaterThan(0);
    const end = new Date();
    const range = await prometheus.rangeQuery('up', { start: new Date(end.getTime() - 3_600_000), end, stepSeconds: 300 });
    expect(range.series.length).toBeGreaterThan(0);
    expect(range.series[0]!.points.length).toBeGreaterThan(1);
  });

  it('fetch each list once however many checks ask', async () => {
    const fresh = createSourceReaders(clientsFor(demo));
    const [first, second] = await Promise.all([fresh.namespaces(), fresh.namespaces()]);
    expect(first).toBe(second);
    expect(await fresh.namespaces()).toBe(first);
  });
});
