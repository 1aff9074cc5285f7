import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import type { WorkloadSummary } from '@/lib/sources/types';
import { isSystemNamespace } from '../checks/kubernetes';
import { instantQuery, label } from '../checks/prometheus';
import { capOffenders, countPhrase } from '../offenders';
import type { ControlDefinition } from '../types';

// Section 5: general tools and activities (network flows, compliance scanning, deployment
// strategies §5.1, monitoring, logging and alerting §5.2), the two hardening items that need
// platform evidence (base images, logs on stdout), and supporting platform practices (backups,
// certificates). GitOps, also named in Section 5, is S4.GITOPS.

const HOUR_SECONDS = 3_600;
const DAY_SECONDS = 86_400;

const WORKLOADS_ENDPOINT = 'GET /apis/apps/v1/deployments and /apis/apps/v1/daemonsets (all namespaces)';

/** A workload is a given tool when its name is the tool's name or starts with it, or its standard labels say so. */
function isTool(workload: WorkloadSummary, toolName: string): boolean {
  return (
    workload.name === toolName ||
    workload.name.startsWith(`${toolName}-`) ||
    workload.labels['app.kubernetes.io/name'] === toolName ||
    workload.labels['app.kubernetes.io/part-of'] === toolName
  );
}

// --- Container hardening: maintained base images --------------------------------------------------

const IMAGE_OS_QUERY = 'count by (namespace, image_repository, image_tag, image_os_family, image_os_name, image_os_eosl) (trivy_image_info)';

// --- Container hardening: logs on stdout -----------------------------------------------------------

const LOG_INDEX_PATTERN = 'kubernetes*';
const LOG_NAMESPACE_FIELD = 'kubernetes.namespace_name';
// Bounds the terms aggregation. A namespace beyond it would be reported as silent: a false
// offender at worst, never a false pass.
const LOG_NAMESPACE_BUCKETS = 1000;

// --- General tools ----------------------------------------------------------------------------------

const COMPLIANCE_FAILURES_QUERY = 'sum by (title) (trivy_cluster_compliance{status="Fail"})';
const COMPLIANCE_REPORTS_ENDPOINT = 'GET /apis/aquasecurity.github.io/v1alpha1/clustercompliancereports → status.summary.failCount, passCount';

/**
 * One name per scanning engine, so that Harbor's "Trivy" adapter and trivy-operator count as the
 * same tool whatever a registration is called.
 * @example scannerEngine('Trivy') // 'trivy'
 */
function scannerEngine(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.includes('trivy') ? 'trivy' : lower;
}

// --- §5.2 Monitoring, logging and alerting --------------------------------------------------------

const ALERTMANAGER_RELOAD_QUERY = 'alertmanager_config_last_reload_successful';
const ALERTMANAGER_FAILED_NOTIFICATIONS_QUERY = 'sum by (integration) (increase(alertmanager_notifications_failed_total[1h]))';
const FIRING_ALERTS_QUERY = 'count by (alertname, severity) (ALERTS{alertstate="firing"})';
const TARGETS_UP_QUERY = 'up';

/**
 * A share as a percentage with one decimal, rounded down so that 94.99 % never reads as 95 %
 * (the 1e-9 absorbs floating-point error: 0.57 * 1000 is 569.99…).
 * @example formatPercent(0.9523) // '95.2 %'
 */
function formatPercent(share: number): string {
  return `${Math.floor(share * 1000 + 1e-9) / 10} %`;
}

// --- Supporting platform practices ----------------------------------------------------------------

const BACKUP_AGE_QUERY = 'time() - velero_backup_last_successful_timestamp';
const CERTIFICATE_VALIDITY_QUERY = 'certmanager_certificate_expiration_timestamp_seconds - time()';

export const section5ToolControls: ControlDefinition[] = [
  {
    id: 'S5.BASE-IMAGE',
    sectionId: '5',
    group: 'Container hardening',
    title: 'Images build on a maintained base',
    requirement:
      'Every image starts from a base image the organisation has chosen and keeps patched; an operating system past its end of life gets no more security fixes, so nothing built on it can be kept secure.',
    implementation: 'trivy-operator identifies the operating system of every running image and whether its vendor still supports it.',
    remediation: 'Rebuild the named images on a supported release of their base image (or the organisation’s own base image) and redeploy.',
    checks: [
      {
        id: 'no-end-of-life-os',
        source: 'prometheus',
        query: IMAGE_OS_QUERY,
        rule: 'trivy-operator reports image information, and no running image has image_os_eosl "true".',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, IMAGE_OS_QUERY);
          if (samples.length === 0) {
            return {
              status: 'unknown',
              summary: 'No trivy_image_info series: trivy-operator does not report image information (metricsImageInfo may be off)',
              excerpt: { images: 0, warnings },
            };
          }
          const offenders: Offender[] = samples
            .filter((sample) => sample.labels.image_os_eosl === 'true')
            .map((sample) => ({
              object: `${label(sample, 'namespace')}/${label(sample, 'image_repository')}:${label(sample, 'image_tag')}`,
              reason: `${label(sample, 'image_os_family')} ${label(sample, 'image_os_name')} is past its end of life`,
            }));
          const excerpt = { images: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `None of ${countPhrase(samples.length, 'running image')} uses an end-of-life operating system`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'running image')} use an end-of-life operating system`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S5.STDOUT-LOGS',
    sectionId: '5',
    group: 'Container hardening',
    title: 'Applications log to stdout and the logs are collected',
    requirement: 'Containers write their logs to standard output, where the platform’s log forwarder picks them up; nothing is kept only inside the container.',
    implementation: 'Fluentd collects the standard output of every container and ships it, tagged with its namespace, to OpenSearch (index pattern kubernetes*).',
    remediation: 'Make the application in the named namespaces log to stdout/stderr instead of files, and check that the log forwarder runs on their nodes.',
    checks: [
      {
        id: 'every-namespace-logs',
        source: 'opensearch',
        query: `POST ${LOG_INDEX_PATTERN}/_search, terms on ${LOG_NAMESPACE_FIELD} (size ${LOG_NAMESPACE_BUCKETS}) over the last 24 h (configurable), compared with GET /api/v1/pods → namespaces with Running pods`,
        rule: 'Every namespace outside the system namespaces that has a running pod has log documents in OpenSearch within the window (default 24 h).',
        run: async (context): Promise<CheckOutcome> => {
          const runningPodsPerNamespace = new Map<string, number>();
          for (const pod of await context.sources.pods()) {
            if (pod.phase !== 'Running' || isSystemNamespace(context.settings, pod.namespace)) continue;
            runningPodsPerNamespace.set(pod.namespace, (runningPodsPerNamespace.get(pod.namespace) ?? 0) + 1);
          }
          if (runningPodsPerNamespace.size === 0) {
            return { status: 'not-applicable', summary: 'No running workload pods outside the system namespaces', excerpt: { workloadNamespaces: 0 } };
          }
          const windowHours = context.settings.stdoutLogWindowHours;
          const sinceIso = new Date(context.now.getTime() - windowHours * HOUR_SECONDS * 1000).toISOString();
          const counts = await context.sources.countByTerms(LOG_INDEX_PATTERN, LOG_NAMESPACE_FIELD, { sinceIso, size: LOG_NAMESPACE_BUCKETS });
          const namespacesWithLogs = new Set(counts.filter((term) => term.count > 0).map((term) => term.key));
          const offenders: Offender[] = [];
          for (const [namespace, runningPods] of runningPodsPerNamespace) {
            if (!namespacesWithLogs.has(namespace)) {
              offenders.push({ object: `namespace ${namespace}`, reason: `${countPhrase(runningPods, 'running pod')}, no log documents in the last ${windowHours} h` });
            }
          }
          const workloadNamespaces = runningPodsPerNamespace.size;
          const excerpt = { workloadNamespaces, windowHours, since: sinceIso, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(workloadNamespaces, 'workload namespace')} logged within ${windowHours} h`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(workloadNamespaces, 'workload namespace')} wrote no logs within ${windowHours} h`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S5.NETFLOW',
    sectionId: '5',
    group: 'General tools',
    title: 'Network flows between components can be analysed',
    requirement: 'The team can see which components talk to which, to spot unexpected connections and understand how the application behaves.',
    implementation:
      'Compliant Kubernetes offers Jaeger as an additional managed service. It traces requests between applications in fine detail, but it is not a full network-flow analyser: traffic that is not instrumented is not captured.',
    remediation: 'Deploy Jaeger (or another flow or tracing tool, added to the settings) and instrument the applications; make sure its Deployments are ready.',
    checks: [
      {
        id: 'flow-tool-ready',
        source: 'kubernetes',
        query: `${WORKLOADS_ENDPOINT} → Deployments named after a network-flow tool (default jaeger), spec.replicas, status.readyReplicas`,
        rule: 'A Deployment of a configured network-flow tool exists and all its replicas are ready; none present → warn.',
        run: async (context): Promise<CheckOutcome> => {
          const toolNames = context.settings.networkFlowToolNames;
          const deployments = (await context.sources.workloads()).filter(
            (workload) => workload.kind === 'Deployment' && toolNames.some((toolName) => isTool(workload, toolName)),
          );
          const found = deployments.map((deployment) => ({ object: `${deployment.namespace}/${deployment.name}`, ready: deployment.ready, desired: deployment.desired }));
          if (deployments.length === 0) {
            // Warn, not fail: flow analysis is advice in Section 5, and a tracing tool covers only
            // application traffic anyway.
            return { status: 'warn', summary: `No network-flow tool (${toolNames.join(', ')}) is deployed: flows between components cannot be analysed`, excerpt: { toolNames, found } };
          }
          const offenders: Offender[] = deployments
            .filter((deployment) => deployment.desired === 0 || deployment.ready < deployment.desired)
            .map((deployment) => ({ object: `${deployment.namespace}/${deployment.name}`, reason: `${deployment.ready} of ${deployment.desired} replicas ready` }));
          const excerpt = { toolNames, found, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          if (offenders.length > 0) {
            return { status: 'warn', summary: `${offenders.length} of ${countPhrase(deployments.length, 'network-flow Deployment')} not ready`, excerpt };
          }
          return {
            status: 'pass',
            summary: `${countPhrase(deployments.length, 'network-flow Deployment')} ready (tracing covers instrumented application traffic, not every flow)`,
            excerpt,
          };
        },
      },
    ],
  },
  {
    id: 'S5.COMPLIANCE-SCAN',
    sectionId: '5',
    group: 'General tools',
    title: 'The cluster is scanned against compliance benchmarks',
    requirement: 'The cluster’s configuration is checked regularly against published hardening benchmarks (such as CIS and the NSA/CISA guidance), and failed controls are fixed.',
    implementation: 'trivy-operator runs the benchmarks as ClusterComplianceReports and exports the number of passed and failed controls per report.',
    remediation: 'Open the named reports (kubectl get clustercompliancereport -o yaml), fix the failed controls, or waive those that do not apply with a reason.',
    checks: [
      {
        id: 'compliance-failures-metrics',
        source: 'prometheus',
        query: COMPLIANCE_FAILURES_QUERY,
        rule: 'Every compliance report exports a failed-control count of 0. A falling trend is not taken into account: one snapshot has no history.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, COMPLIANCE_FAILURES_QUERY);
          if (samples.length === 0) {
            return {
              status: 'unknown',
              summary: 'No trivy_cluster_compliance series: trivy-operator does not export compliance results (metricsClusterComplianceInfo may be off)',
              excerpt: { reports: 0, warnings },
            };
          }
          const offenders: Offender[] = samples
            .filter((sample) => sample.value > 0)
            .map((sample) => ({ object: `report ${label(sample, 'title')}`, reason: countPhrase(sample.value, 'failed control') }));
          const excerpt = { reports: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `${countPhrase(samples.length, 'compliance report')} with no failed control`, excerpt }
            : {
                status: 'fail',
                summary: `${offenders.length} of ${countPhrase(samples.length, 'compliance report')} have failed controls (whether they are trending down is not evaluated)`,
                excerpt,
              };
        },
      },
      {
        id: 'compliance-reports',
        source: 'kubernetes',
        query: COMPLIANCE_REPORTS_ENDPOINT,
        rule: 'ClusterComplianceReports exist and each has failCount 0.',
        run: async (context): Promise<CheckOutcome> => {
          const reports = await context.sources.complianceReports();
          // No reports at all means no compliance scanning: that is the finding itself, so fail.
          if (!reports.isInstalled) {
            return { status: 'fail', summary: 'trivy-operator’s ClusterComplianceReport API is not installed: the cluster is not scanned for compliance', excerpt: { isInstalled: false } };
          }
          if (reports.items.length === 0) {
            return { status: 'fail', summary: 'No ClusterComplianceReport exists: the cluster is not scanned for compliance', excerpt: { isInstalled: true, reports: 0 } };
          }
          const offenders: Offender[] = reports.items
            .filter((report) => report.failCount > 0)
            .map((report) => ({ object: `report ${report.name} (${report.title})`, reason: `${report.failCount} failed, ${report.passCount} passed` }));
          const excerpt = {
            reports: reports.items.map((report) => ({ name: report.name, failCount: report.failCount, passCount: report.passCount, updatedAt: report.updatedAt ?? null })),
            ...capOffenders(offenders, context.settings.maxOffendersPerCheck),
          };
          return offenders.length === 0
            ? { status: 'pass', summary: `${countPhrase(reports.items.length, 'compliance report')} with failCount 0`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(reports.items.length, 'compliance report')} have failed controls`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S5.SCANNER-DIVERSITY',
    sectionId: '5',
    group: 'General tools',
    title: 'Two different scanners look at the images',
    requirement:
      'Images are scanned by two different scanning engines, so that one engine’s blind spots are covered by the other. Version 2.1 of the Reference Design asks for this; version 2.0 does not.',
    implementation: 'Harbor scans images on push and trivy-operator scans running workloads, but both use Trivy by default, so a Compliant Kubernetes install has one engine twice.',
    remediation: 'Register a second, different scanner in Harbor (for example Grype or a commercial adapter) and make it the default, or run a different in-cluster scanner.',
    checks: [
      {
        id: 'distinct-scanning-engines',
        source: 'harbor',
        query: `GET /api/v2.0/scanners → default scanner name, vendor; ${WORKLOADS_ENDPOINT} → trivy-operator Deployment`,
        rule: 'Harbor’s default scanner and the in-cluster scanner (trivy-operator) use at least two different engines; a single engine → warn.',
        run: async (context): Promise<CheckOutcome> => {
          const scanners = await context.sources.harborScanners();
          const workloads = await context.sources.workloads();
          const defaultScanner = scanners.find((scanner) => scanner.isDefault);
          const isTrivyOperatorRunning = workloads.some((workload) => workload.kind === 'Deployment' && isTool(workload, 'trivy-operator'));
          const engines = new Set<string>();
          if (defaultScanner) engines.add(scannerEngine(defaultScanner.name));
          if (isTrivyOperatorRunning) engines.add('trivy');
          const excerpt = {
            harborDefaultScanner: defaultScanner ? { name: defaultScanner.name, vendor: defaultScanner.vendor, version: defaultScanner.version } : null,
            otherHarborScanners: scanners.filter((scanner) => !scanner.isDefault).map((scanner) => scanner.name),
            isTrivyOperatorRunning,
            engines: [...engines].sort(),
          };
          if (engines.size >= 2) {
            return { status: 'pass', summary: `Images are scanned by ${engines.size} different engines: ${excerpt.engines.join(', ')}`, excerpt };
          }
          // Warn, not fail: the assessed version 2.0 does not require a second scanner.
          if (engines.size === 1 && defaultScanner && isTrivyOperatorRunning) {
            return { status: 'warn', summary: `Harbor’s default scanner (${defaultScanner.name}) and trivy-operator are both Trivy: one engine, not two`, excerpt };
          }
          const only = defaultScanner ? `only Harbor’s ${defaultScanner.name}` : isTrivyOperatorRunning ? 'only trivy-operator (Harbor has no default scanner)' : 'none found';
          return { status: 'warn', summary: `Fewer than two scanning engines: ${only}`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S5.DEPLOY-STRATEGY',
    sectionId: '5',
    group: 'Deployment strategies (§5.1)',
    title: 'Workloads roll out with a deliberate strategy',
    requirement:
      'New versions reach users through a known deployment strategy (blue/green, canary, rolling or continuous) rather than by stopping the old version first. This control is informational.',
    implementation:
      'Kubernetes Deployments roll out gradually by default (RollingUpdate); Argo Rollouts, available with Argo CD, adds blue/green and canary. Rollout objects themselves are not read here, only their presence is noted.',
    remediation: 'Use RollingUpdate (with readiness probes) instead of Recreate where the application allows two versions side by side, or adopt Argo Rollouts.',
    checks: [
      {
        id: 'deployment-strategy-set',
        source: 'kubernetes',
        query: `${WORKLOADS_ENDPOINT} → Deployments outside the system namespaces, spec.strategy.type; Argo Rollouts Deployment presence`,
        rule: 'Every workload Deployment has a strategy type, and not all of them use Recreate; otherwise warn (informational control, never a failure).',
        run: async (context): Promise<CheckOutcome> => {
          const workloads = await context.sources.workloads();
          const isArgoRolloutsInstalled = workloads.some((workload) => workload.kind === 'Deployment' && isTool(workload, 'argo-rollouts'));
          const deployments = workloads.filter((workload) => workload.kind === 'Deployment' && !isSystemNamespace(context.settings, workload.namespace));
          if (deployments.length === 0) {
            return { status: 'not-applicable', summary: 'No Deployments outside the system namespaces', excerpt: { deployments: 0, isArgoRolloutsInstalled } };
          }
          const strategyCounts: Record<string, number> = {};
          const offenders: Offender[] = [];
          for (const deployment of deployments) {
            const strategy = deployment.strategyType ?? 'unset';
            strategyCounts[strategy] = (strategyCounts[strategy] ?? 0) + 1;
            if (deployment.strategyType === undefined) offenders.push({ object: `${deployment.namespace}/${deployment.name}`, reason: 'no strategy type reported' });
          }
          const excerpt = { deployments: deployments.length, strategyCounts, isArgoRolloutsInstalled, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          const rolloutsNote = isArgoRolloutsInstalled ? '; Argo Rollouts is installed' : '';
          if (offenders.length > 0) {
            return { status: 'warn', summary: `${offenders.length} of ${countPhrase(deployments.length, 'workload Deployment')} report no strategy${rolloutsNote}`, excerpt };
          }
          if (strategyCounts.Recreate === deployments.length) {
            return { status: 'warn', summary: `All ${countPhrase(deployments.length, 'workload Deployment')} use Recreate: every release stops the old version first${rolloutsNote}`, excerpt };
          }
          const breakdown = Object.entries(strategyCounts).map(([strategy, count]) => `${count} ${strategy}`).join(', ');
          return { status: 'pass', summary: `All ${countPhrase(deployments.length, 'workload Deployment')} have a strategy (${breakdown})${rolloutsNote}`, excerpt };
        },
      },
    ],
  },
  {
    id: 'S5.ALERTING',
    sectionId: '5',
    group: 'Monitoring, logging and alerting (§5.2)',
    title: 'Monitoring feeds alerts that reach people',
    requirement: 'The platform and its applications are monitored, and alerts based on the monitoring data reach the people on call.',
    implementation: 'Compliant Kubernetes runs the Prometheus stack with Alertmanager (and OpenSearch alerting for logs); Alertmanager routes alerts to the team’s receivers.',
    remediation: 'Fix the Alertmanager configuration or the failing receiver named in the evidence, and bring the down scrape targets back.',
    checks: [
      {
        id: 'alertmanager-config-loaded',
        source: 'prometheus',
        query: ALERTMANAGER_RELOAD_QUERY,
        rule: 'Every Alertmanager reports that its last configuration reload succeeded (value 1).',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, ALERTMANAGER_RELOAD_QUERY);
          if (samples.length === 0) {
            return { status: 'unknown', summary: 'No alertmanager_config_last_reload_successful series: Alertmanager is not running or not scraped', excerpt: { alertmanagers: 0, warnings } };
          }
          const offenders: Offender[] = samples
            .filter((sample) => sample.value !== 1)
            .map((sample) => ({ object: `alertmanager ${sample.labels.pod ?? label(sample, 'instance')}`, reason: 'last configuration reload failed' }));
          const excerpt = { alertmanagers: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `${countPhrase(samples.length, 'Alertmanager')} loaded the configuration`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'Alertmanager')} failed to load the configuration`, excerpt };
        },
      },
      {
        id: 'alertmanager-notifications-delivered',
        source: 'prometheus',
        query: ALERTMANAGER_FAILED_NOTIFICATIONS_QUERY,
        rule: 'No notification integration failed to deliver in the last hour.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, ALERTMANAGER_FAILED_NOTIFICATIONS_QUERY);
          // Alertmanager exports the counter for every integration from start-up, so no series at
          // all means it is not scraped, not that nothing failed.
          if (samples.length === 0) {
            return { status: 'unknown', summary: 'No alertmanager_notifications_failed_total series: Alertmanager is not running or not scraped', excerpt: { integrations: 0, warnings } };
          }
          const offenders: Offender[] = samples
            .filter((sample) => sample.value > 0)
            // increase() extrapolates, so a single failure can read 0.4; round up to whole notifications
            .map((sample) => ({ object: `integration ${label(sample, 'integration')}`, reason: `${countPhrase(Math.ceil(sample.value), 'failed notification')} in the last hour` }));
          const excerpt = { integrations: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: 'No notification failed in the last hour', excerpt }
            : { status: 'fail', summary: `${countPhrase(offenders.length, 'notification integration')} failed to deliver in the last hour`, excerpt };
        },
      },
      {
        id: 'firing-alerts',
        source: 'prometheus',
        query: FIRING_ALERTS_QUERY,
        rule: 'Informational: lists the alerts firing now. At least one series is expected (the always-firing Watchdog); none at all → warn.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, FIRING_ALERTS_QUERY);
          if (samples.length === 0) {
            // The Prometheus stack's Watchdog alert fires all the time to prove the alerting
            // pipeline works; with nothing firing, not even it, the rules may not be evaluated.
            return { status: 'warn', summary: 'No alert is firing, not even the always-firing Watchdog: alerting rules may not be loaded', excerpt: { firingSeries: 0, warnings } };
          }
          const firing: Offender[] = samples.map((sample) => ({
            object: label(sample, 'alertname'),
            reason: `${countPhrase(sample.value, 'series', 'series')} firing, severity ${sample.labels.severity ?? 'none'}`,
          }));
          const { offenders: firingAlerts, totalOffenders: firingGroups } = capOffenders(firing, context.settings.maxOffendersPerCheck);
          const firingSeries = samples.reduce((sum, sample) => sum + sample.value, 0);
          const besidesWatchdog = samples.filter((sample) => sample.labels.alertname !== 'Watchdog').reduce((sum, sample) => sum + sample.value, 0);
          return {
            status: 'pass',
            summary: `Alerting rules are evaluated; ${countPhrase(besidesWatchdog, 'alert')} firing besides Watchdog`,
            excerpt: { firingSeries, firingGroups, firingAlerts, warnings },
          };
        },
      },
      {
        id: 'scrape-targets-up',
        source: 'prometheus',
        query: TARGETS_UP_QUERY,
        rule: 'The share of scrape targets with up == 1 is at least the configured minimum (default 95 %); down targets are named.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, TARGETS_UP_QUERY);
          if (samples.length === 0) {
            return { status: 'unknown', summary: 'No up series: Prometheus reports no scrape target at all', excerpt: { targets: 0, warnings } };
          }
          const offenders: Offender[] = samples
            .filter((sample) => sample.value !== 1)
            .map((sample) => ({ object: `${label(sample, 'job')} ${label(sample, 'instance')}`, reason: 'target down' }));
          const upShare = (samples.length - offenders.length) / samples.length;
          const minShare = context.settings.minTargetsUpShare;
          const excerpt = { targets: samples.length, upShare, minShare, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          const downNote = offenders.length > 0 ? ` (${countPhrase(offenders.length, 'target')} down)` : '';
          return upShare >= minShare
            ? { status: 'pass', summary: `${formatPercent(upShare)} of ${countPhrase(samples.length, 'scrape target')} are up${downNote}`, excerpt }
            : { status: 'fail', summary: `Only ${formatPercent(upShare)} of ${countPhrase(samples.length, 'scrape target')} are up, below ${formatPercent(minShare)}`, excerpt };
        },
      },
    ],
  },
  {
    id: 'SUP.BACKUP',
    sectionId: '5',
    group: 'Supporting platform practices',
    title: 'Backups run and succeed',
    requirement: 'Cluster resources and volumes are backed up on a schedule, and the last successful backup of every schedule is recent.',
    implementation: 'Compliant Kubernetes backs up with Velero on a daily schedule and alerts when a backup is missed.',
    remediation: 'Look at the failed backups of the named schedules (velero backup describe), fix the storage target or credentials, and run a backup by hand.',
    checks: [
      {
        id: 'velero-backup-recent',
        source: 'prometheus',
        query: BACKUP_AGE_QUERY,
        rule: 'Every Velero schedule had a successful backup within the limit (default 24 h).',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, BACKUP_AGE_QUERY);
          if (samples.length === 0) {
            return { status: 'unknown', summary: 'No velero_backup_last_successful_timestamp series: Velero is not installed, not scraped, or has never backed up', excerpt: { schedules: 0, warnings } };
          }
          // Backups taken by hand carry an empty schedule label; an old one says nothing about the
          // schedules, so only scheduled backups are judged.
          const scheduled = samples.filter((sample) => (sample.labels.schedule ?? '') !== '');
          if (scheduled.length === 0) {
            return { status: 'fail', summary: 'Velero has only manual backups: no backup schedule exists', excerpt: { schedules: 0, warnings } };
          }
          const limitHours = context.settings.maxBackupAgeHours;
          const nowSeconds = context.now.getTime() / 1000;
          const offenders: Offender[] = scheduled
            .filter((sample) => sample.value > limitHours * HOUR_SECONDS)
            .map((sample) => ({
              object: `schedule ${label(sample, 'schedule')}`,
              // A schedule that never succeeded reports timestamp 0, so its "age" is the whole epoch.
              reason: sample.value >= nowSeconds - DAY_SECONDS ? 'no successful backup yet' : `last successful backup ${Math.floor(sample.value / HOUR_SECONDS)} h ago`,
            }));
          const excerpt = { schedules: scheduled.length, limitHours, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(scheduled.length, 'backup schedule')} succeeded within ${limitHours} h`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(scheduled.length, 'backup schedule')} have no successful backup within ${limitHours} h`, excerpt };
        },
      },
    ],
  },
  {
    id: 'SUP.CERTS',
    sectionId: '5',
    group: 'Supporting platform practices',
    title: 'TLS certificates are renewed in time',
    requirement: 'No TLS certificate in use is close to expiry; renewal happens automatically and well ahead of time.',
    implementation: 'cert-manager issues and renews the platform’s and applications’ certificates (typically from Let’s Encrypt) and exports their expiry times.',
    remediation: 'Check the named Certificates (kubectl describe certificate) and their CertificateRequests and Orders for the reason renewal fails.',
    checks: [
      {
        id: 'certificates-not-expiring',
        source: 'prometheus',
        query: CERTIFICATE_VALIDITY_QUERY,
        rule: 'No certificate managed by cert-manager expires within the limit (default 20 days).',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, CERTIFICATE_VALIDITY_QUERY);
          if (samples.length === 0) {
            return { status: 'unknown', summary: 'No certmanager_certificate_expiration_timestamp_seconds series: cert-manager is not scraped or manages no certificate', excerpt: { certificates: 0, warnings } };
          }
          const limitDays = context.settings.minCertificateValidityDays;
          const offenders: Offender[] = samples
            .filter((sample) => sample.value < limitDays * DAY_SECONDS)
            .map((sample) => {
              const days = Math.floor(Math.abs(sample.value) / DAY_SECONDS);
              return {
                object: `${label(sample, 'namespace')}/${label(sample, 'name')}`,
                reason: sample.value < 0 ? `expired ${countPhrase(days, 'day')} ago` : `expires in ${countPhrase(days, 'day')}`,
              };
            });
          const excerpt = { certificates: samples.length, limitDays, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `None of ${countPhrase(samples.length, 'certificate')} expires within ${limitDays} days`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'certificate')} expire within ${limitDays} days or have expired`, excerpt };
        },
      },
    ],
  },
];
