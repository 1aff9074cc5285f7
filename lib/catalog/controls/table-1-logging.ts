import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import { instantQuery, label } from '../checks/prometheus';
import { capOffenders, countPhrase } from '../offenders';
import type { ControlDefinition } from '../types';

// Section 3, Table 1, the logging rows: agent, storage and retrieval, visualisation — and the
// tamper-proof storage Compliant Kubernetes adds by keeping logs in the management cluster.

const REQUIRED_LOG_ALIASES = ['kubernetes', 'kubeaudit', 'authlog', 'other'];
// How old the newest document of an alias may be before silence means logs are lost; `other` may be quiet.
const LOG_FRESHNESS = [
  { alias: 'kubernetes', maxAgeHours: 1 },
  { alias: 'kubeaudit', maxAgeHours: 1 },
  { alias: 'authlog', maxAgeHours: 24 },
];
const FLUENTD_UP_QUERY = 'up{job=~"fluentd.*"}';
const FLUENTD_ERRORS_QUERY = 'sum by (instance) (increase(fluentd_output_status_num_errors[10m]))';
const FLUENTD_BUFFER_QUERY = 'min by (instance) (fluentd_output_status_buffer_available_space_ratio)';
const LOG_SNAPSHOT_AGE_QUERY = 'time() - max(elasticsearch_snapshot_stats_snapshot_start_time_timestamp{state="SUCCESS"})';
const DAY_MS = 86_400_000;

const isLogAgent = (name: string) => /fluent(d|-bit)/.test(name);

export const table1LoggingControls: ControlDefinition[] = [
  {
    id: 'T1.LOG-AGENT',
    sectionId: '3',
    group: 'Table 1: Logging agent',
    title: 'A logging agent forwards all logs',
    requirement: 'An agent on every node collects container, audit and system logs and forwards them to central storage without loss.',
    implementation: 'Fluentd runs as a DaemonSet on every node and forwards everything to OpenSearch.',
    remediation: 'Get the fluentd pods ready on every node; look at the output errors and free buffer space (a full buffer drops logs).',
    checks: [
      {
        id: 'fluentd-daemonset-ready',
        source: 'kubernetes',
        query: 'GET /apis/apps/v1/daemonsets → fluentd/fluent-bit: status.numberReady vs status.desiredNumberScheduled',
        rule: 'A fluentd (or fluent-bit) DaemonSet exists and is ready on every node it is scheduled to.',
        run: async (context): Promise<CheckOutcome> => {
          const agents = (await context.sources.workloads()).filter((workload) => workload.kind === 'DaemonSet' && isLogAgent(workload.name));
          if (agents.length === 0) return { status: 'fail', summary: 'No fluentd or fluent-bit DaemonSet: logs are not collected', excerpt: { daemonSets: 0 } };
          const offenders: Offender[] = agents
            .filter((agent) => agent.ready < agent.desired)
            .map((agent) => ({ object: `${agent.namespace}/${agent.name}`, reason: `${agent.ready} of ${agent.desired} ready` }));
          const excerpt = { daemonSets: agents.map((agent) => ({ name: `${agent.namespace}/${agent.name}`, desired: agent.desired, ready: agent.ready })), ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `Log agents are ready on every node (${agents.map((agent) => `${agent.ready}/${agent.desired}`).join(', ')})`, excerpt }
            : { status: 'fail', summary: `Log agents are missing on some nodes: ${offenders.map((offender) => `${offender.object} ${offender.reason}`).join(', ')}`, excerpt };
        },
      },
      {
        id: 'fluentd-targets-up',
        source: 'prometheus',
        query: FLUENTD_UP_QUERY,
        rule: 'Every fluentd scrape target is up.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, FLUENTD_UP_QUERY);
          if (samples.length === 0) return { status: 'unknown', summary: 'Prometheus scrapes no fluentd target', excerpt: { targets: 0, warnings } };
          const offenders: Offender[] = samples.filter((sample) => sample.value !== 1).map((sample) => ({ object: `target ${label(sample, 'instance')}`, reason: 'down' }));
          const excerpt = { targets: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(samples.length, 'fluentd target')} are up`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'fluentd target')} are down`, excerpt };
        },
      },
      {
        id: 'fluentd-output-errors',
        source: 'prometheus',
        query: FLUENTD_ERRORS_QUERY,
        rule: 'No fluentd output errors in the last 10 minutes.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, FLUENTD_ERRORS_QUERY);
          if (samples.length === 0) return { status: 'unknown', summary: 'No fluentd_output_status_num_errors series', excerpt: { series: 0, warnings } };
          const offenders: Offender[] = samples.filter((sample) => sample.value > 0).map((sample) => ({ object: `fluentd ${label(sample, 'instance')}`, reason: `${Math.round(sample.value)} output errors in 10 min` }));
          const excerpt = { series: samples.length, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: 'No fluentd output errors in the last 10 minutes', excerpt }
            : { status: 'fail', summary: `${countPhrase(offenders.length, 'fluentd instance')} failed to deliver logs in the last 10 minutes`, excerpt };
        },
      },
      {
        id: 'fluentd-buffer-space',
        source: 'prometheus',
        query: FLUENTD_BUFFER_QUERY,
        rule: 'Every fluentd output buffer keeps more than the configured share free (default 50 %).',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, FLUENTD_BUFFER_QUERY);
          if (samples.length === 0) return { status: 'unknown', summary: 'No fluentd_output_status_buffer_available_space_ratio series', excerpt: { series: 0, warnings } };
          const minimum = context.settings.minFluentdBufferFreePercent;
          const offenders: Offender[] = samples.filter((sample) => sample.value <= minimum).map((sample) => ({ object: `fluentd ${label(sample, 'instance')}`, reason: `${Math.round(sample.value)} % buffer free` }));
          const excerpt = { series: samples.length, minimumFreePercent: minimum, warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `Every fluentd buffer has more than ${minimum} % free`, excerpt }
            : { status: 'warn', summary: `${countPhrase(offenders.length, 'fluentd buffer')} at or below ${minimum} % free: logs back up`, excerpt };
        },
      },
    ],
  },
  {
    id: 'T1.LOG-TAMPERPROOF',
    sectionId: '3',
    group: 'Table 1: Logging agent (tamper-proof storage)',
    title: 'Logs are stored where workloads cannot rewrite them',
    requirement: 'Logs leave the cluster they describe, so that an attacker in a workload cannot alter or delete the record of what they did.',
    implementation:
      'In Compliant Kubernetes the workload cluster ships its logs to OpenSearch in the separate management cluster; nothing in the workload cluster can modify them there.',
    remediation: 'Configure clusters in REFMAP_CONFIG with their roles, and point the workload cluster’s log forwarding at the management cluster’s OpenSearch.',
    checks: [
      {
        id: 'logs-stored-outside-cluster',
        source: 'opensearch',
        query: 'configuration: the cluster whose OpenSearch holds this cluster’s logs; GET /_cluster/health (reachable)',
        rule: 'For a workload cluster, the log store belongs to a different (management) cluster; otherwise a warning.',
        run: async (context): Promise<CheckOutcome> => {
          // reading the store proves Refmap looks at the store the configuration names
          const health = await context.sources.openSearchHealth();
          const cluster = context.cluster;
          const excerpt = { cluster: cluster?.name ?? null, role: cluster?.role ?? null, logsStoredIn: cluster?.logsStoredIn ?? null, logStoreStatus: health.status };
          if (cluster?.role === 'workload' && cluster.logsStoredIn && cluster.logsStoredIn !== cluster.name) {
            return { status: 'pass', summary: `Logs are stored in cluster ${cluster.logsStoredIn}, outside this workload cluster`, excerpt };
          }
          if (cluster?.role === 'management') {
            return { status: 'pass', summary: 'This is the management cluster: it holds the log store itself, apart from workloads', excerpt };
          }
          return { status: 'warn', summary: 'The configuration does not show that logs leave this cluster: declare cluster roles to prove it', excerpt };
        },
      },
    ],
  },
  {
    id: 'T1.LOG-STORE',
    sectionId: '3',
    group: 'Table 1: Logging storage and retrieval',
    title: 'Log storage and retrieval',
    requirement: 'Logs from the platform and its workloads are stored centrally and can be searched.',
    implementation: 'OpenSearch in the management cluster stores application, audit and authentication logs behind write aliases.',
    remediation: 'Bring the OpenSearch cluster back to green and make sure the write aliases exist (the opensearch configurer creates them).',
    checks: [
      {
        id: 'opensearch-health',
        source: 'opensearch',
        query: 'GET /_cluster/health → status',
        rule: 'Cluster health is green (yellow is a warning, red a failure).',
        run: async (context): Promise<CheckOutcome> => {
          const health = await context.sources.openSearchHealth();
          const excerpt = { status: health.status, numberOfNodes: health.numberOfNodes };
          const status = health.status === 'green' ? 'pass' : health.status === 'yellow' ? 'warn' : 'fail';
          return { status, summary: `OpenSearch cluster health is ${health.status} (${countPhrase(health.numberOfNodes, 'node')})`, excerpt };
        },
      },
      {
        id: 'opensearch-log-aliases',
        source: 'opensearch',
        query: 'GET /_cat/aliases?format=json → aliases kubernetes, kubeaudit, authlog, other',
        rule: 'Each of the write aliases kubernetes, kubeaudit, authlog and other exists.',
        run: async (context): Promise<CheckOutcome> => {
          const aliases = new Set((await context.sources.openSearchAliases()).map((row) => row.alias));
          const missing = REQUIRED_LOG_ALIASES.filter((alias) => !aliases.has(alias));
          const excerpt = { required: REQUIRED_LOG_ALIASES, missing };
          return missing.length === 0
            ? { status: 'pass', summary: 'All four log aliases exist', excerpt }
            : { status: 'fail', summary: `Missing log aliases: ${missing.join(', ')}`, excerpt };
        },
      },
      {
        id: 'logs-written-recently',
        source: 'opensearch',
        query: 'POST /{kubernetes*,kubeaudit*,authlog*}/_search {size: 0, aggs: {latest: {max: {field: "@timestamp"}}}}',
        rule: 'kubernetes and kubeaudit received a document within the last hour, authlog within the last day (sign-ins can be rare).',
        run: async (context): Promise<CheckOutcome> => {
          const nowMs = context.now.getTime();
          const latest = await Promise.all(
            LOG_FRESHNESS.map(async ({ alias, maxAgeHours }) => ({ alias, maxAgeHours, latest: await context.sources.latestDocumentTime(`${alias}*`) })),
          );
          const offenders: Offender[] = latest
            .filter(({ maxAgeHours, latest: time }) => time === null || Date.parse(time) < nowMs - maxAgeHours * 3_600_000)
            .map(({ alias, maxAgeHours, latest: time }) => ({ object: `alias ${alias}`, reason: time === null ? 'no documents' : `newest document at ${time}, older than ${maxAgeHours} h` }));
          const excerpt = { latest: latest.map(({ alias, latest: time }) => ({ alias, latest: time })), ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: 'Logs keep arriving in the kubernetes, kubeaudit and authlog aliases', excerpt }
            : { status: 'fail', summary: `No recent logs in ${offenders.map((offender) => offender.object.replace('alias ', '')).join(', ')}`, excerpt };
        },
      },
    ],
  },
  {
    id: 'T1.LOG-RETENTION',
    sectionId: '3',
    group: 'Table 1: Logging storage and retrieval (retention)',
    title: 'Logs are retained and backed up',
    requirement: 'Logs are kept for the agreed period, removed after it by policy, and backed up so that losing the store does not lose the record.',
    implementation: 'OpenSearch Index State Management rolls over and deletes indices by age; OpenSearch snapshots back the indices up to object storage.',
    remediation: 'Install ISM policies for the log indices, make sure indices reach back the retention period, and fix the snapshot schedule.',
    checks: [
      {
        id: 'ism-policies',
        source: 'opensearch',
        query: 'GET /_plugins/_ism/policies → policy ids, ism_template index patterns, delete transitions',
        rule: 'At least one ISM policy applies to the kubernetes log indices.',
        run: async (context): Promise<CheckOutcome> => {
          const policies = await context.sources.ismPolicies();
          const covering = policies.filter((policy) => policy.indexPatterns.some((pattern) => pattern.startsWith('kubernetes')));
          const excerpt = { policies: policies.map((policy) => ({ id: policy.id, indexPatterns: policy.indexPatterns, deleteAfterDays: policy.deleteAfterDays ?? null })) };
          if (policies.length === 0) return { status: 'fail', summary: 'No ISM policy: log indices are never rolled over or deleted', excerpt };
          return covering.length > 0
            ? { status: 'pass', summary: `${countPhrase(policies.length, 'ISM policy', 'ISM policies')}, covering the kubernetes indices`, excerpt }
            : { status: 'warn', summary: `${countPhrase(policies.length, 'ISM policy', 'ISM policies')}, none for the kubernetes indices`, excerpt };
        },
      },
      {
        id: 'oldest-log-index',
        source: 'opensearch',
        query: 'GET /_cat/indices?format=json&h=index,creation.date.string,docs.count → oldest index per log alias',
        rule: 'The oldest index of each log alias reaches back at least the retention period (default 30 days).',
        run: async (context): Promise<CheckOutcome> => {
          const indices = await context.sources.openSearchIndices();
          const requiredDays = context.settings.logRetentionDays;
          const offenders: Offender[] = [];
          const oldest: { alias: string; oldest: string | null; days: number | null }[] = [];
          for (const alias of REQUIRED_LOG_ALIASES) {
            const dates = indices.filter((index) => index.index.startsWith(alias) && index.creationDate).map((index) => Date.parse(index.creationDate!));
            const first = dates.length > 0 ? Math.min(...dates) : undefined;
            const days = first === undefined ? null : Math.floor((context.now.getTime() - first) / DAY_MS);
            oldest.push({ alias, oldest: first === undefined ? null : new Date(first).toISOString(), days });
            if (days === null || days < requiredDays) offenders.push({ object: `alias ${alias}`, reason: days === null ? 'no index' : `oldest index is ${days} days old` });
          }
          const excerpt = { requiredDays, oldest, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `Every log alias reaches back at least ${requiredDays} days`, excerpt }
            : { status: 'warn', summary: `${countPhrase(offenders.length, 'log alias', 'log aliases')} reach back less than ${requiredDays} days (new cluster, or retention too short)`, excerpt };
        },
      },
      {
        id: 'log-snapshot-age',
        source: 'prometheus',
        query: LOG_SNAPSHOT_AGE_QUERY,
        rule: 'The newest successful OpenSearch snapshot is younger than the limit (default 24 h).',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, LOG_SNAPSHOT_AGE_QUERY);
          const ageSeconds = samples[0]?.value;
          if (ageSeconds === undefined || Number.isNaN(ageSeconds)) {
            return { status: 'unknown', summary: 'No successful OpenSearch snapshot is reported (elasticsearch_snapshot_stats_* missing)', excerpt: { warnings } };
          }
          const hours = ageSeconds / 3600;
          const limit = context.settings.maxLogSnapshotAgeHours;
          const excerpt = { ageHours: Math.round(hours * 10) / 10, limitHours: limit, warnings };
          return hours < limit
            ? { status: 'pass', summary: `Last successful log snapshot ${Math.round(hours)} h ago`, excerpt }
            : { status: 'fail', summary: `Last successful log snapshot ${Math.round(hours)} h ago (limit ${limit} h)`, excerpt };
        },
      },
    ],
  },
  {
    id: 'T1.LOG-VIZ',
    sectionId: '3',
    group: 'Table 1: Log visualisation and analysis',
    title: 'Logs can be visualised and analysed',
    requirement: 'People can explore, chart and analyse the stored logs, not only retrieve them.',
    implementation: 'OpenSearch Dashboards comes with index patterns for the kubernetes, kubeaudit and authlog indices.',
    remediation: 'Deploy OpenSearch Dashboards against the log store and create the index patterns.',
    checks: [
      {
        id: 'dashboards-system-index',
        source: 'opensearch',
        query: 'GET /_cat/indices?format=json → .opensearch_dashboards* or .kibana* system index',
        rule: 'OpenSearch Dashboards has its system index in the log store (it stores index patterns and dashboards there).',
        run: async (context): Promise<CheckOutcome> => {
          const indices = await context.sources.openSearchIndices();
          const dashboards = indices.filter((index) => index.index.startsWith('.opensearch_dashboards') || index.index.startsWith('.kibana'));
          const excerpt = { dashboardsIndices: dashboards.map((index) => index.index) };
          return dashboards.length > 0
            ? { status: 'pass', summary: `OpenSearch Dashboards stores its objects in ${dashboards[0]!.index}`, excerpt }
            : { status: 'warn', summary: 'No OpenSearch Dashboards system index: logs can be searched but not visualised', excerpt };
        },
      },
    ],
  },
];
