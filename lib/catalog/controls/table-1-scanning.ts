import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import { capOffenders, countPhrase } from '../offenders';
import { instantQuery } from '../checks/prometheus';
import type { CheckDefinition, ControlDefinition } from '../types';

// Section 3, Table 1, the rows about scanning, hosts and the registry: vulnerability management,
// CVE service, host-based security and the artifact repository.


const CRITICAL_VULNERABILITIES_QUERY = 'sum by (namespace, image_repository, image_tag) (trivy_image_vulnerabilities{severity="Critical"}) > 0';
const VULNERABILITY_REPORTS_QUERY = 'count(trivy_image_vulnerabilities)';

const REBOOT_REQUIRED_QUERY = 'max by (node) (kured_reboot_required)';
const NODE_UPTIME_QUERY = 'max by (instance) (time() - node_boot_time_seconds)';

const DAY_SECONDS = 86_400;

const runtimeVulnerabilityChecks: CheckDefinition[] = [
  {
    id: 'trivy-reports-present',
    source: 'prometheus',
    query: VULNERABILITY_REPORTS_QUERY,
    rule: 'trivy-operator exports vulnerability series for running workloads (no series means nothing is scanned).',
    run: async (context): Promise<CheckOutcome> => {
      const { samples, warnings } = await instantQuery(context, VULNERABILITY_REPORTS_QUERY);
      const count = samples[0]?.value ?? 0;
      if (count === 0) {
        return { status: 'unknown', summary: 'No trivy_image_vulnerabilities series: trivy-operator reports nothing', excerpt: { series: 0, warnings } };
      }
      return { status: 'pass', summary: `trivy-operator reports ${countPhrase(count, 'vulnerability series', 'vulnerability series')}`, excerpt: { series: count, warnings } };
    },
  },
  {
    id: 'no-critical-vulnerabilities',
    source: 'prometheus',
    query: `${CRITICAL_VULNERABILITIES_QUERY}; when empty, ${VULNERABILITY_REPORTS_QUERY}`,
    rule: 'No running image has a critical vulnerability; no vulnerability series at all is unknown, not a pass.',
    run: async (context): Promise<CheckOutcome> => {
      const { samples, warnings } = await instantQuery(context, CRITICAL_VULNERABILITIES_QUERY);
      // "no critical series" means nothing only if trivy-operator reports anything at all
      if (samples.length === 0 && ((await instantQuery(context, VULNERABILITY_REPORTS_QUERY)).samples[0]?.value ?? 0) === 0) {
        return { status: 'unknown', summary: 'No trivy_image_vulnerabilities series: no running image is known to be scanned', excerpt: { series: 0, warnings } };
      }
      const offenders: Offender[] = samples.map((sample) => ({
        object: `${sample.labels.namespace ?? '?'}/${sample.labels.image_repository ?? '?'}:${sample.labels.image_tag ?? '?'}`,
        reason: `${sample.value} critical vulnerabilities`,
      }));
      const excerpt = { warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
      if (offenders.length === 0) return { status: 'pass', summary: 'No running image has a critical vulnerability', excerpt };
      const total = samples.reduce((sum, sample) => sum + sample.value, 0);
      return { status: 'fail', summary: `${countPhrase(offenders.length, 'running image')} carry ${total} critical vulnerabilities`, excerpt };
    },
  },
];

const hostChecks: CheckDefinition[] = [
  {
    id: 'kured-reboot-required',
    source: 'prometheus',
    query: REBOOT_REQUIRED_QUERY,
    rule: 'kured reports on every node and no node waits for a reboot; kured missing is a warning.',
    run: async (context): Promise<CheckOutcome> => {
      const { samples, warnings } = await instantQuery(context, REBOOT_REQUIRED_QUERY);
      if (samples.length === 0) {
        return { status: 'warn', summary: 'kured is not reporting: reboots after security updates are not automated', excerpt: { nodes: 0, warnings } };
      }
      const offenders: Offender[] = samples.filter((sample) => sample.value > 0).map((sample) => ({ object: `node ${sample.labels.node ?? '?'}`, reason: 'reboot required' }));
      const excerpt = { nodes: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
      return offenders.length === 0
        ? { status: 'pass', summary: `kured reports no pending reboot on ${countPhrase(samples.length, 'node')}`, excerpt }
        : { status: 'warn', summary: `${offenders.length} of ${countPhrase(samples.length, 'node')} wait for a reboot`, excerpt };
    },
  },
  {
    id: 'node-uptime',
    source: 'prometheus',
    query: NODE_UPTIME_QUERY,
    rule: 'No node has run longer than the reboot limit (default 30 days) without a reboot.',
    run: async (context): Promise<CheckOutcome> => {
      const { samples, warnings } = await instantQuery(context, NODE_UPTIME_QUERY);
      if (samples.length === 0) {
        return { status: 'unknown', summary: 'No node_boot_time_seconds series: node-exporter reports nothing', excerpt: { nodes: 0, warnings } };
      }
      const limitDays = context.settings.maxRebootPendingDays;
      const offenders: Offender[] = samples
        .filter((sample) => sample.value > limitDays * DAY_SECONDS)
        .map((sample) => ({ object: `node ${sample.labels.instance ?? '?'}`, reason: `up ${Math.floor(sample.value / DAY_SECONDS)} days` }));
      const excerpt = { nodes: samples.length, limitDays, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
      return offenders.length === 0
        ? { status: 'pass', summary: `All ${countPhrase(samples.length, 'node')} rebooted within ${limitDays} days`, excerpt }
        : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'node')} up longer than ${limitDays} days`, excerpt };
    },
  },
];

export const table1ScanningControls: ControlDefinition[] = [
  {
    id: 'T1.VULN-RUNTIME',
    sectionId: '3',
    group: 'Table 1: Vulnerability management',
    title: 'Vulnerability management of running workloads',
    requirement: 'Running container images are scanned continuously for known vulnerabilities, and critical findings are fixed or formally accepted.',
    implementation: 'trivy-operator scans every running workload and exports the findings as Prometheus metrics and VulnerabilityReports.',
    remediation: 'Rebuild the affected images on a patched base image and redeploy, or record a waiver with an owner and an expiry.',
    checks: runtimeVulnerabilityChecks,
  },
  {
    id: 'T1.REGISTRY-SCAN',
    sectionId: '3',
    group: 'Table 1: CVE service',
    title: 'The registry scans every image it stores',
    requirement: 'Images are scanned for known vulnerabilities as they are pushed to the registry.',
    implementation: 'Harbor scans with Trivy; automatic scan on push is a per-project setting.',
    remediation: 'Enable "Automatically scan images on push" in each Harbor project.',
    checks: [
      {
        id: 'harbor-auto-scan',
        source: 'harbor',
        query: 'GET /api/v2.0/projects?page=N&page_size=100 → metadata.auto_scan',
        rule: 'Every project has auto_scan "true".',
        run: async (context): Promise<CheckOutcome> => {
          const projects = await context.sources.harborProjects();
          if (projects.length === 0) {
            return { status: 'unknown', summary: 'Harbor lists no projects: check the account’s permissions', excerpt: { checkedProjects: 0 } };
          }
          const offenders: Offender[] = projects.filter((project) => !project.isAutoScanOn).map((project) => ({ object: `project ${project.name}`, reason: 'auto_scan is off' }));
          const excerpt = { checkedProjects: projects.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(projects.length, 'Harbor project')} scan on push`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(projects.length, 'Harbor project')} do not scan on push`, excerpt };
        },
      },
    ],
  },
  {
    id: 'T1.HOST',
    sectionId: '3',
    group: 'Table 1: Host-based security',
    title: 'Nodes are patched and rebooted',
    requirement: 'Nodes receive security updates and are rebooted (or replaced) promptly so that the updates take effect.',
    implementation: 'Kured reboots nodes that need it after unattended upgrades (Kubespray installs); Cluster API installs replace nodes instead.',
    remediation: 'Enable kured, or roll the nodes; investigate nodes that have not rebooted within the limit.',
    checks: hostChecks,
  },
  {
    id: 'T1.ARTIFACT-REPO',
    sectionId: '3',
    group: 'Table 1: Artifact repository',
    title: 'A healthy, access-controlled artifact repository',
    requirement: 'Images and other artifacts live in a registry the organisation controls, that is healthy and signs users in centrally.',
    implementation: 'Harbor is the container registry of Compliant Kubernetes; users sign in through Dex (OIDC).',
    remediation: 'Repair the unhealthy Harbor components; set the authentication mode to OIDC; take Harbor out of read-only mode after maintenance.',
    checks: [
      {
        id: 'harbor-health',
        source: 'harbor',
        query: 'GET /api/v2.0/health → status, components[].status',
        rule: 'Harbor and all its components report healthy.',
        run: async (context): Promise<CheckOutcome> => {
          const health = await context.sources.harborHealth();
          const offenders: Offender[] = health.components.filter((component) => component.status !== 'healthy').map((component) => ({ object: `component ${component.name}`, reason: component.status }));
          const excerpt = { status: health.status, components: health.components.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return health.status === 'healthy' && offenders.length === 0
            ? { status: 'pass', summary: `Harbor is healthy (${countPhrase(health.components.length, 'component')})`, excerpt }
            : { status: 'fail', summary: `Harbor is ${health.status}${offenders.length > 0 ? `: ${offenders.map((offender) => offender.object.replace('component ', '')).join(', ')} unhealthy` : ''}`, excerpt };
        },
      },
      {
        id: 'harbor-system-info',
        source: 'harbor',
        query: 'GET /api/v2.0/systeminfo → harbor_version, auth_mode, read_only',
        rule: 'Harbor signs users in with the expected mode (default oidc_auth) and is not read-only.',
        run: async (context): Promise<CheckOutcome> => {
          const info = await context.sources.harborSystemInfo();
          const expected = context.settings.harborAuthMode;
          const excerpt = { harborVersion: info.harborVersion, authMode: info.authMode, readOnly: info.isReadOnly, expectedAuthMode: expected };
          if (info.isReadOnly) return { status: 'warn', summary: `Harbor ${info.harborVersion} is in read-only mode`, excerpt };
          return info.authMode === expected
            ? { status: 'pass', summary: `Harbor ${info.harborVersion} signs users in with ${info.authMode}`, excerpt }
            : { status: 'warn', summary: `Harbor ${info.harborVersion} uses ${info.authMode || 'an unknown mode'}, not ${expected}`, excerpt };
        },
      },
    ],
  },
];
