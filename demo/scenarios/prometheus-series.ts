import { randomFor } from '../random';
import type { DemoSeries, MetricType, PrometheusData } from '../types';
import { type ClusterModel, DAY_MS, HOUR_MS, MINUTE_MS, type PodModel } from './cluster-model';
import { CONSTRAINTS, computeViolations, lastAuditRunMs } from './gatekeeper';
import { CONSTRAINT_KINDS } from './scenario-profile';
import { type ScannedContainer, scannedContainers } from './trivy';

/**
 * The demo Prometheus's time series: the metric names and labels of the exporters a Compliant
 * Kubernetes cluster runs (kube-state-metrics, node-exporter, trivy-operator, fluentd, Gatekeeper,
 * falcosidekick, Calico, kured, Argo CD, Alertmanager, velero, cert-manager), computed from the
 * same cluster model as the Kubernetes objects. One sample every 30 s over the 3 hours up to `now`.
 */

export const STEP_MS = 30_000;
export const WINDOW_MS = 3 * HOUR_MS;

const METRIC_TYPES: Record<string, MetricType> = {
  // counters whose names do not end in _total keep their names by being declared `unknown`
  fluentd_output_status_num_errors: 'unknown',
  felix_iptables_restore_errors: 'unknown',
  falcosecurity_falcosidekick_falco_events_total: 'counter',
  falcosecurity_scap_n_drops_total: 'counter',
  alertmanager_notifications_failed_total: 'counter',
};

const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Unknown'] as const;

export function buildPrometheusData(model: ClusterModel): PrometheusData {
  return new SeriesBuilder(model).build();
}

class SeriesBuilder {
  private readonly series: DemoSeries[] = [];
  private readonly startMs: number;
  private readonly nowIndex = WINDOW_MS / STEP_MS;
  private readonly podsByWorkload = new Map<string, PodModel[]>();

  constructor(private readonly model: ClusterModel) {
    this.startMs = model.nowMs - WINDOW_MS;
    for (const pod of model.pods) {
      const key = `${pod.namespace}/${pod.workload.name}`;
      const list = this.podsByWorkload.get(key) ?? [];
      list.push(pod);
      this.podsByWorkload.set(key, list);
    }
  }

  build(): PrometheusData {
    this.targets();
    this.kubeStateMetrics();
    this.nodeHealth();
    this.trivy();
    this.fluentd();
    this.gatekeeper();
    this.falco();
    this.calico();
    this.argo();
    this.alerting();
    this.backupsAndCertificates();
    const metricTypes: Record<string, MetricType> = {};
    for (const series of this.series) metricTypes[series.name] = METRIC_TYPES[series.name] ?? 'gauge';
    return {
      startMs: this.startMs,
      stepMs: STEP_MS,
      nowIndex: this.nowIndex,
      series: this.series,
      metricTypes,
      buildInfo: {
        version: '2.55.1',
        revision: '6d7569113f1ca814f1e149f74176656540043b8d',
        branch: 'HEAD',
        buildUser: 'root@a1c4c9d8a6b5',
        buildDate: '20241105-15:29:07',
        goVersion: 'go1.23.2',
      },
    };
  }

  // ---------- helpers ----------

  private timeAt(index: number): number {
    return this.startMs + index * STEP_MS;
  }

  /** The grid index of the first sample at or after `timeMs` (never before the window). */
  private indexFrom(timeMs: number): number {
    return Math.max(0, Math.ceil((timeMs - this.startMs) / STEP_MS));
  }

  private add(name: string, labels: Record<string, string>, valueAt: (index: number) => number, range: { firstIndex?: number; lastIndex?: number } = {}): void {
    this.series.push({ name, labels, firstIndex: range.firstIndex ?? 0, lastIndex: range.lastIndex, valueAt });
  }

  private constant(name: string, labels: Record<string, string>, value: number): void {
    this.add(name, labels, () => value);
  }

  private podsOf(namespace: string, workloadName: string): PodModel[] {
    return this.podsByWorkload.get(`${namespace}/${workloadName}`) ?? [];
  }

  private podTarget(job: string, pod: PodModel, port: number): Record<string, string> {
    return { job, instance: `${pod.ip}:${port}`, namespace: pod.namespace, pod: pod.name };
  }

  private firstPodTarget(job: string, namespace: string, workloadName: string, port: number): Record<string, string> {
    const pod = this.podsOf(namespace, workloadName)[0];
    return pod === undefined ? { job, instance: `unknown:${port}` } : this.podTarget(job, pod, port);
  }

  // ---------- scrape targets ----------

  private targets(): void {
    const podJobs: Array<{ job: string; namespace: string; workload: string; port: number }> = [
      { job: 'kube-state-metrics', namespace: 'monitoring', workload: 'kube-prometheus-stack-kube-state-metrics', port: 8080 },
      { job: 'coredns', namespace: 'kube-system', workload: 'coredns', port: 9153 },
      { job: 'prometheus', namespace: 'monitoring', workload: 'prometheus-kube-prometheus-stack-prometheus', port: 9090 },
      { job: 'alertmanager', namespace: 'monitoring', workload: 'alertmanager-kube-prometheus-stack-alertmanager', port: 9093 },
      { job: 'fluentd', namespace: 'fluentd-system', workload: 'fluentd', port: 24231 },
      { job: 'falco', namespace: 'falco', workload: 'falco', port: 8765 },
      { job: 'falcosidekick', namespace: 'falco', workload: 'falco-falcosidekick', port: 2801 },
      { job: 'gatekeeper', namespace: 'gatekeeper-system', workload: 'gatekeeper-controller-manager', port: 8888 },
      { job: 'gatekeeper', namespace: 'gatekeeper-system', workload: 'gatekeeper-audit', port: 8888 },
      { job: 'trivy-operator', namespace: 'trivy-system', workload: 'trivy-operator', port: 8080 },
      { job: 'cert-manager', namespace: 'cert-manager', workload: 'cert-manager', port: 9402 },
      { job: 'velero', namespace: 'velero', workload: 'velero', port: 8085 },
      { job: 'argocd-metrics', namespace: 'argocd', workload: 'argocd-application-controller', port: 8082 },
      { job: 'kured', namespace: 'kured', workload: 'kured', port: 8080 },
    ];
    for (const target of podJobs) {
      for (const pod of this.podsOf(target.namespace, target.workload)) {
        // a crash-looping pod is still discovered, but its scrapes fail
        this.constant('up', this.podTarget(target.job, pod, target.port), pod.isReady ? 1 : 0);
      }
    }
    for (const node of this.model.nodes) {
      if (node.role === 'control-plane') this.constant('up', { job: 'apiserver', instance: `${node.internalIp}:6443` }, 1);
      this.constant('up', { job: 'kubelet', instance: `${node.internalIp}:10250`, node: node.name }, 1);
      this.constant('up', { job: 'node-exporter', instance: `${node.internalIp}:9100`, node: node.name }, 1);
      this.constant('up', { job: 'calico-node', instance: `${node.internalIp}:9091`, node: node.name }, 1);
    }
    this.constant('up', { job: 'opensearch-exporter', instance: 'opensearch-exporter.opensearch-system.svc:9108' }, 1);
  }

  // ---------- kube-state-metrics ----------

  private kubeStateMetrics(): void {
    const target = this.firstPodTarget('kube-state-metrics', 'monitoring', 'kube-prometheus-stack-kube-state-metrics', 8080);
    const scrape = { job: target.job ?? 'kube-state-metrics', instance: target.instance ?? '' };
    for (const node of this.model.nodes) {
      this.constant(
        'kube_node_info',
        {
          ...scrape,
          node: node.name,
          kernel_version: node.kernelVersion,
          os_image: node.osImage,
          container_runtime_version: node.containerRuntimeVersion,
          kubelet_version: node.kubeletVersion,
          kubeproxy_version: 'deprecated',
          provider_id: `openstack:///${node.systemUuid}`,
          pod_cidr: node.podCidr,
          internal_ip: node.internalIp,
          system_uuid: node.systemUuid,
        },
        1,
      );
      this.constant('kube_node_created', { ...scrape, node: node.name }, Math.floor(node.createdMs / 1000));
    }
    for (const workload of this.model.workloads) {
      if (workload.kind !== 'DaemonSet') continue;
      const pods = this.podsOf(workload.namespace, workload.name);
      const labels = { ...scrape, namespace: workload.namespace, daemonset: workload.name };
      this.constant('kube_daemonset_status_desired_number_scheduled', labels, workload.replicas);
      this.constant('kube_daemonset_status_number_ready', labels, pods.filter((pod) => pod.isReady).length);
    }
  }

  // ---------- node-exporter and kured ----------

  private nodeHealth(): void {
    for (const node of this.model.nodes) {
      this.constant('node_boot_time_seconds', { job: 'node-exporter', instance: `${node.internalIp}:9100`, node: node.name }, Math.floor(node.bootTimeMs / 1000));
    }
    if (this.model.profile.kured !== 'running') return;
    for (const pod of this.podsOf('kured', 'kured')) {
      const node = this.model.nodes.find((candidate) => candidate.name === pod.nodeName);
      this.constant('kured_reboot_required', { ...this.podTarget('kured', pod, 8080), node: pod.nodeName }, node?.isRebootRequired ? 1 : 0);
    }
  }

  // ---------- trivy-operator ----------

  private trivy(): void {
    const target = this.firstPodTarget('trivy-operator', 'trivy-system', 'trivy-operator', 8080);
    const scrape = { job: 'trivy-operator', instance: target.instance ?? '' };
    const scanned = scannedContainers(this.model);
    for (const item of scanned) this.trivyImageSeries(scrape, item, {});
    this.replacedReplicaSetSeries(scrape, scanned);
    const titles: Record<string, { title: string; total: number }> = {
      'k8s-cis-1.23': { title: 'CIS Kubernetes Benchmarks v1.23', total: 116 },
      'k8s-nsa-1.0': { title: 'National Security Agency - Kubernetes Hardening Guidance v1.0', total: 30 },
      'k8s-pss-restricted-0.1': { title: 'Kubernetes Pod Security Standards - Restricted', total: 17 },
    };
    for (const [id, { title, total }] of Object.entries(titles)) {
      const failCount = this.model.profile.complianceFailCounts[id] ?? 0;
      this.constant('trivy_cluster_compliance', { ...scrape, title, description: title, status: 'Fail' }, failCount);
      this.constant('trivy_cluster_compliance', { ...scrape, title, description: title, status: 'Pass' }, total - failCount);
    }
  }

  private trivyImageSeries(scrape: Record<string, string>, item: ScannedContainer, range: { lastIndex?: number }, imageOverride?: { tag: string; resourceName: string; reportName: string }): void {
    const image = item.container.image;
    const labels = {
      ...scrape,
      namespace: item.workload.namespace,
      name: imageOverride?.reportName ?? item.reportName,
      resource_kind: item.resourceKind,
      resource_name: imageOverride?.resourceName ?? item.resourceName,
      container_name: item.container.name,
      image_registry: image.registry,
      image_repository: image.repository,
      image_tag: imageOverride?.tag ?? image.tag,
      image_digest: image.digest,
    };
    const counts = image.vulnerabilities;
    const bySeverity = { Critical: counts.critical, High: counts.high, Medium: counts.medium, Low: counts.low, Unknown: counts.unknown };
    for (const severity of SEVERITIES) {
      this.add('trivy_image_vulnerabilities', { ...labels, severity }, () => bySeverity[severity], range);
    }
    for (const severity of ['Critical', 'High', 'Medium', 'Low'] as const) {
      this.add('trivy_image_exposedsecrets', { ...labels, severity }, () => (severity === 'High' ? image.exposedSecrets : 0), range);
    }
    this.add(
      'trivy_image_info',
      { ...labels, image_os_family: image.osFamily, image_os_name: image.osName, image_os_eosl: String(image.isOsEndOfLife) },
      () => 1,
      range,
    );
  }

  /** A rollout an hour ago replaced the first workload's ReplicaSet; its report's series went stale. */
  private replacedReplicaSetSeries(scrape: Record<string, string>, scanned: ScannedContainer[]): void {
    const item = scanned.find((candidate) => !candidate.workload.isSystem);
    if (item === undefined) return;
    const oldHash = randomFor(this.model.scale.seed, `old-rs:${item.workload.uid}`).nameSuffix(10);
    const resourceName = `${item.workload.name}-${oldHash}`;
    this.trivyImageSeries(scrape, item, { lastIndex: this.nowIndex - 120 }, {
      tag: `${item.container.image.tag}-previous`,
      resourceName,
      reportName: `replicaset-${resourceName}-${item.container.name}`,
    });
  }

  // ---------- fluentd ----------

  private fluentd(): void {
    const pods = this.podsOf('fluentd-system', 'fluentd');
    const mode = this.model.profile.fluentdErrors;
    pods.forEach((pod, position) => {
      const labels = { ...this.podTarget('fluentd', pod, 24231), hostname: pod.nodeName, plugin_id: 'out_opensearch', type: 'opensearch' };
      // in the degraded scenario the first worker's forwarder cannot reach OpenSearch
      const isFailing = mode === 'increasing' && position === Math.min(1, pods.length - 1);
      if (isFailing) {
        this.add('fluentd_output_status_num_errors', labels, (index) => 17 + Math.floor(index / 4));
        this.constant('fluentd_output_status_buffer_available_space_ratio', labels, 42);
      } else if (mode === 'flat' && position === 0) {
        // three old errors, a restart 2 h 10 min ago (the counter starts again at 0), one more error 1 h 45 min ago
        this.add('fluentd_output_status_num_errors', labels, (index) => (index < 100 ? 3 : index < 150 ? 0 : 1));
        this.constant('fluentd_output_status_buffer_available_space_ratio', labels, 97.5);
      } else {
        this.constant('fluentd_output_status_num_errors', labels, 0);
        this.constant('fluentd_output_status_buffer_available_space_ratio', labels, mode === 'none' ? 99.2 : 97.5);
      }
    });
  }

  // ---------- Gatekeeper ----------

  private gatekeeper(): void {
    const audit = this.firstPodTarget('gatekeeper', 'gatekeeper-system', 'gatekeeper-audit', 8888);
    const scrape = { job: 'gatekeeper', instance: audit.instance ?? '', namespace: 'gatekeeper-system', pod: audit.pod ?? '' };
    const violations = computeViolations(this.model);
    const actions = this.model.profile.constraintActions;
    for (const action of ['deny', 'dryrun', 'warn'] as const) {
      const kinds = CONSTRAINT_KINDS.filter((kind) => actions[kind] === action);
      const total = kinds.reduce((sum, kind) => sum + violations[kind].length, 0);
      this.constant('gatekeeper_violations', { ...scrape, enforcement_action: action }, total);
      this.constant('gatekeeper_constraints', { ...scrape, enforcement_action: action, status: 'active' }, kinds.length);
      this.constant('gatekeeper_constraints', { ...scrape, enforcement_action: action, status: 'error' }, 0);
    }
    this.add('gatekeeper_audit_last_run_time', scrape, (index) => lastAuditRunMs(this.timeAt(index)) / 1000);
    this.constant('gatekeeper_constraint_templates', { ...scrape, status: 'active' }, Object.keys(CONSTRAINTS).length);
  }

  // ---------- Falco ----------

  private falco(): void {
    const sidekick = this.firstPodTarget('falcosidekick', 'falco', 'falco-falcosidekick', 2801);
    for (const event of this.model.falcoEvents) {
      const countAt = (index: number): number => Math.floor((this.timeAt(index) - event.firstMs) / event.intervalMs) + 1;
      this.add(
        'falcosecurity_falcosidekick_falco_events_total',
        { ...sidekick, rule: event.rule, priority: event.priority, source: 'syscall', hostname: event.nodeName, k8s_ns_name: event.namespace, k8s_pod_name: event.podName },
        countAt,
        { firstIndex: this.indexFrom(event.firstMs) },
      );
    }
    const drops = this.model.profile.scenario === 'healthy' ? 0 : 12;
    for (const pod of this.podsOf('falco', 'falco')) {
      if (!pod.isReady) continue;
      this.constant('falcosecurity_scap_n_drops_total', { ...this.podTarget('falco', pod, 8765), hostname: pod.nodeName }, drops);
    }
  }

  // ---------- Calico ----------

  private calico(): void {
    for (const node of this.model.nodes) {
      this.constant('felix_iptables_restore_errors', { job: 'calico-node', instance: `${node.internalIp}:9091`, node: node.name }, 0);
    }
  }

  // ---------- Argo CD ----------

  private argo(): void {
    const target = this.firstPodTarget('argocd-metrics', 'argocd', 'argocd-application-controller', 8082);
    for (const app of this.model.argoApps) {
      this.constant(
        'argocd_app_info',
        {
          job: 'argocd-metrics',
          instance: target.instance ?? '',
          name: app.name,
          namespace: 'argocd',
          project: 'default',
          dest_namespace: app.destinationNamespace,
          dest_server: 'https://kubernetes.default.svc',
          repo: 'https://git.demo.example.com/platform/deployments',
          sync_status: app.syncStatus,
          health_status: app.healthStatus,
          autosync_enabled: 'true',
        },
        1,
      );
    }
  }

  // ---------- Alertmanager and alerts ----------

  private alerting(): void {
    const profile = this.model.profile;
    for (const [position, pod] of this.podsOf('monitoring', 'alertmanager-kube-prometheus-stack-alertmanager').entries()) {
      const labels = this.podTarget('alertmanager', pod, 9093);
      this.constant('alertmanager_config_last_reload_successful', labels, 1);
      for (const integration of ['email', 'pagerduty', 'slack', 'webhook']) {
        if (integration === 'slack' && profile.alertmanagerFailing && position === 0) {
          this.add('alertmanager_notifications_failed_total', { ...labels, integration }, (index) => 9 + Math.floor(index / 6));
        } else {
          this.constant('alertmanager_notifications_failed_total', { ...labels, integration }, 0);
        }
      }
    }
    const alert = (labels: Record<string, string>, range: { firstIndex?: number; lastIndex?: number } = {}): void => {
      this.add('ALERTS', { alertstate: 'firing', ...labels }, () => 1, range);
    };
    alert({ alertname: 'Watchdog', severity: 'none' });
    const checkoutPod = this.podsOf('checkout', 'checkout')[0] ?? this.model.pods.find((pod) => !pod.workload.isSystem);
    if (checkoutPod !== undefined) {
      // resolved 40 minutes ago: the series is stale by now
      alert({ alertname: 'KubePodCrashLooping', severity: 'warning', namespace: checkoutPod.namespace, pod: checkoutPod.name, container: checkoutPod.workload.containers[0]?.name ?? '' }, { firstIndex: 60, lastIndex: this.nowIndex - 80 });
    }
    if (profile.scenario === 'healthy') return;
    const analyticsPod = this.podsOf('analytics', 'ingest')[0];
    if (analyticsPod !== undefined) {
      alert({ alertname: 'CPUThrottlingHigh', severity: 'info', namespace: analyticsPod.namespace, pod: analyticsPod.name, container: 'ingest' });
    }
    if (profile.fluentdErrors === 'increasing') {
      const since = { firstIndex: this.nowIndex - 200 };
      alert({ alertname: 'FluentdOutputError', severity: 'warning', namespace: 'fluentd-system' }, since);
      alert({ alertname: 'FluentdAvailableSpaceBuffer', severity: 'warning', namespace: 'fluentd-system' }, since);
    }
    if (profile.alertmanagerFailing) {
      alert({ alertname: 'AlertmanagerFailedToSendAlerts', severity: 'warning', namespace: 'monitoring', integration: 'slack' }, { firstIndex: this.nowIndex - 170 });
    }
    if (profile.falcoMissingOnOneNode) {
      alert({ alertname: 'KubeDaemonSetRolloutStuck', severity: 'warning', namespace: 'falco', daemonset: 'falco' }, { firstIndex: this.nowIndex - 150 });
      this.add('ALERTS', { alertname: 'TargetDown', alertstate: 'pending', severity: 'warning', namespace: 'falco', job: 'falco' }, () => 1, { firstIndex: this.nowIndex - 6 });
    }
  }

  // ---------- backups and certificates ----------

  private backupsAndCertificates(): void {
    const velero = this.firstPodTarget('velero', 'velero', 'velero', 8085);
    // the daily backup starts at 00:05 and completes seven minutes later
    const lastBackupSeconds = (index: number): number => {
      const timeMs = this.timeAt(index);
      const completedToday = Math.floor(timeMs / DAY_MS) * DAY_MS + 12 * MINUTE_MS;
      return (completedToday <= timeMs ? completedToday : completedToday - DAY_MS) / 1000;
    };
    this.add('velero_backup_last_successful_timestamp', { job: 'velero', instance: velero.instance ?? '', schedule: 'velero-daily-backup' }, lastBackupSeconds);
    // OpenSearch snapshots every 2 hours (healthy) or every 6 hours (stock default)
    const periodMs = (this.model.profile.scenario === 'healthy' ? 2 : 6) * HOUR_MS;
    this.add(
      'elasticsearch_snapshot_stats_snapshot_start_time_timestamp',
      { job: 'opensearch-exporter', instance: 'opensearch-exporter.opensearch-system.svc:9108', repository: 'opensearch-snapshots', state: 'SUCCESS' },
      (index) => (Math.floor((this.timeAt(index) - 5 * MINUTE_MS) / periodMs) * periodMs + 5 * MINUTE_MS) / 1000,
    );
    const certManager = this.firstPodTarget('cert-manager', 'cert-manager', 'cert-manager', 9402);
    const certificates = [
      { namespace: 'argocd', name: 'argocd-server-tls' },
      { namespace: 'monitoring', name: 'grafana-tls' },
      { namespace: 'ingress-nginx', name: 'wildcard-demo-example-com' },
      ...this.model.namespaces.filter((namespace) => !namespace.isSystem).slice(0, 6).map((namespace) => ({ namespace: namespace.name, name: `${namespace.name}-tls` })),
    ];
    for (const certificate of certificates) {
      const key = `${certificate.namespace}/${certificate.name}`;
      const daysLeft = this.model.profile.certificateDaysLeft?.[key] ?? randomFor(this.model.scale.seed, `certificate:${key}`).int(35, 85);
      this.constant(
        'certmanager_certificate_expiration_timestamp_seconds',
        { job: 'cert-manager', instance: certManager.instance ?? '', name: certificate.name, namespace: certificate.namespace, issuer_name: 'letsencrypt-prod', issuer_kind: 'ClusterIssuer', issuer_group: 'cert-manager.io' },
        Math.floor((this.model.nowMs + daysLeft * DAY_MS) / 1000),
      );
    }
  }
}
