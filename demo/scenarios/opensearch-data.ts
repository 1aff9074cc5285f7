import { randomFor } from '../random';
import type { LogAlias, LogStream, OpenSearchData, OpenSearchIndex } from '../types';
import { type ClusterModel, DAY_MS, HOUR_MS, MINUTE_MS } from './cluster-model';

/**
 * The log store of the demo (OpenSearch in the management cluster): daily rollover indices
 * behind the four write aliases, ISM policies, and log streams that stand in for documents.
 */

export const LOG_ALIASES: readonly LogAlias[] = ['kubernetes', 'kubeaudit', 'authlog', 'other'];

/** Days of indices kept per alias (the ISM policies delete after 30 days). */
const RETENTION_DAYS = 30;

export function buildOpenSearchData(model: ClusterModel): OpenSearchData {
  const seed = model.scale.seed;
  const isGreen = model.profile.opensearchStatus === 'green';
  const indices = buildIndices(model, isGreen);
  const oldestMs = Math.min(...indices.map((index) => index.createdMs));
  const primaries = indices.reduce((sum, index) => sum + index.primaries, 0);
  const replicas = indices.reduce((sum, index) => sum + index.primaries * index.replicas, 0);
  const random = randomFor(seed, 'opensearch');
  return {
    info: {
      name: 'opensearch-master-0',
      cluster_name: 'opensearch',
      cluster_uuid: random.nameSuffix(22),
      version: {
        distribution: 'opensearch',
        number: '2.18.0',
        build_type: 'tar',
        build_hash: random.hex(40),
        build_date: '2024-11-05T16:31:02.581950421Z',
        build_snapshot: false,
        lucene_version: '9.12.0',
        minimum_wire_compatibility_version: '7.10.0',
        minimum_index_compatibility_version: '7.0.0',
      },
      tagline: 'The OpenSearch Project: https://opensearch.org/',
    },
    health: {
      cluster_name: 'opensearch',
      status: isGreen ? 'green' : 'yellow',
      timed_out: false,
      number_of_nodes: 3,
      number_of_data_nodes: 2,
      discovered_master: true,
      discovered_cluster_manager: true,
      active_primary_shards: primaries,
      active_shards: isGreen ? primaries + replicas : primaries,
      relocating_shards: 0,
      initializing_shards: 0,
      unassigned_shards: isGreen ? 0 : replicas,
      delayed_unassigned_shards: 0,
      number_of_pending_tasks: 0,
      number_of_in_flight_fetch: 0,
      task_max_waiting_in_queue_millis: 0,
      active_shards_percent_as_number: isGreen ? 100 : Math.round((primaries / (primaries + replicas)) * 1000) / 10,
    },
    indices,
    policies: LOG_ALIASES.map((alias) => ismPolicy(alias, model.clusterCreatedMs)),
    streams: buildStreams(model, oldestMs),
  };
}

/**
 * Daily rollover a few seconds after midnight; the indices of the last 30 days are kept, and the
 * oldest one (just over 30 days old) is due for deletion at ISM's next run.
 */
function buildIndices(model: ClusterModel, isGreen: boolean): OpenSearchIndex[] {
  const indices: OpenSearchIndex[] = [];
  const phaseMs = randomFor(model.scale.seed, 'rollover-phase').int(2, 40) * 1000;
  const lastRolloverMs = Math.floor((model.nowMs - phaseMs) / DAY_MS) * DAY_MS + phaseMs;
  for (const alias of LOG_ALIASES) {
    const aliasIndices: OpenSearchIndex[] = [];
    for (let age = RETENTION_DAYS; age >= 0; age -= 1) {
      const createdMs = lastRolloverMs - age * DAY_MS;
      const generation = RETENTION_DAYS - age + 1;
      const day = new Date(createdMs).toISOString().slice(0, 10).replaceAll('-', '.');
      aliasIndices.push({
        name: `${alias}-default-${day}-${String(generation).padStart(6, '0')}`,
        alias,
        uuid: randomFor(model.scale.seed, `index:${alias}:${createdMs}`).nameSuffix(22),
        createdMs,
        isWriteIndex: age === 0,
        primaries: 1,
        replicas: 1,
        health: isGreen ? 'green' : 'yellow',
      });
    }
    aliasIndices.forEach((index, position) => {
      index.nextCreatedMs = aliasIndices[position + 1]?.createdMs;
    });
    indices.push(...aliasIndices);
  }
  return indices.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function ismPolicy(alias: LogAlias, createdMs: number): Record<string, unknown> {
  const retry = { count: 3, backoff: 'exponential', delay: '1m' };
  return {
    _id: alias,
    _seq_no: 0,
    _primary_term: 1,
    policy: {
      policy_id: alias,
      description: `Roll ${alias} indices over daily and delete them after ${RETENTION_DAYS} days`,
      last_updated_time: createdMs,
      schema_version: 21,
      error_notification: null,
      default_state: 'hot',
      states: [
        {
          name: 'hot',
          actions: [{ retry, rollover: { min_index_age: '1d', min_primary_shard_size: '1gb', copy_alias: false } }],
          transitions: [{ state_name: 'delete', conditions: { min_index_age: `${RETENTION_DAYS}d` } }],
        },
        { name: 'delete', actions: [{ retry, delete: {} }], transitions: [] },
      ],
      ism_template: [{ index_patterns: [`${alias}-*`], priority: 100, last_updated_time: createdMs }],
    },
  };
}

function buildStreams(model: ClusterModel, oldestMs: number): LogStream[] {
  const seed = model.scale.seed;
  const streams: LogStream[] = [];
  const stoppedByNamespace = new Map(model.namespaces.map((namespace) => [namespace.name, namespace.logsStoppedMs]));
  for (const pod of model.pods) {
    const random = randomFor(seed, `log-stream:${pod.namespace}/${pod.name}`);
    const container = pod.workload.containers[0];
    const containerName = container?.name ?? pod.workload.name;
    const fields = {
      'kubernetes.namespace_name': pod.namespace,
      'kubernetes.pod_name': pod.name,
      'kubernetes.container_name': containerName,
      'kubernetes.host': pod.nodeName,
      stream: 'stdout',
    };
    const lines = LOG_LINES[random.int(0, LOG_LINES.length - 1)] ?? [];
    streams.push({
      alias: 'kubernetes',
      fields,
      firstMs: Math.max(pod.createdMs, oldestMs) + random.int(1, 30) * 1000,
      intervalMs: (pod.workload.isSystem ? random.int(10, 60) : random.int(20, 120)) * 1000,
      lastMs: stoppedByNamespace.get(pod.namespace),
      document: (index, timestampMs) => ({
        '@timestamp': new Date(timestampMs).toISOString(),
        kubernetes: { namespace_name: pod.namespace, pod_name: pod.name, container_name: containerName, host: pod.nodeName },
        stream: 'stdout',
        log: lines[index % lines.length] ?? 'ok',
      }),
    });
  }
  const falcoPodOnNode = new Map(model.pods.filter((pod) => pod.workload.name === 'falco').map((pod) => [pod.nodeName, pod.name]));
  for (const event of model.falcoEvents) {
    const falcoPod = falcoPodOnNode.get(event.nodeName) ?? 'falco';
    const output = `${event.priority} ${event.rule} (user=root user_loginuid=-1 process=sh container_id=${randomFor(seed, `falco:${event.podName}`).hex(12)} k8s_ns=${event.namespace} k8s_pod=${event.podName})`;
    streams.push({
      alias: 'kubernetes',
      fields: {
        'kubernetes.namespace_name': 'falco',
        'kubernetes.pod_name': falcoPod,
        'kubernetes.container_name': 'falco',
        'kubernetes.host': event.nodeName,
        rule: event.rule,
        priority: event.priority,
        source: 'syscall',
        'output_fields.k8s.ns.name': event.namespace,
        'output_fields.k8s.pod.name': event.podName,
      },
      firstMs: Math.max(event.firstMs, oldestMs),
      intervalMs: event.intervalMs,
      document: (_index, timestampMs) => ({
        '@timestamp': new Date(timestampMs).toISOString(),
        kubernetes: { namespace_name: 'falco', pod_name: falcoPod, container_name: 'falco', host: event.nodeName },
        rule: event.rule,
        priority: event.priority,
        source: 'syscall',
        output: `${new Date(timestampMs).toISOString()}: ${output}`,
        output_fields: { 'k8s.ns.name': event.namespace, 'k8s.pod.name': event.podName },
      }),
    });
  }
  const auditSources = [
    { verb: 'get', user: 'system:serviceaccount:argocd:argocd-application-controller', resource: 'deployments', intervalMs: 2000 },
    { verb: 'list', user: 'system:kube-controller-manager', resource: 'pods', intervalMs: 5000 },
    { verb: 'update', user: 'system:serviceaccount:gatekeeper-system:gatekeeper-admin', resource: 'k8sallowedrepos', intervalMs: 60_000 },
    { verb: 'create', user: 'jane.doe@example.com', resource: 'pods/exec', intervalMs: 4 * HOUR_MS },
  ];
  for (const source of auditSources) {
    streams.push({
      alias: 'kubeaudit',
      fields: { verb: source.verb, 'user.username': source.user, 'objectRef.resource': source.resource, stage: 'ResponseComplete' },
      firstMs: oldestMs + 5000,
      intervalMs: source.intervalMs,
      document: (index, timestampMs) => ({
        '@timestamp': new Date(timestampMs).toISOString(),
        auditID: randomFor(seed, `audit:${source.user}:${index}`).uuid(),
        stage: 'ResponseComplete',
        verb: source.verb,
        user: { username: source.user },
        objectRef: { resource: source.resource, apiVersion: 'v1' },
        responseStatus: { code: 200 },
      }),
    });
  }
  for (const node of model.nodes) {
    streams.push({
      alias: 'authlog',
      fields: { host: node.name, ident: 'sshd' },
      firstMs: oldestMs + 60_000,
      intervalMs: 6 * HOUR_MS,
      document: (_index, timestampMs) => ({
        '@timestamp': new Date(timestampMs).toISOString(),
        host: node.name,
        ident: 'sshd',
        message: 'Accepted publickey for ubuntu from 10.0.10.2 port 51522 ssh2',
      }),
    });
    streams.push({
      alias: 'other',
      fields: { host: node.name, ident: 'systemd' },
      firstMs: oldestMs + 90_000,
      intervalMs: 5 * MINUTE_MS,
      document: (_index, timestampMs) => ({
        '@timestamp': new Date(timestampMs).toISOString(),
        host: node.name,
        ident: 'systemd',
        message: 'Started logrotate.service - Rotate log files.',
      }),
    });
  }
  return streams;
}

const LOG_LINES: readonly (readonly string[])[] = [
  ['GET /healthz 200 1ms', 'GET /api/v1/items 200 12ms', 'POST /api/v1/orders 201 48ms', 'GET /api/v1/items/42 404 3ms'],
  ['{"level":"info","msg":"request handled","status":200}', '{"level":"info","msg":"cache refreshed","entries":512}', '{"level":"warn","msg":"slow query","ms":812}'],
  ['level=info msg="reconciling" object=default', 'level=info msg="reconciled" duration=34ms', 'level=error msg="retrying" attempt=2'],
];
