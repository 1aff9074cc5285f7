import { randomFor } from '../random';
import type { KubeObject, KubeObjectMeta, KubeResource, KubernetesData } from '../types';
import {
  type ClusterModel,
  type ContainerModel,
  DAY_MS,
  HOUR_MS,
  type ImageModel,
  type NamespaceModel,
  type NodeModel,
  type PodModel,
  type WorkloadModel,
  compareText,
} from './cluster-model';
import { CONSTRAINTS, type ConstraintViolation, computeViolations, lastAuditRunMs } from './gatekeeper';
import { KUBERNETES_VERSION } from './names';
import { CONSTRAINT_KINDS } from './scenario-profile';
import { scannedContainers } from './trivy';

/**
 * Turns the cluster model into Kubernetes objects exactly as the API server returns them in JSON
 * (RFC 3339 timestamps without fractions, omitted empty fields, controller owner references).
 */

/** Gatekeeper lists at most this many violations per constraint (its --constraint-violations-limit default). */
const VIOLATIONS_LIMIT = 20;

export function buildKubernetesData(model: ClusterModel): KubernetesData {
  return new KubernetesObjectsBuilder(model).build();
}

function kubeTimestamp(timeMs: number): string {
  return `${new Date(timeMs).toISOString().slice(0, 19)}Z`;
}

class KubernetesObjectsBuilder {
  private resourceVersion = 41_000_000;
  private readonly seed: number;
  private readonly nodesByName: Map<string, NodeModel>;

  constructor(private readonly model: ClusterModel) {
    this.seed = model.scale.seed;
    this.nodesByName = new Map(model.nodes.map((node) => [node.name, node]));
  }

  build(): KubernetesData {
    const model = this.model;
    const core = (plural: string, kind: string, namespaced: boolean, items: KubeObject[]): KubeResource => ({
      group: '',
      version: 'v1',
      plural,
      kind,
      namespaced,
      items: sortObjects(items),
      isCustomResource: false,
    });
    const grouped = (group: string, version: string, plural: string, kind: string, namespaced: boolean, items: KubeObject[], isCustomResource: boolean): KubeResource => ({
      group,
      version,
      plural,
      kind,
      namespaced,
      items: sortObjects(items),
      isCustomResource,
    });
    const violations = computeViolations(model);
    const deployments = model.workloads.filter((workload) => workload.kind === 'Deployment');
    const resources: KubeResource[] = [
      core('namespaces', 'Namespace', false, model.namespaces.map((namespace) => this.namespace(namespace))),
      core('nodes', 'Node', false, model.nodes.map((node) => this.node(node))),
      core('pods', 'Pod', true, model.pods.map((pod) => this.pod(pod))),
      grouped('apps', 'v1', 'deployments', 'Deployment', true, deployments.map((workload) => this.deployment(workload)), false),
      grouped('apps', 'v1', 'replicasets', 'ReplicaSet', true, deployments.map((workload) => this.replicaSet(workload)), false),
      grouped('apps', 'v1', 'daemonsets', 'DaemonSet', true, model.workloads.filter((workload) => workload.kind === 'DaemonSet').map((workload) => this.daemonSet(workload)), false),
      grouped('apps', 'v1', 'statefulsets', 'StatefulSet', true, model.workloads.filter((workload) => workload.kind === 'StatefulSet').map((workload) => this.statefulSet(workload)), false),
      grouped('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false, this.clusterRoleBindings(), false),
      grouped('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy', true, this.networkPolicies(), false),
      grouped('templates.gatekeeper.sh', 'v1', 'constrainttemplates', 'ConstraintTemplate', false, CONSTRAINT_KINDS.map((kind) => this.constraintTemplate(kind)), true),
      ...CONSTRAINT_KINDS.map((kind) =>
        grouped('constraints.gatekeeper.sh', 'v1beta1', kind.toLowerCase(), kind, false, [this.constraint(kind, violations[kind])], true),
      ),
      grouped('aquasecurity.github.io', 'v1alpha1', 'vulnerabilityreports', 'VulnerabilityReport', true, this.vulnerabilityReports(), true),
      grouped('aquasecurity.github.io', 'v1alpha1', 'exposedsecretreports', 'ExposedSecretReport', true, this.exposedSecretReports(), true),
      grouped('aquasecurity.github.io', 'v1alpha1', 'clustercompliancereports', 'ClusterComplianceReport', false, this.complianceReports(), true),
      grouped('argoproj.io', 'v1alpha1', 'applications', 'Application', true, this.argoApplications(), true),
      grouped('crd.projectcalico.org', 'v1', 'felixconfigurations', 'FelixConfiguration', false, [this.felixConfiguration()], true),
    ];
    return {
      version: {
        major: '1',
        minor: KUBERNETES_VERSION.split('.')[1] ?? '31',
        gitVersion: KUBERNETES_VERSION,
        gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
        gitTreeState: 'clean',
        buildDate: '2024-12-10T11:36:53Z',
        goVersion: 'go1.22.9',
        compiler: 'gc',
        platform: 'linux/amd64',
      },
      resourceVersion: String(this.resourceVersion),
      resources,
    };
  }

  /** Object metadata; `uid` defaults to one derived from `key` (objects of the model bring their own). */
  private meta(key: string, init: { name: string; namespace?: string; uid?: string; createdMs: number; labels?: Record<string, string>; annotations?: Record<string, string>; generation?: number }): KubeObjectMeta {
    // resource versions grow in uneven steps, like etcd revisions shared by all kinds
    this.resourceVersion += 1 + ((this.resourceVersion * 7919) % 37);
    const meta: KubeObjectMeta = {
      name: init.name,
      uid: init.uid ?? randomFor(this.seed, `uid:${key}`).uuid(),
      resourceVersion: String(this.resourceVersion),
      creationTimestamp: kubeTimestamp(init.createdMs),
    };
    if (init.namespace !== undefined) meta.namespace = init.namespace;
    if (init.generation !== undefined) meta.generation = init.generation;
    if (init.labels !== undefined) meta.labels = init.labels;
    if (init.annotations !== undefined) meta.annotations = init.annotations;
    return meta;
  }

  // ---------- core ----------

  private namespace(namespace: NamespaceModel): KubeObject {
    const labels: Record<string, string> = { 'kubernetes.io/metadata.name': namespace.name };
    if (namespace.podSecurity !== null) {
      labels['pod-security.kubernetes.io/enforce'] = namespace.podSecurity;
      labels['pod-security.kubernetes.io/enforce-version'] = 'latest';
    }
    if (!namespace.isSystem) {
      labels['pod-security.kubernetes.io/audit'] = 'restricted';
      labels['pod-security.kubernetes.io/warn'] = 'restricted';
    }
    const metadata = this.meta(`namespace:${namespace.name}`, { name: namespace.name, uid: namespace.uid, createdMs: namespace.createdMs, labels });
    return { metadata, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
  }

  private node(node: NodeModel): KubeObject {
    const isControlPlane = node.role === 'control-plane';
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': node.name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': isControlPlane ? 'v2-c2-m4-d80' : 'v2-c4-m16-d120',
      'topology.kubernetes.io/region': 'se-sto',
      'topology.kubernetes.io/zone': `se-sto-${['a', 'b', 'c'][node.name.length % 3] ?? 'a'}`,
    };
    if (isControlPlane) labels['node-role.kubernetes.io/control-plane'] = '';
    const annotations: Record<string, string> = {
      'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
      'node.alpha.kubernetes.io/ttl': '0',
      'projectcalico.org/IPv4Address': `${node.internalIp}/24`,
      'projectcalico.org/IPv4VXLANTunnelAddr': node.wireguardAddress.replace(/\.1$/, '.0'),
      'projectcalico.org/IPv4WireguardInterfaceAddr': node.wireguardAddress,
      'projectcalico.org/WireguardPublicKey': randomFor(this.seed, `wg:${node.name}`).hex(43),
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    };
    if (node.isRebootRequired) annotations['weave.works/kured-reboot-in-progress'] = '';
    const metadata = this.meta(`node:${node.name}`, { name: node.name, uid: node.uid, createdMs: node.createdMs, labels, annotations });
    const heartbeat = kubeTimestamp(this.model.nowMs - 40_000);
    const condition = (type: string, status: string, reason: string, message: string): Record<string, string> => ({
      type,
      status,
      lastHeartbeatTime: heartbeat,
      lastTransitionTime: kubeTimestamp(node.bootTimeMs + 60_000),
      reason,
      message,
    });
    const capacity = isControlPlane
      ? { cpu: '2', 'ephemeral-storage': '81106868Ki', memory: '4005592Ki', pods: '110' }
      : { cpu: '4', 'ephemeral-storage': '121644824Ki', memory: '16375192Ki', pods: '110' };
    const spec: Record<string, unknown> = {
      podCIDR: node.podCidr,
      podCIDRs: [node.podCidr],
      providerID: `openstack:///${node.systemUuid}`,
    };
    if (isControlPlane) spec.taints = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }];
    return {
      metadata,
      spec,
      status: {
        capacity,
        allocatable: { ...capacity, cpu: isControlPlane ? '1900m' : '3800m' },
        conditions: [
          condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
          condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
          condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
          condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
        ],
        addresses: [
          { type: 'InternalIP', address: node.internalIp },
          { type: 'Hostname', address: node.name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          machineID: node.systemUuid.replaceAll('-', ''),
          systemUUID: node.systemUuid,
          bootID: randomFor(this.seed, `boot:${node.name}:${node.bootTimeMs}`).uuid(),
          kernelVersion: node.kernelVersion,
          osImage: node.osImage,
          containerRuntimeVersion: node.containerRuntimeVersion,
          kubeletVersion: node.kubeletVersion,
          kubeProxyVersion: node.kubeletVersion,
          operatingSystem: 'linux',
          architecture: 'amd64',
        },
      },
    };
  }

  private podLabels(workload: WorkloadModel): Record<string, string> {
    const labels: Record<string, string> = { 'app.kubernetes.io/name': workload.name };
    if (workload.kind === 'Deployment') labels['pod-template-hash'] = workload.templateHash;
    if (workload.kind === 'DaemonSet' || workload.kind === 'StatefulSet') {
      labels['controller-revision-hash'] = workload.templateHash;
    }
    if (workload.kind === 'DaemonSet') labels['pod-template-generation'] = '1';
    if (workload.kind === 'StaticPod') labels.component = workload.name;
    return labels;
  }

  private container(container: ContainerModel): Record<string, unknown> {
    const result: Record<string, unknown> = {
      name: container.name,
      image: container.image.reference,
      imagePullPolicy: container.image.tag === 'latest' ? 'Always' : 'IfNotPresent',
    };
    if (container.port !== undefined) result.ports = [{ name: 'http', containerPort: container.port, protocol: 'TCP' }];
    if (container.env.length > 0) {
      result.env = container.env.map((env) =>
        env.secretRef !== undefined ? { name: env.name, valueFrom: { secretKeyRef: { name: env.secretRef.name, key: env.secretRef.key } } } : { name: env.name, value: env.value },
      );
    }
    result.resources = { limits: { memory: '256Mi' }, requests: { cpu: '50m', memory: '128Mi' } };
    result.terminationMessagePath = '/dev/termination-log';
    result.terminationMessagePolicy = 'File';
    if (container.securityContext !== undefined) result.securityContext = container.securityContext;
    return result;
  }

  private readonly podSpecCache = new Map<WorkloadModel, Record<string, unknown>>();

  /** The pod spec of a workload's template; pods add their nodeName. Cached: pods of one workload share it. */
  private podSpec(workload: WorkloadModel, nodeName?: string): Record<string, unknown> {
    const cached = this.podSpecCache.get(workload);
    if (cached !== undefined) return nodeName === undefined ? cached : { ...cached, nodeName };
    const spec: Record<string, unknown> = {
      containers: workload.containers.map((container) => this.container(container)),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: workload.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
      serviceAccountName: workload.isSystem ? workload.name : 'default',
      serviceAccount: workload.isSystem ? workload.name : 'default',
      securityContext: workload.podSecurityContext ?? {},
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      priority: workload.isSystem ? 2_000_000_000 : 0,
      preemptionPolicy: 'PreemptLowerPriority',
    };
    if (workload.isSystem) spec.priorityClassName = 'system-cluster-critical';
    if (workload.hostNetwork) spec.hostNetwork = true;
    if (workload.kind === 'DaemonSet' || workload.kind === 'StaticPod') spec.tolerations = [{ operator: 'Exists' }];
    this.podSpecCache.set(workload, spec);
    return nodeName === undefined ? spec : { ...spec, nodeName };
  }

  private ownerReferences(workload: WorkloadModel, node: NodeModel | undefined): KubeObjectMeta['ownerReferences'] {
    switch (workload.kind) {
      case 'Deployment':
        return [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${workload.name}-${workload.templateHash}`, uid: workload.replicaSetUid, controller: true, blockOwnerDeletion: true }];
      case 'DaemonSet':
        return [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: workload.name, uid: workload.uid, controller: true, blockOwnerDeletion: true }];
      case 'StatefulSet':
        return [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: workload.name, uid: workload.uid, controller: true, blockOwnerDeletion: true }];
      case 'StaticPod':
        return node === undefined ? undefined : [{ apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid, controller: true }];
    }
  }

  private pod(pod: PodModel): KubeObject {
    const workload = pod.workload;
    const node = this.nodesByName.get(pod.nodeName);
    const metadata = this.meta(`pod:${pod.namespace}/${pod.name}`, { name: pod.name, namespace: pod.namespace, uid: pod.uid, createdMs: pod.createdMs, labels: this.podLabels(workload) });
    if (workload.kind === 'Deployment') metadata.generateName = `${workload.name}-${workload.templateHash}-`;
    const owners = this.ownerReferences(workload, node);
    if (owners !== undefined) metadata.ownerReferences = owners;
    const startedAt = kubeTimestamp(pod.createdMs + 4000);
    const readyAt = kubeTimestamp(pod.createdMs + 15_000);
    const podCondition = (type: string, isTrue: boolean, time: string): Record<string, unknown> => ({
      type,
      status: isTrue ? 'True' : 'False',
      lastProbeTime: null,
      lastTransitionTime: time,
    });
    return {
      metadata,
      spec: this.podSpec(workload, pod.nodeName),
      status: {
        phase: 'Running',
        conditions: [
          podCondition('PodReadyToStartContainers', true, startedAt),
          podCondition('Initialized', true, startedAt),
          podCondition('Ready', pod.isReady, readyAt),
          podCondition('ContainersReady', pod.isReady, readyAt),
          podCondition('PodScheduled', true, kubeTimestamp(pod.createdMs)),
        ],
        hostIP: node?.internalIp,
        hostIPs: node === undefined ? undefined : [{ ip: node.internalIp }],
        podIP: pod.ip,
        podIPs: [{ ip: pod.ip }],
        startTime: kubeTimestamp(pod.createdMs),
        containerStatuses: workload.containers.map((container) => this.containerStatus(pod, container, startedAt)),
        qosClass: 'Burstable',
      },
    };
  }

  private containerStatus(pod: PodModel, container: ContainerModel, startedAt: string): Record<string, unknown> {
    const random = randomFor(this.seed, `container-id:${pod.uid}:${container.name}`);
    return {
      name: container.name,
      state: pod.isReady
        ? { running: { startedAt } }
        : { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${container.name} pod=${pod.name}_${pod.namespace}(${pod.uid})` } },
      lastState: pod.restarts > 0 ? { terminated: { exitCode: 1, reason: 'Error', startedAt, finishedAt: startedAt } } : {},
      ready: pod.isReady,
      restartCount: pod.restarts,
      image: container.image.reference,
      imageID: imageId(container.image),
      containerID: `containerd://${random.hex(64)}`,
      started: pod.isReady,
    };
  }

  // ---------- apps ----------

  private podsOf(workload: WorkloadModel): PodModel[] {
    return this.podsByWorkload().get(workload) ?? [];
  }

  private podsByWorkloadCache?: Map<WorkloadModel, PodModel[]>;

  private podsByWorkload(): Map<WorkloadModel, PodModel[]> {
    if (this.podsByWorkloadCache === undefined) {
      this.podsByWorkloadCache = new Map();
      for (const pod of this.model.pods) {
        const list = this.podsByWorkloadCache.get(pod.workload) ?? [];
        list.push(pod);
        this.podsByWorkloadCache.set(pod.workload, list);
      }
    }
    return this.podsByWorkloadCache;
  }

  private template(workload: WorkloadModel): Record<string, unknown> {
    const labels = { ...this.podLabels(workload) };
    delete labels['pod-template-hash'];
    delete labels['controller-revision-hash'];
    delete labels['pod-template-generation'];
    return { metadata: { labels }, spec: this.podSpec(workload) };
  }

  private deployment(workload: WorkloadModel): KubeObject {
    const ready = this.podsOf(workload).filter((pod) => pod.isReady).length;
    const labels: Record<string, string> = { 'app.kubernetes.io/name': workload.name };
    if (workload.argoApp !== undefined) labels['argocd.argoproj.io/instance'] = workload.argoApp;
    const metadata = this.meta(`deployment:${workload.namespace}/${workload.name}`, {
      name: workload.name,
      uid: workload.uid,
      namespace: workload.namespace,
      createdMs: workload.createdMs,
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '3' },
      generation: 3,
    });
    const strategy =
      workload.strategyType === 'Recreate' ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } };
    const status: Record<string, unknown> = {
      observedGeneration: 3,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: kubeTimestamp(workload.createdMs), lastTransitionTime: kubeTimestamp(workload.createdMs), reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: kubeTimestamp(workload.createdMs), lastTransitionTime: kubeTimestamp(workload.createdMs), reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${workload.name}-${workload.templateHash}" has successfully progressed.` },
      ],
    };
    if (workload.replicas > 0) Object.assign(status, { replicas: workload.replicas, updatedReplicas: workload.replicas });
    if (ready > 0) Object.assign(status, { readyReplicas: ready, availableReplicas: ready });
    return {
      metadata,
      spec: {
        replicas: workload.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': workload.name } },
        template: this.template(workload),
        strategy,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
      },
      status,
    };
  }

  private replicaSet(workload: WorkloadModel): KubeObject {
    const ready = this.podsOf(workload).filter((pod) => pod.isReady).length;
    const name = `${workload.name}-${workload.templateHash}`;
    const metadata = this.meta(`replicaset:${workload.namespace}/${name}`, {
      name,
      uid: workload.replicaSetUid,
      namespace: workload.namespace,
      createdMs: workload.createdMs,
      labels: { 'app.kubernetes.io/name': workload.name, 'pod-template-hash': workload.templateHash },
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(workload.replicas), 'deployment.kubernetes.io/revision': '3' },
      generation: 1,
    });
    metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: workload.name, uid: workload.uid, controller: true, blockOwnerDeletion: true }];
    return {
      metadata,
      spec: {
        replicas: workload.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': workload.name, 'pod-template-hash': workload.templateHash } },
        template: this.template(workload),
      },
      status: { replicas: workload.replicas, fullyLabeledReplicas: workload.replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 },
    };
  }

  private daemonSet(workload: WorkloadModel): KubeObject {
    const pods = this.podsOf(workload);
    const ready = pods.filter((pod) => pod.isReady).length;
    const metadata = this.meta(`daemonset:${workload.namespace}/${workload.name}`, {
      name: workload.name,
      uid: workload.uid,
      namespace: workload.namespace,
      createdMs: workload.createdMs,
      labels: { 'app.kubernetes.io/name': workload.name },
      annotations: { 'deprecated.daemonset.template.generation': '1' },
      generation: 1,
    });
    const status: Record<string, unknown> = {
      currentNumberScheduled: pods.length,
      numberMisscheduled: 0,
      desiredNumberScheduled: workload.replicas,
      numberReady: ready,
      observedGeneration: 1,
      updatedNumberScheduled: pods.length,
      numberAvailable: ready,
    };
    if (ready < workload.replicas) status.numberUnavailable = workload.replicas - ready;
    return {
      metadata,
      spec: {
        selector: { matchLabels: { 'app.kubernetes.io/name': workload.name } },
        template: this.template(workload),
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
      },
      status,
    };
  }

  private statefulSet(workload: WorkloadModel): KubeObject {
    const ready = this.podsOf(workload).filter((pod) => pod.isReady).length;
    const metadata = this.meta(`statefulset:${workload.namespace}/${workload.name}`, {
      name: workload.name,
      uid: workload.uid,
      namespace: workload.namespace,
      createdMs: workload.createdMs,
      labels: { 'app.kubernetes.io/name': workload.name },
      generation: 1,
    });
    const revision = `${workload.name}-${workload.templateHash}`;
    return {
      metadata,
      spec: {
        replicas: workload.replicas,
        selector: { matchLabels: { 'app.kubernetes.io/name': workload.name } },
        serviceName: `${workload.name}-headless`,
        template: this.template(workload),
        podManagementPolicy: 'Parallel',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        revisionHistoryLimit: 10,
      },
      status: {
        observedGeneration: 1,
        replicas: workload.replicas,
        readyReplicas: ready,
        currentReplicas: workload.replicas,
        updatedReplicas: workload.replicas,
        availableReplicas: ready,
        currentRevision: revision,
        updateRevision: revision,
        collisionCount: 0,
      },
    };
  }

  // ---------- RBAC and network ----------

  private clusterRoleBindings(): KubeObject[] {
    const group = (name: string): Record<string, string> => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name });
    const serviceAccount = (namespace: string, name: string): Record<string, string> => ({ kind: 'ServiceAccount', name, namespace });
    const bindings: Array<{ name: string; role: string; subjects: Array<Record<string, string>>; createdMs?: number }> = [
      { name: 'cluster-admin', role: 'cluster-admin', subjects: [group('system:masters')] },
      { name: 'kubeadm:cluster-admins', role: 'cluster-admin', subjects: [group('kubeadm:cluster-admins')] },
      { name: 'velero-server', role: 'cluster-admin', subjects: [serviceAccount('velero', 'velero-server')] },
      { name: 'system:kube-controller-manager', role: 'system:kube-controller-manager', subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-controller-manager' }] },
      { name: 'system:kube-scheduler', role: 'system:kube-scheduler', subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-scheduler' }] },
      { name: 'system:node-proxier', role: 'system:node-proxier', subjects: [serviceAccount('kube-system', 'kube-proxy')] },
      { name: 'system:coredns', role: 'system:coredns', subjects: [serviceAccount('kube-system', 'coredns')] },
      { name: 'calico-node', role: 'calico-node', subjects: [serviceAccount('calico-system', 'calico-node')] },
      { name: 'gatekeeper-manager-rolebinding', role: 'gatekeeper-manager-role', subjects: [serviceAccount('gatekeeper-system', 'gatekeeper-admin')] },
      { name: 'falco', role: 'falco', subjects: [serviceAccount('falco', 'falco')] },
      { name: 'fluentd', role: 'fluentd', subjects: [serviceAccount('fluentd-system', 'fluentd')] },
      { name: 'kube-prometheus-stack-operator', role: 'kube-prometheus-stack-operator', subjects: [serviceAccount('monitoring', 'kube-prometheus-stack-operator')] },
      { name: 'trivy-operator', role: 'trivy-operator', subjects: [serviceAccount('trivy-system', 'trivy-operator')] },
      { name: 'argocd-application-controller', role: 'argocd-application-controller', subjects: [serviceAccount('argocd', 'argocd-application-controller')] },
      { name: 'user-view', role: 'view', subjects: [group('dev-team')] },
    ];
    if (this.model.profile.kured === 'running') bindings.push({ name: 'kured', role: 'kured', subjects: [serviceAccount('kured', 'kured')] });
    if (this.model.profile.hasUnexpectedClusterAdmin) {
      bindings.push({
        name: 'debug-admin',
        role: 'cluster-admin',
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane.doe@example.com' }],
        createdMs: this.model.nowMs - 41 * DAY_MS,
      });
    }
    return bindings.map((binding) => ({
      metadata: this.meta(`crb:${binding.name}`, { name: binding.name, createdMs: binding.createdMs ?? this.model.clusterCreatedMs + HOUR_MS }),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: binding.role },
      subjects: binding.subjects,
    }));
  }

  private networkPolicies(): KubeObject[] {
    const policies: KubeObject[] = [];
    const unpoliced = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'default']);
    for (const namespace of this.model.namespaces) {
      if (!namespace.hasNetworkPolicy || unpoliced.has(namespace.name)) continue;
      const createdMs = namespace.createdMs + 60_000;
      const policy = (name: string, spec: Record<string, unknown>): KubeObject => ({
        metadata: this.meta(`netpol:${namespace.name}/${name}`, { name, namespace: namespace.name, createdMs, generation: 1 }),
        spec,
      });
      policies.push(policy('default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }));
      policies.push(
        policy('allow-dns-egress', {
          podSelector: {},
          egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
          policyTypes: ['Egress'],
        }),
      );
      if (!namespace.isSystem) {
        policies.push(
          policy('allow-ingress-controller', {
            podSelector: {},
            ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
            policyTypes: ['Ingress'],
          }),
        );
      }
    }
    return policies;
  }

  // ---------- Gatekeeper ----------

  private constraintTemplate(kind: string): KubeObject {
    const name = kind.toLowerCase();
    return {
      apiVersion: 'templates.gatekeeper.sh/v1',
      kind: 'ConstraintTemplate',
      metadata: this.meta(`template:${name}`, { name, createdMs: this.model.clusterCreatedMs + 2 * HOUR_MS, generation: 1 }),
      spec: {
        crd: { spec: { names: { kind } } },
        targets: [{ target: 'admission.k8s.gatekeeper.sh', rego: `package ${name}\n\nviolation[{"msg": msg}] {\n  # policy body elided in the demo\n  false\n  msg := ""\n}\n` }],
      },
      status: { created: true, byPod: [{ id: 'gatekeeper-audit', observedGeneration: 1, operations: ['audit', 'status'] }] },
    };
  }

  private constraint(kind: (typeof CONSTRAINT_KINDS)[number], violations: ConstraintViolation[]): KubeObject {
    const spec = CONSTRAINTS[kind];
    const action = this.model.profile.constraintActions[kind];
    const metadata = this.meta(`constraint:${kind}`, { name: spec.name, createdMs: this.model.clusterCreatedMs + 3 * HOUR_MS, generation: 1 });
    const auditPods = this.model.pods.filter((pod) => pod.workload.name === 'gatekeeper-audit' || pod.workload.name === 'gatekeeper-controller-manager');
    return {
      apiVersion: 'constraints.gatekeeper.sh/v1beta1',
      kind,
      metadata,
      spec: {
        enforcementAction: action,
        match: {
          kinds: [{ apiGroups: [''], kinds: ['Pod'] }],
          excludedNamespaces: this.model.namespaces.filter((namespace) => namespace.isSystem).map((namespace) => namespace.name),
        },
        parameters: spec.parameters(this.model.harborHost),
      },
      status: {
        auditTimestamp: kubeTimestamp(lastAuditRunMs(this.model.nowMs)),
        byPod: auditPods.map((pod) => ({
          constraintUID: metadata.uid,
          enforced: true,
          id: pod.name,
          observedGeneration: 1,
          operations: pod.workload.name === 'gatekeeper-audit' ? ['audit', 'status'] : ['webhook'],
        })),
        totalViolations: violations.length,
        violations: violations.slice(0, VIOLATIONS_LIMIT).map((violation) => ({
          enforcementAction: action,
          group: '',
          version: 'v1',
          kind: 'Pod',
          namespace: violation.namespace,
          name: violation.name,
          message: violation.message,
        })),
      },
    };
  }

  // ---------- trivy-operator ----------

  private trivyLabels(workload: WorkloadModel, container: ContainerModel, resourceKind: string, resourceName: string): Record<string, string> {
    return {
      'app.kubernetes.io/managed-by': 'trivy-operator',
      'resource-spec-hash': randomFor(this.seed, `spec-hash:${workload.uid}`).nameSuffix(10),
      'trivy-operator.container.name': container.name,
      'trivy-operator.resource.kind': resourceKind,
      'trivy-operator.resource.name': resourceName,
      'trivy-operator.resource.namespace': workload.namespace,
    };
  }

  private vulnerabilityReports(): KubeObject[] {
    return scannedContainers(this.model).map(({ workload, container, resourceKind, resourceName, reportName }) => {
      const image = container.image;
      const updatedMs = this.model.nowMs - randomFor(this.seed, `report-age:${reportName}`).int(1, 20) * HOUR_MS;
      const counts = image.vulnerabilities;
      return {
        apiVersion: 'aquasecurity.github.io/v1alpha1',
        kind: 'VulnerabilityReport',
        metadata: {
          ...this.meta(`vulnerabilityreport:${workload.namespace}/${reportName}`, {
            name: reportName,
            namespace: workload.namespace,
            createdMs: updatedMs,
            labels: this.trivyLabels(workload, container, resourceKind, resourceName),
            generation: 1,
          }),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: resourceKind, name: resourceName, uid: workload.kind === 'Deployment' ? workload.replicaSetUid : workload.uid, controller: true, blockOwnerDeletion: false }],
        },
        report: {
          updateTimestamp: kubeTimestamp(updatedMs),
          scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.57.1' },
          registry: { server: image.registry },
          artifact: { repository: image.repository, tag: image.tag, digest: image.digest },
          os: { family: image.osFamily, name: image.osName, eosl: image.isOsEndOfLife },
          summary: {
            criticalCount: counts.critical,
            highCount: counts.high,
            mediumCount: counts.medium,
            lowCount: counts.low,
            unknownCount: counts.unknown,
            noneCount: 0,
          },
          // findings are listed for Critical and High only, to keep the demo answers small
          vulnerabilities: [...findings(this.seed, image, 'CRITICAL', counts.critical), ...findings(this.seed, image, 'HIGH', counts.high)],
        },
      };
    });
  }

  private exposedSecretReports(): KubeObject[] {
    return scannedContainers(this.model).map(({ workload, container, resourceKind, resourceName, reportName }) => {
      const image = container.image;
      const updatedMs = this.model.nowMs - randomFor(this.seed, `secret-report-age:${reportName}`).int(1, 20) * HOUR_MS;
      return {
        apiVersion: 'aquasecurity.github.io/v1alpha1',
        kind: 'ExposedSecretReport',
        metadata: this.meta(`exposedsecretreport:${workload.namespace}/${reportName}`, {
          name: reportName,
          namespace: workload.namespace,
          createdMs: updatedMs,
          labels: this.trivyLabels(workload, container, resourceKind, resourceName),
          generation: 1,
        }),
        report: {
          updateTimestamp: kubeTimestamp(updatedMs),
          scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.57.1' },
          registry: { server: image.registry },
          artifact: { repository: image.repository, tag: image.tag, digest: image.digest },
          summary: { criticalCount: 0, highCount: image.exposedSecrets, mediumCount: 0, lowCount: 0 },
          // trivy masks the matched text; the demo does the same
          secrets: Array.from({ length: image.exposedSecrets }, () => ({
            target: '/app/config/application.yaml',
            ruleID: 'generic-password',
            title: 'Generic password',
            category: 'Generic',
            severity: 'HIGH',
            match: 'password: ********************',
          })),
        },
      };
    });
  }

  private complianceReports(): KubeObject[] {
    const specs = [
      { id: 'k8s-cis-1.23', title: 'CIS Kubernetes Benchmarks v1.23', type: 'cis', version: '1.23', total: 116 },
      { id: 'k8s-nsa-1.0', title: 'National Security Agency - Kubernetes Hardening Guidance v1.0', type: 'nsa', version: '1.0', total: 30 },
      { id: 'k8s-pss-restricted-0.1', title: 'Kubernetes Pod Security Standards - Restricted', type: 'pss-restricted', version: '0.1', total: 17 },
    ];
    const updatedMs = this.model.nowMs - 2 * HOUR_MS - 13 * 60_000;
    return specs.map((spec) => {
      const failCount = this.model.profile.complianceFailCounts[spec.id] ?? 0;
      return {
        apiVersion: 'aquasecurity.github.io/v1alpha1',
        kind: 'ClusterComplianceReport',
        metadata: this.meta(`compliance:${spec.id}`, { name: spec.id, createdMs: this.model.clusterCreatedMs + 4 * HOUR_MS, labels: { 'app.kubernetes.io/managed-by': 'trivy-operator' }, generation: 1 }),
        spec: {
          cron: '0 */6 * * *',
          reportType: 'summary',
          compliance: {
            id: spec.id,
            title: spec.title,
            description: spec.title,
            version: spec.version,
            platform: 'k8s',
            type: spec.type,
            relatedResources: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
            controls: Array.from({ length: 3 }, (_, index) => ({ id: `${index + 1}.1`, name: `Control ${index + 1}.1`, severity: 'HIGH', checks: [{ id: `AVD-KSV-00${index + 1}` }] })),
          },
        },
        status: {
          updateTimestamp: kubeTimestamp(updatedMs),
          summary: { failCount, passCount: spec.total - failCount },
          summaryReport: {
            id: spec.id,
            title: spec.title,
            controlCheck: Array.from({ length: 3 }, (_, index) => ({ id: `${index + 1}.1`, name: `Control ${index + 1}.1`, severity: 'HIGH', totalFail: index < failCount ? 1 : 0 })),
          },
        },
      };
    });
  }

  // ---------- Argo CD and Calico ----------

  private argoApplications(): KubeObject[] {
    return this.model.argoApps.map((app) => {
      const images = this.model.workloads.filter((workload) => workload.namespace === app.destinationNamespace).flatMap((workload) => workload.containers.map((container) => container.image.reference));
      const revision = randomFor(this.seed, `argo-revision:${app.name}`).hex(40);
      return {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: this.meta(`application:${app.name}`, { name: app.name, namespace: 'argocd', createdMs: app.createdMs, generation: 120 }),
        spec: {
          project: 'default',
          source: { repoURL: 'https://git.demo.example.com/platform/deployments.git', path: `apps/${app.name}`, targetRevision: 'main' },
          destination: { server: 'https://kubernetes.default.svc', namespace: app.destinationNamespace },
          syncPolicy: { automated: { prune: true, selfHeal: app.syncStatus === 'Synced' } },
        },
        status: {
          sync: { status: app.syncStatus, revision, comparedTo: { source: { repoURL: 'https://git.demo.example.com/platform/deployments.git', path: `apps/${app.name}`, targetRevision: 'main' } } },
          health: { status: app.healthStatus },
          reconciledAt: kubeTimestamp(this.model.nowMs - 95_000),
          summary: { images: [...new Set(images)].sort() },
          sourceType: 'Kustomize',
        },
      };
    });
  }

  private felixConfiguration(): KubeObject {
    return {
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'FelixConfiguration',
      metadata: this.meta('felixconfiguration:default', { name: 'default', createdMs: this.model.clusterCreatedMs + 1800_000, generation: 2 }),
      spec: {
        bpfEnabled: false,
        floatingIPs: 'Disabled',
        healthPort: 9099,
        logSeverityScreen: 'Info',
        prometheusMetricsEnabled: true,
        reportingInterval: '0s',
        vxlanVNI: 4096,
        wireguardEnabled: true,
        wireguardEnabledV6: false,
      },
    };
  }
}

/** `repo@digest`, as kubelet reports the image a container runs. */
function imageId(image: ImageModel): string {
  return `${image.registry}/${image.repository}@${image.digest}`;
}

function findings(seed: number, image: ImageModel, severity: 'CRITICAL' | 'HIGH', count: number): Array<Record<string, unknown>> {
  const random = randomFor(seed, `findings:${image.reference}:${severity}`);
  return Array.from({ length: count }, (_, index) => {
    const id = `CVE-2024-${random.int(10_000, 59_999)}`;
    const resource = random.pick(['openssl', 'libexpat', 'zlib', 'glibc', 'curl', 'libxml2']);
    return {
      vulnerabilityID: id,
      resource,
      installedVersion: `1.${index + 2}.${random.int(0, 9)}`,
      fixedVersion: `1.${index + 2}.${random.int(10, 19)}`,
      severity,
      score: severity === 'CRITICAL' ? 9.8 : 7.5,
      title: `${resource}: memory corruption in parser`,
      primaryLink: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
      links: [],
    };
  });
}

function sortObjects(items: KubeObject[]): KubeObject[] {
  return items.sort((a, b) => compareText(`${a.metadata.namespace ?? ''}/${a.metadata.name}`, `${b.metadata.namespace ?? ''}/${b.metadata.name}`));
}

