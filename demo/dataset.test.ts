import { describe, expect, it } from 'vitest';
import { buildDemoDataset } from './dataset';
import { createHarborBehaviour } from './harbor/harbor-server';
import type { ApiRequest } from './http/simulated-api';
import { createKubernetesBehaviour } from './kubernetes/kubernetes-server';
import { openMetricsLines } from './prometheus/openmetrics';
import type { DemoDataset, DemoScenario, DemoSeries, KubeObject } from './types';

const NOW = new Date('2026-01-01T00:00:00Z');
const datasets: Record<DemoScenario, DemoDataset> = {
  healthy: buildDemoDataset({ scenario: 'healthy', now: NOW }),
  stock: buildDemoDataset({ scenario: 'stock', now: NOW }),
  degraded: buildDemoDataset({ scenario: 'degraded', now: NOW }),
};

function items(dataset: DemoDataset, plural: string): KubeObject[] {
  const resource = dataset.kubernetes.resources.find((candidate) => candidate.plural === plural);
  if (resource === undefined) throw new Error(`no ${plural}`);
  return resource.items;
}

function series(dataset: DemoDataset, name: string): DemoSeries[] {
  return dataset.prometheus.series.filter((candidate) => candidate.name === name);
}

function valueNow(dataset: DemoDataset, item: DemoSeries): number {
  return item.valueAt(dataset.prometheus.nowIndex);
}

interface ContainerSpec {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: unknown }>;
  securityContext?: { runAsUser?: number; runAsNonRoot?: boolean; allowPrivilegeEscalation?: boolean };
}

function workloadPods(dataset: DemoDataset): Array<{ pod: KubeObject; spec: { containers: ContainerSpec[]; securityContext: { runAsNonRoot?: boolean; runAsUser?: number } } }> {
  const systemNamespaces = new Set(items(dataset, 'namespaces').filter((namespace) => namespace.metadata.labels?.['pod-security.kubernetes.io/audit'] === undefined).map((namespace) => namespace.metadata.name));
  return items(dataset, 'pods')
    .filter((pod) => !systemNamespaces.has(pod.metadata.namespace ?? ''))
    .map((pod) => ({ pod, spec: pod.spec as { containers: ContainerSpec[]; securityContext: { runAsNonRoot?: boolean; runAsUser?: number } } }));
}

function isRootContainer(podContext: { runAsNonRoot?: boolean; runAsUser?: number }, container: ContainerSpec): boolean {
  const runAsUser = container.securityContext?.runAsUser ?? podContext.runAsUser;
  const runAsNonRoot = container.securityContext?.runAsNonRoot ?? podContext.runAsNonRoot;
  return runAsUser === 0 || runAsNonRoot !== true;
}

function constraints(dataset: DemoDataset): Array<{ kind: string; spec: { enforcementAction: string }; status: { totalViolations: number } }> {
  return dataset.kubernetes.resources.filter((resource) => resource.group === 'constraints.gatekeeper.sh').flatMap((resource) => resource.items) as never;
}

function criticalImages(dataset: DemoDataset): number {
  return series(dataset, 'trivy_image_vulnerabilities').filter((item) => item.labels.severity === 'Critical' && item.lastIndex === undefined && valueNow(dataset, item) > 0).length;
}

const DAY_SECONDS = 86_400;

describe('buildDemoDataset: determinism', () => {
  const fingerprint = (dataset: DemoDataset): string =>
    JSON.stringify({
      kubernetes: dataset.kubernetes,
      harbor: { ...dataset.harbor, repositories: [...dataset.harbor.repositories], artifacts: [...dataset.harbor.artifacts] },
      opensearch: dataset.opensearch,
      series: dataset.prometheus.series.map((item) => [item.name, item.labels, item.firstIndex, item.lastIndex, item.valueAt(0), item.valueAt(dataset.prometheus.nowIndex)]),
    });

  it('gives the same dataset for the same scenario, scale and now', () => {
    expect(fingerprint(buildDemoDataset({ scenario: 'stock', now: NOW }))).toBe(fingerprint(datasets.stock));
  });

  it('gives a different cluster for another seed', () => {
    const other = buildDemoDataset({ scenario: 'stock', now: NOW, scale: { seed: 7 } });
    expect(items(other, 'pods').map((pod) => pod.metadata.uid)).not.toEqual(items(datasets.stock, 'pods').map((pod) => pod.metadata.uid));
  });

  it('keeps objects stable across scenarios (same uids for the same pods)', () => {
    const stockUid = items(datasets.stock, 'pods').find((pod) => pod.metadata.name.startsWith('ledger-'))?.metadata.uid;
    const healthyUid = items(datasets.healthy, 'pods').find((pod) => pod.metadata.name.startsWith('ledger-'))?.metadata.uid;
    expect(stockUid).toBeDefined();
    expect(stockUid).toBe(healthyUid);
  });

  it('rejects impossible scales', () => {
    expect(() => buildDemoDataset({ scenario: 'stock', now: NOW, scale: { nodes: 0 } })).toThrow(/nodes/);
    expect(() => buildDemoDataset({ scenario: 'stock', now: NOW, scale: { namespaces: 1.5 } })).toThrow(/namespaces/);
  });
});

describe('buildDemoDataset: default scale', () => {
  it('is a small Compliant Kubernetes workload cluster', () => {
    const dataset = datasets.stock;
    expect(dataset.clusterName).toBe('demo-wc');
    expect(workloadPods(dataset)).toHaveLength(60);
    expect(items(dataset, 'nodes')).toHaveLength(4);
    expect(dataset.harbor.projects).toHaveLength(4);
    const artifacts = [...dataset.harbor.artifacts.values()].flat();
    expect(artifacts.length).toBeGreaterThanOrEqual(28);
    expect(artifacts.length).toBeLessThanOrEqual(40);
    const namespaces = items(dataset, 'namespaces').map((namespace) => namespace.metadata.name);
    expect(namespaces).toEqual(expect.arrayContaining(['kube-system', 'calico-system', 'gatekeeper-system', 'falco', 'fluentd-system', 'monitoring', 'trivy-system', 'velero', 'cert-manager', 'argocd', 'ingress-nginx', 'shop-frontend', 'payments', 'analytics']));
  });
});

describe('buildDemoDataset: scenarios', () => {
  it('healthy: constraints deny with no violations, prevent_vul on, non-root workloads', () => {
    const dataset = datasets.healthy;
    for (const constraint of constraints(dataset)) {
      expect(constraint.spec.enforcementAction, constraint.kind).toBe('deny');
      expect(constraint.status.totalViolations, constraint.kind).toBe(0);
    }
    for (const project of dataset.harbor.projects) expect(project.metadata).toMatchObject({ prevent_vul: 'true', severity: 'high' });
    for (const { spec } of workloadPods(dataset)) {
      for (const container of spec.containers) {
        expect(isRootContainer(spec.securityContext, container)).toBe(false);
        expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
        expect(container.image.startsWith(`${dataset.harborHost}/`)).toBe(true);
        expect(container.image.endsWith(':latest')).toBe(false);
      }
    }
    expect(dataset.plantedSecrets).toEqual([]);
  });

  it('healthy: no critical CVEs, kured reporting 0, fresh backups, distant certificates, Jaeger', () => {
    const dataset = datasets.healthy;
    expect(criticalImages(dataset)).toBe(0);
    const kured = series(dataset, 'kured_reboot_required');
    expect(kured).toHaveLength(4);
    expect(kured.every((item) => valueNow(dataset, item) === 0)).toBe(true);
    const nowSeconds = NOW.getTime() / 1000;
    for (const item of series(dataset, 'velero_backup_last_successful_timestamp')) expect(nowSeconds - valueNow(dataset, item)).toBeLessThan(DAY_SECONDS);
    for (const item of series(dataset, 'certmanager_certificate_expiration_timestamp_seconds')) expect(valueNow(dataset, item) - nowSeconds).toBeGreaterThan(20 * DAY_SECONDS);
    expect(items(dataset, 'deployments').some((deployment) => deployment.metadata.name === 'jaeger')).toBe(true);
    expect(items(datasets.stock, 'deployments').some((deployment) => deployment.metadata.name === 'jaeger')).toBe(false);
  });

  it('stock: warn constraints with violations, prevent_vul off, insecure workloads', () => {
    const dataset = datasets.stock;
    const warned = constraints(dataset).filter((constraint) => constraint.spec.enforcementAction === 'warn');
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.some((constraint) => constraint.status.totalViolations > 0)).toBe(true);
    for (const project of dataset.harbor.projects) expect(project.metadata.prevent_vul).toBe('false');
    const containers = workloadPods(dataset).flatMap(({ spec }) => spec.containers.map((container) => ({ container, podContext: spec.securityContext })));
    expect(containers.some(({ container, podContext }) => isRootContainer(podContext, container))).toBe(true);
    expect(containers.some(({ container }) => container.securityContext?.allowPrivilegeEscalation === true)).toBe(true);
    expect(containers.some(({ container }) => container.image.endsWith(':latest'))).toBe(true);
    expect(containers.some(({ container }) => container.image.startsWith('docker.io/'))).toBe(true);
    expect(criticalImages(dataset)).toBe(2);
  });

  it('stock: a literal DB_PASSWORD whose value appears nowhere but in the workload specs', () => {
    const dataset = datasets.stock;
    const [secret] = dataset.plantedSecrets;
    expect(secret).toMatch(/^Pl4nted-/);
    const env = workloadPods(dataset).flatMap(({ spec }) => spec.containers.flatMap((container) => container.env ?? []));
    expect(env).toContainEqual({ name: 'DB_PASSWORD', value: secret });
    const specKinds = new Set(['pods', 'deployments', 'replicasets']);
    const elsewhere = JSON.stringify({
      kubernetes: dataset.kubernetes.resources.filter((resource) => !specKinds.has(resource.plural)),
      harbor: [...dataset.harbor.artifacts],
      series: dataset.prometheus.series.map((item) => item.labels),
    });
    expect(elsewhere).not.toContain(secret);
    let exportedLines = 0;
    for (const line of openMetricsLines(dataset)) {
      exportedLines += 1;
      expect(line.includes(secret ?? 'missing')).toBe(false);
    }
    expect(exportedLines).toBeGreaterThan(1000);
  });

  it('stock: kured not running, nodes booted long ago, an unexpected cluster-admin', () => {
    const dataset = datasets.stock;
    expect(series(dataset, 'kured_reboot_required')).toHaveLength(0);
    expect(items(dataset, 'daemonsets').some((daemonSet) => daemonSet.metadata.name === 'kured')).toBe(false);
    const nowSeconds = NOW.getTime() / 1000;
    for (const item of series(dataset, 'node_boot_time_seconds')) expect(nowSeconds - valueNow(dataset, item)).toBeGreaterThan(30 * DAY_SECONDS);
    const admins = items(dataset, 'clusterrolebindings')
      .filter((binding) => (binding.roleRef as { name: string }).name === 'cluster-admin')
      .flatMap((binding) => binding.subjects as Array<{ kind: string; name: string }>);
    expect(admins).toContainEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane.doe@example.com' });
    expect(items(datasets.healthy, 'clusterrolebindings').some((binding) => binding.metadata.name === 'debug-admin')).toBe(false);
  });

  it('degraded: nodes pending reboot, Falco missing on a node, more CVEs, failing fluentd and Alertmanager', () => {
    const dataset = datasets.degraded;
    const pending = series(dataset, 'kured_reboot_required').filter((item) => valueNow(dataset, item) === 1);
    expect(pending).toHaveLength(2);
    const falco = items(dataset, 'daemonsets').find((daemonSet) => daemonSet.metadata.name === 'falco')?.status as { numberReady: number; desiredNumberScheduled: number };
    expect(falco.numberReady).toBeLessThan(falco.desiredNumberScheduled);
    expect(criticalImages(dataset)).toBeGreaterThan(criticalImages(datasets.stock));
    const nowIndex = dataset.prometheus.nowIndex;
    const increasing = (name: string) => series(dataset, name).some((item) => item.valueAt(nowIndex) > item.valueAt(nowIndex - 20));
    expect(increasing('fluentd_output_status_num_errors')).toBe(true);
    expect(increasing('alertmanager_notifications_failed_total')).toBe(true);
    expect(series(datasets.stock, 'alertmanager_notifications_failed_total').every((item) => item.valueAt(nowIndex) === item.valueAt(0))).toBe(true);
  });
});

describe('buildDemoDataset: the four sources agree', () => {
  const dataset = datasets.stock;

  it('metrics name the same namespaces and nodes as the Kubernetes API', () => {
    const namespaces = new Set(items(dataset, 'namespaces').map((namespace) => namespace.metadata.name));
    for (const item of series(dataset, 'trivy_image_vulnerabilities')) expect(namespaces.has(item.labels.namespace ?? '')).toBe(true);
    const nodes = items(dataset, 'nodes').map((node) => node.metadata.name).sort();
    expect(series(dataset, 'kube_node_info').map((item) => item.labels.node).sort()).toEqual(nodes);
  });

  it('trivy metrics and reports describe the images the pods run', () => {
    const running = new Set(workloadPods(dataset).flatMap(({ spec }) => spec.containers.map((container) => container.image)));
    const scanned = new Set(
      series(dataset, 'trivy_image_info')
        .filter((item) => item.lastIndex === undefined)
        .map((item) => `${item.labels.image_registry}/${item.labels.image_repository}:${item.labels.image_tag}`),
    );
    for (const image of running) expect(scanned.has(image), image).toBe(true);
  });

  it('every Harbor image a pod runs exists as a tagged artifact', () => {
    const prefix = `${dataset.harborHost}/`;
    const images = workloadPods(dataset)
      .flatMap(({ spec }) => spec.containers.map((container) => container.image))
      .filter((image) => image.startsWith(prefix));
    for (const image of images) {
      const [repository, tag] = image.slice(prefix.length).split(':');
      const artifacts = dataset.harbor.artifacts.get(repository ?? '') ?? [];
      expect(artifacts.some((artifact) => artifact.tags.some((candidate) => candidate.name === tag)), image).toBe(true);
    }
  });

  it('Gatekeeper metrics add up to the constraints status', () => {
    const totalFromObjects = constraints(dataset).reduce((sum, constraint) => sum + constraint.status.totalViolations, 0);
    const totalFromMetrics = series(dataset, 'gatekeeper_violations').reduce((sum, item) => sum + valueNow(dataset, item), 0);
    expect(totalFromMetrics).toBe(totalFromObjects);
    expect(totalFromObjects).toBeGreaterThan(0);
  });

  it('argocd_app_info matches the Application objects', () => {
    const applications = items(dataset, 'applications').map((application) => `${application.metadata.name}:${(application.status as { sync: { status: string } }).sync.status}`).sort();
    const metrics = series(dataset, 'argocd_app_info').map((item) => `${item.labels.name}:${item.labels.sync_status}`).sort();
    expect(metrics).toEqual(applications);
  });
});

describe('buildDemoDataset: large scale', () => {
  it('builds 10,000 pods and 20,000 artifacts quickly, and serves pages from the middle fast', { timeout: 120_000 }, () => {
    const startedAt = performance.now();
    const dataset = buildDemoDataset({
      scenario: 'stock',
      now: NOW,
      scale: { namespaces: 2000, podsPerNamespace: 5, harborProjects: 40, artifactsPerProject: 500, nodes: 50 },
    });
    const buildMs = performance.now() - startedAt;
    expect(workloadPods(dataset)).toHaveLength(10_000);
    expect([...dataset.harbor.artifacts.values()].reduce((sum, artifacts) => sum + artifacts.length, 0)).toBe(20_000);
    // generous for a loaded 2-core CI machine; takes about 2 s on a quiet one
    expect(buildMs).toBeLessThan(30_000);

    const request = (path: string, authorization: string): ApiRequest => ({
      method: 'GET',
      rawPath: path.split('?')[0] ?? path,
      url: new URL(path, 'http://127.0.0.1'),
      headers: { authorization },
      body: '',
      isEmpty: false,
    });
    const kubernetes = createKubernetesBehaviour(dataset, 'token');
    const firstPage = JSON.parse(kubernetes.handle(request('/api/v1/pods?limit=5000', 'Bearer token')).body) as { metadata: { continue: string } };
    const pageStartedAt = performance.now();
    const middle = JSON.parse(kubernetes.handle(request(`/api/v1/pods?limit=500&continue=${firstPage.metadata.continue}`, 'Bearer token')).body) as { items: unknown[] };
    expect(middle.items).toHaveLength(500);
    const harbor = createHarborBehaviour(dataset, 'user', 'pass');
    const repositories = dataset.harbor.repositories.get('apps-010') ?? [];
    expect(repositories.length).toBeGreaterThan(60);
    const harborPage = harbor.handle(request('/api/v2.0/projects/apps-010/repositories?page=2&page_size=30', 'Basic x'));
    expect((JSON.parse(harborPage.body) as Array<{ name: string }>).map((repository) => repository.name)).toEqual(repositories.slice(30, 60).map((repository) => repository.name));
    expect(harborPage.headers?.['x-total-count']).toBe(String(repositories.length));
    expect(performance.now() - pageStartedAt).toBeLessThan(2000);
  });
});
