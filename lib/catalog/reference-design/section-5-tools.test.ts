import { describe, expect, it } from 'vitest';
import type { WorkloadSummary } from '@/lib/sources/types';
import { DAY_SECONDS as DAY, evaluateControl as evaluate, evidenceText } from '@/lib/testing/evaluate-control';
import { container, pod, sourceDown } from '@/lib/testing/fake-sources';

const HOUR = 3_600;

function deployment(namespace: string, name: string, overrides: Partial<WorkloadSummary> = {}): WorkloadSummary {
  return { kind: 'Deployment', namespace, name, labels: {}, desired: 1, ready: 1, strategyType: 'RollingUpdate', images: [], ...overrides };
}

const IMAGE_OS = 'count by (namespace, image_repository, image_tag, image_os_family, image_os_name, image_os_eosl) (trivy_image_info)';
const image = (namespace: string, repository: string, family: string, name: string, eosl: string) => ({
  labels: { namespace, image_repository: repository, image_tag: '1.0', image_os_family: family, image_os_name: name, image_os_eosl: eosl },
  value: 1,
});

describe('S5.BASE-IMAGE', () => {
  it('passes when no running image has an end-of-life OS', async () => {
    const result = await evaluate('S5.BASE-IMAGE', { prometheus: { [IMAGE_OS]: [image('shop', 'shop/web', 'alpine', '3.20.3', 'false')] } });
    expect(result.status).toBe('pass');
  });

  it('fails and names each image on an end-of-life OS', async () => {
    const result = await evaluate('S5.BASE-IMAGE', {
      prometheus: { [IMAGE_OS]: [image('shop', 'shop/web', 'alpine', '3.20.3', 'false'), image('inventory', 'platform/legacy-sync', 'debian', '9.13', 'true')] },
    });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.excerpt).toMatchObject({
      images: 2,
      totalOffenders: 1,
      offenders: [{ object: 'inventory/platform/legacy-sync:1.0', reason: 'debian 9.13 is past its end of life' }],
    });
  });

  it('is unknown, not pass, without any trivy_image_info series, and when Prometheus is down', async () => {
    expect((await evaluate('S5.BASE-IMAGE', { prometheus: {} })).status).toBe('unknown');
    expect((await evaluate('S5.BASE-IMAGE', { prometheus: { [IMAGE_OS]: sourceDown('prometheus') } })).status).toBe('unknown');
  });
});

describe('S5.STDOUT-LOGS', () => {
  const runningPods = [
    pod('shop', 'web-1', [container()]),
    pod('shop', 'web-2', [container()]),
    pod('payments', 'api-1', [container()]),
    pod('analytics', 'job-1', [container()], { phase: 'Succeeded' }),
    pod('kube-system', 'coredns', [container()]),
  ];
  const LOG_TERMS = 'kubernetes* kubernetes.namespace_name';

  it('passes when every workload namespace with running pods has logs (system and finished pods ignored)', async () => {
    const result = await evaluate('S5.STDOUT-LOGS', {
      kubernetes: { pods: runningPods },
      opensearch: { termCounts: { [LOG_TERMS]: [{ key: 'shop', count: 1200 }, { key: 'payments', count: 40 }] } },
    });
    expect(result.status).toBe('pass');
    expect(result.summary).toBe('All 2 workload namespaces logged within 24 h');
  });

  it('fails and names the namespaces without log documents', async () => {
    const result = await evaluate('S5.STDOUT-LOGS', {
      kubernetes: { pods: runningPods },
      opensearch: { termCounts: { [LOG_TERMS]: [{ key: 'shop', count: 1200 }, { key: 'kube-system', count: 9 }] } },
    });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.excerpt).toMatchObject({
      workloadNamespaces: 2,
      since: '2026-05-31T12:00:00.000Z',
      totalOffenders: 1,
      offenders: [{ object: 'namespace payments', reason: '1 running pod, no log documents in the last 24 h' }],
    });
  });

  it('is unknown when OpenSearch or the Kubernetes API is down', async () => {
    expect((await evaluate('S5.STDOUT-LOGS', { kubernetes: { pods: runningPods }, opensearch: { termCounts: sourceDown('opensearch') } })).status).toBe('unknown');
    expect((await evaluate('S5.STDOUT-LOGS', { kubernetes: { pods: sourceDown('kubernetes') }, opensearch: {} })).status).toBe('unknown');
  });

  it('is not-applicable without running workload pods', async () => {
    expect((await evaluate('S5.STDOUT-LOGS', { kubernetes: { pods: [] }, opensearch: {} })).status).toBe('not-applicable');
  });
});

describe('S5.NETFLOW', () => {
  it('passes when a Jaeger Deployment is ready, and says tracing is not full flow capture', async () => {
    const result = await evaluate('S5.NETFLOW', { kubernetes: { workloads: [deployment('tracing', 'jaeger'), deployment('shop', 'web')] } });
    expect(result.status).toBe('pass');
    expect(result.summary).toContain('not every flow');
  });

  it('recognises a configured equivalent by name or label', async () => {
    const labelled = deployment('observability', 'tracing-all-in-one', { labels: { 'app.kubernetes.io/part-of': 'jaeger' } });
    expect((await evaluate('S5.NETFLOW', { kubernetes: { workloads: [labelled] } })).status).toBe('pass');
    const hubble = deployment('kube-system', 'hubble-relay');
    expect((await evaluate('S5.NETFLOW', { kubernetes: { workloads: [hubble] } })).status).toBe('warn');
    expect((await evaluate('S5.NETFLOW', { kubernetes: { workloads: [hubble] } }, { networkFlowToolNames: ['jaeger', 'hubble-relay'] })).status).toBe('pass');
  });

  it('warns when no flow tool is deployed (it cannot fail: flow analysis is advice)', async () => {
    const result = await evaluate('S5.NETFLOW', { kubernetes: { workloads: [deployment('shop', 'web')] } });
    expect(result.status).toBe('warn');
    expect(result.summary).toContain('No network-flow tool (jaeger)');
  });

  it('warns and names a Jaeger Deployment that is not ready', async () => {
    const result = await evaluate('S5.NETFLOW', { kubernetes: { workloads: [deployment('tracing', 'jaeger-query', { desired: 2, ready: 0 })] } });
    expect(result.status).toBe('warn');
    expect(evidenceText(result)).toContain('tracing/jaeger-query');
    expect(evidenceText(result)).toContain('0 of 2 replicas ready');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    expect((await evaluate('S5.NETFLOW', { kubernetes: { workloads: sourceDown('kubernetes') } })).status).toBe('unknown');
  });
});

const COMPLIANCE_FAILS = 'sum by (title) (trivy_cluster_compliance{status="Fail"})';
const report = (name: string, failCount: number) => ({ name, title: `${name} benchmark`, failCount, passCount: 20 });

describe('S5.COMPLIANCE-SCAN', () => {
  it('passes when every report has no failed control', async () => {
    const result = await evaluate('S5.COMPLIANCE-SCAN', {
      prometheus: { [COMPLIANCE_FAILS]: [{ labels: { title: 'CIS Kubernetes Benchmarks v1.23' }, value: 0 }] },
      kubernetes: { complianceReports: { isInstalled: true, items: [report('k8s-cis-1.23', 0)] } },
    });
    expect(result.status).toBe('pass');
  });

  it('fails, naming the reports with failures, and says the trend is not evaluated', async () => {
    const result = await evaluate('S5.COMPLIANCE-SCAN', {
      prometheus: {
        [COMPLIANCE_FAILS]: [
          { labels: { title: 'CIS Kubernetes Benchmarks v1.23' }, value: 7 },
          { labels: { title: 'National Security Agency - Kubernetes Hardening Guidance v1.0' }, value: 0 },
        ],
      },
      kubernetes: { complianceReports: { isInstalled: true, items: [report('k8s-cis-1.23', 7), report('k8s-nsa-1.0', 0)] } },
    });
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('trending down is not evaluated');
    expect(result.evidence[0]?.excerpt).toMatchObject({ totalOffenders: 1, offenders: [{ object: 'report CIS Kubernetes Benchmarks v1.23', reason: '7 failed controls' }] });
    expect(result.evidence[1]?.excerpt).toMatchObject({ totalOffenders: 1, offenders: [{ object: 'report k8s-cis-1.23 (k8s-cis-1.23 benchmark)', reason: '7 failed, 20 passed' }] });
  });

  it('fails when compliance scanning is not installed at all', async () => {
    const result = await evaluate('S5.COMPLIANCE-SCAN', { prometheus: {}, kubernetes: { complianceReports: { isInstalled: false, items: [] } } });
    expect(result.status).toBe('fail');
  });

  it('is unknown, not pass, when the metrics are missing or a source is down', async () => {
    const clean = { isInstalled: true, items: [report('k8s-cis-1.23', 0)] };
    expect((await evaluate('S5.COMPLIANCE-SCAN', { prometheus: {}, kubernetes: { complianceReports: clean } })).status).toBe('unknown');
    const down = await evaluate('S5.COMPLIANCE-SCAN', {
      prometheus: { [COMPLIANCE_FAILS]: [{ labels: { title: 'CIS' }, value: 0 }] },
      kubernetes: { complianceReports: sourceDown('kubernetes') },
    });
    expect(down.status).toBe('unknown');
  });
});

const scanner = (name: string, vendor: string, isDefault: boolean) => ({ name, vendor, version: '1.0', isDefault });
const trivyOperator = deployment('trivy-system', 'trivy-operator', { labels: { 'app.kubernetes.io/name': 'trivy-operator' } });

describe('S5.SCANNER-DIVERSITY', () => {
  it('passes with two different engines', async () => {
    const result = await evaluate('S5.SCANNER-DIVERSITY', { harbor: { scanners: [scanner('Grype', 'Anchore', true)] }, kubernetes: { workloads: [trivyOperator] } });
    expect(result.status).toBe('pass');
    expect(result.evidence[0]?.excerpt).toMatchObject({ engines: ['grype', 'trivy'] });
  });

  it('warns when Harbor and trivy-operator are both Trivy, and explains why', async () => {
    const result = await evaluate('S5.SCANNER-DIVERSITY', {
      harbor: { scanners: [scanner('Trivy', 'Aqua Security', true), scanner('Clair', 'CoreOS', false)] },
      kubernetes: { workloads: [trivyOperator] },
    });
    expect(result.status).toBe('warn');
    expect(result.summary).toContain('both Trivy');
    expect(result.evidence[0]?.excerpt).toMatchObject({ harborDefaultScanner: { name: 'Trivy' }, otherHarborScanners: ['Clair'], engines: ['trivy'] });
  });

  it('warns when Harbor has no default scanner', async () => {
    const result = await evaluate('S5.SCANNER-DIVERSITY', { harbor: { scanners: [] }, kubernetes: { workloads: [trivyOperator] } });
    expect(result.status).toBe('warn');
    expect(result.summary).toContain('Harbor has no default scanner');
  });

  it('is unknown when Harbor or the Kubernetes API is down', async () => {
    expect((await evaluate('S5.SCANNER-DIVERSITY', { harbor: { scanners: sourceDown('harbor') }, kubernetes: { workloads: [trivyOperator] } })).status).toBe('unknown');
    expect((await evaluate('S5.SCANNER-DIVERSITY', { harbor: { scanners: [scanner('Grype', 'Anchore', true)] }, kubernetes: { workloads: sourceDown('kubernetes') } })).status).toBe('unknown');
  });
});

describe('S5.DEPLOY-STRATEGY', () => {
  it('passes when every workload Deployment has a strategy (system namespaces ignored)', async () => {
    const result = await evaluate('S5.DEPLOY-STRATEGY', {
      kubernetes: {
        workloads: [
          deployment('shop', 'web'),
          deployment('shop', 'redis', { strategyType: 'Recreate' }),
          deployment('kube-system', 'coredns', { strategyType: undefined }),
          { ...deployment('falco', 'falco'), kind: 'DaemonSet', strategyType: undefined },
        ],
      },
    });
    expect(result.status).toBe('pass');
    expect(result.evidence[0]?.excerpt).toMatchObject({ deployments: 2, strategyCounts: { RollingUpdate: 1, Recreate: 1 }, isArgoRolloutsInstalled: false });
  });

  it('notes Argo Rollouts when it is installed', async () => {
    const result = await evaluate('S5.DEPLOY-STRATEGY', { kubernetes: { workloads: [deployment('argo-rollouts', 'argo-rollouts'), deployment('shop', 'web')] } });
    expect(result.status).toBe('pass');
    expect(result.summary).toContain('Argo Rollouts is installed');
  });

  it('warns when every workload Deployment uses Recreate (informational: it never fails)', async () => {
    const result = await evaluate('S5.DEPLOY-STRATEGY', {
      kubernetes: { workloads: [deployment('shop', 'web', { strategyType: 'Recreate' }), deployment('payments', 'api', { strategyType: 'Recreate' })] },
    });
    expect(result.status).toBe('warn');
    expect(result.summary).toContain('All 2 workload Deployments use Recreate');
  });

  it('warns and names Deployments without a reported strategy', async () => {
    const result = await evaluate('S5.DEPLOY-STRATEGY', { kubernetes: { workloads: [deployment('shop', 'web'), deployment('payments', 'api', { strategyType: undefined })] } });
    expect(result.status).toBe('warn');
    expect(result.evidence[0]?.excerpt).toMatchObject({ totalOffenders: 1, offenders: [{ object: 'payments/api', reason: 'no strategy type reported' }] });
  });

  it('is unknown when the Kubernetes API is down, and not-applicable without workload Deployments', async () => {
    expect((await evaluate('S5.DEPLOY-STRATEGY', { kubernetes: { workloads: sourceDown('kubernetes') } })).status).toBe('unknown');
    expect((await evaluate('S5.DEPLOY-STRATEGY', { kubernetes: { workloads: [deployment('kube-system', 'coredns')] } })).status).toBe('not-applicable');
  });
});

const RELOAD = 'alertmanager_config_last_reload_successful';
const FAILED = 'sum by (integration) (increase(alertmanager_notifications_failed_total[1h]))';
const FIRING = 'count by (alertname, severity) (ALERTS{alertstate="firing"})';
const UP = 'up';

const target = (job: string, instance: string, value: number) => ({ labels: { job, instance }, value });
const healthyAlerting = {
  [RELOAD]: [{ labels: { pod: 'alertmanager-0' }, value: 1 }, { labels: { pod: 'alertmanager-1' }, value: 1 }],
  [FAILED]: [{ labels: { integration: 'slack' }, value: 0 }, { labels: { integration: 'email' }, value: 0 }],
  [FIRING]: [{ labels: { alertname: 'Watchdog', severity: 'none' }, value: 1 }],
  [UP]: Array.from({ length: 20 }, (_, index) => target('node-exporter', `10.0.0.${index}:9100`, 1)),
};

describe('S5.ALERTING', () => {
  it('passes when Alertmanager is loaded, delivers, Watchdog fires and targets are up', async () => {
    const result = await evaluate('S5.ALERTING', { prometheus: healthyAlerting });
    expect(result.status).toBe('pass');
    expect(result.evidence.map((item) => item.status)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('fails naming the failing integration and the Alertmanager whose reload failed', async () => {
    const result = await evaluate('S5.ALERTING', {
      prometheus: {
        ...healthyAlerting,
        [RELOAD]: [{ labels: { pod: 'alertmanager-0' }, value: 1 }, { labels: { pod: 'alertmanager-1' }, value: 0 }],
        [FAILED]: [{ labels: { integration: 'slack' }, value: 2.4 }, { labels: { integration: 'email' }, value: 0 }],
      },
    });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.excerpt).toMatchObject({ offenders: [{ object: 'alertmanager alertmanager-1', reason: 'last configuration reload failed' }] });
    expect(result.evidence[1]?.excerpt).toMatchObject({ offenders: [{ object: 'integration slack', reason: '3 failed notifications in the last hour' }] });
  });

  it('counts firing alerts in the evidence without failing on them', async () => {
    const result = await evaluate('S5.ALERTING', {
      prometheus: { ...healthyAlerting, [FIRING]: [...healthyAlerting[FIRING], { labels: { alertname: 'KubePodCrashLooping', severity: 'warning' }, value: 3 }] },
    });
    expect(result.status).toBe('pass');
    expect(result.evidence[2]?.summary).toBe('Alerting rules are evaluated; 3 alerts firing besides Watchdog');
    expect(result.evidence[2]?.excerpt).toMatchObject({ firingSeries: 4, firingGroups: 2 });
  });

  it('passes above the target-up threshold, naming the down target, and fails below it', async () => {
    const oneDown = [...healthyAlerting[UP].slice(1), target('fluentd', '10.0.1.1:24231', 0)];
    const above = await evaluate('S5.ALERTING', { prometheus: { ...healthyAlerting, [UP]: oneDown } });
    expect(above.status).toBe('pass');
    expect(evidenceText(above)).toContain('fluentd 10.0.1.1:24231');
    const threeDown = [...healthyAlerting[UP].slice(3), ...['a', 'b', 'c'].map((host) => target('fluentd', host, 0))];
    const below = await evaluate('S5.ALERTING', { prometheus: { ...healthyAlerting, [UP]: threeDown } });
    expect(below.status).toBe('fail');
    expect(below.summary).toBe('Only 85 % of 20 scrape targets are up, below 95 %');
    expect(below.evidence[3]?.excerpt).toMatchObject({ totalOffenders: 3 });
  });

  it('warns when nothing fires, not even Watchdog', async () => {
    const result = await evaluate('S5.ALERTING', { prometheus: { ...healthyAlerting, [FIRING]: [] } });
    expect(result.status).toBe('warn');
    expect(result.summary).toContain('Watchdog');
  });

  it('is unknown, not pass, without Alertmanager series, and when Prometheus is down', async () => {
    expect((await evaluate('S5.ALERTING', { prometheus: { ...healthyAlerting, [RELOAD]: [], [FAILED]: [] } })).status).toBe('unknown');
    const down = sourceDown('prometheus');
    expect((await evaluate('S5.ALERTING', { prometheus: { [RELOAD]: down, [FAILED]: down, [FIRING]: down, [UP]: down } })).status).toBe('unknown');
  });
});

const BACKUP_AGE = 'time() - velero_backup_last_successful_timestamp';

describe('SUP.BACKUP', () => {
  it('passes when every schedule backed up within 24 h', async () => {
    const result = await evaluate('SUP.BACKUP', { prometheus: { [BACKUP_AGE]: [{ labels: { schedule: 'velero-daily-backup' }, value: 5 * HOUR }] } });
    expect(result.status).toBe('pass');
  });

  it('fails naming stale and never-successful schedules, ignoring manual backups', async () => {
    const nowSeconds = new Date('2026-06-01T12:00:00Z').getTime() / 1000;
    const result = await evaluate('SUP.BACKUP', {
      prometheus: {
        [BACKUP_AGE]: [
          { labels: { schedule: 'velero-daily-backup' }, value: 30 * HOUR },
          { labels: { schedule: 'weekly-volumes' }, value: nowSeconds },
          { labels: { schedule: '' }, value: 90 * DAY },
        ],
      },
    });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.excerpt).toMatchObject({
      schedules: 2,
      totalOffenders: 2,
      offenders: [
        { object: 'schedule velero-daily-backup', reason: 'last successful backup 30 h ago' },
        { object: 'schedule weekly-volumes', reason: 'no successful backup yet' },
      ],
    });
  });

  it('fails when only manual backups exist', async () => {
    expect((await evaluate('SUP.BACKUP', { prometheus: { [BACKUP_AGE]: [{ labels: { schedule: '' }, value: HOUR }] } })).status).toBe('fail');
  });

  it('honours a configured limit', async () => {
    const series = { [BACKUP_AGE]: [{ labels: { schedule: 'velero-daily-backup' }, value: 30 * HOUR }] };
    expect((await evaluate('SUP.BACKUP', { prometheus: series }, { maxBackupAgeHours: 36 })).status).toBe('pass');
  });

  it('is unknown, not pass, without Velero series and when Prometheus is down', async () => {
    expect((await evaluate('SUP.BACKUP', { prometheus: {} })).status).toBe('unknown');
    expect((await evaluate('SUP.BACKUP', { prometheus: { [BACKUP_AGE]: sourceDown('prometheus') } })).status).toBe('unknown');
  });
});

const CERT_VALIDITY = 'certmanager_certificate_expiration_timestamp_seconds - time()';
const certificate = (namespace: string, name: string, value: number) => ({ labels: { namespace, name, issuer_name: 'letsencrypt-prod' }, value });

describe('SUP.CERTS', () => {
  it('passes when no certificate expires within 20 days', async () => {
    const result = await evaluate('SUP.CERTS', { prometheus: { [CERT_VALIDITY]: [certificate('ingress-nginx', 'wildcard', 60 * DAY), certificate('shop', 'web-tls', 21 * DAY)] } });
    expect(result.status).toBe('pass');
  });

  it('fails naming expiring and expired certificates', async () => {
    const result = await evaluate('SUP.CERTS', {
      prometheus: { [CERT_VALIDITY]: [certificate('ingress-nginx', 'wildcard', 60 * DAY), certificate('shop', 'web-tls', 5 * DAY + HOUR), certificate('payments', 'api-tls', -2 * DAY)] },
    });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.excerpt).toMatchObject({
      certificates: 3,
      totalOffenders: 2,
      offenders: [
        { object: 'payments/api-tls', reason: 'expired 2 days ago' },
        { object: 'shop/web-tls', reason: 'expires in 5 days' },
      ],
    });
  });

  it('is unknown, not pass, without cert-manager series and when Prometheus is down', async () => {
    expect((await evaluate('SUP.CERTS', { prometheus: {} })).status).toBe('unknown');
    expect((await evaluate('SUP.CERTS', { prometheus: { [CERT_VALIDITY]: sourceDown('prometheus') } })).status).toBe('unknown');
  });
});
