import type { Random} from '../random';
import { randomFor } from '../random';
import type { DemoScale } from '../types';
import {
  CLUSTER_NAME,
  EXTRA_REPOSITORIES,
  FALCO_RULES,
  GENERATED_APPS,
  GENERATED_NAMESPACE_WORDS,
  HARBOR_HOST,
  KUBERNETES_VERSION,
  NAMED_HARBOR_PROJECTS,
  NAMED_WORKLOAD_NAMESPACES,
  PRIVILEGED_SYSTEM_NAMESPACES,
  type Placement,
  SYSTEM_COMPONENTS,
  SYSTEM_NAMESPACES,
  type SecurityProfile,
  type WorkloadNamespaceSpec,
} from './names';
import type { ScenarioProfile } from './scenario-profile';

/**
 * The platform-neutral model of the demo cluster: nodes, namespaces, workloads, pods, images,
 * registry contents and runtime events. The Kubernetes objects, Harbor answers, log streams and
 * metric series are all derived from this one model, so the four APIs agree with each other
 * (the same pods, images, nodes and namespaces everywhere).
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

export interface NodeModel {
  name: string;
  role: 'control-plane' | 'worker';
  internalIp: string;
  podCidr: string;
  uid: string;
  systemUuid: string;
  kubeletVersion: string;
  kernelVersion: string;
  osImage: string;
  containerRuntimeVersion: string;
  createdMs: number;
  bootTimeMs: number;
  isRebootRequired: boolean;
  wireguardAddress: string;
}

export interface NamespaceModel {
  name: string;
  uid: string;
  isSystem: boolean;
  createdMs: number;
  /** value of pod-security.kubernetes.io/enforce; null = no label */
  podSecurity: 'privileged' | 'baseline' | 'restricted' | null;
  hasNetworkPolicy: boolean;
  /** when the namespace's pods stopped writing to stdout; undefined = they still do */
  logsStoppedMs?: number;
}

export interface ImageModel {
  /** as written in the pod spec */
  reference: string;
  registry: string;
  /** path inside the registry, e.g. `shop/frontend` */
  repository: string;
  tag: string;
  digest: string;
  osFamily: string;
  osName: string;
  isOsEndOfLife: boolean;
  vulnerabilities: SeverityCounts;
  fixable: number;
  /** secrets found baked into the image (High severity) */
  exposedSecrets: number;
}

export interface EnvVarModel {
  name: string;
  /** a literal value in the spec */
  value?: string;
  /** a reference to a Secret key */
  secretRef?: { name: string; key: string };
}

export interface ContainerModel {
  name: string;
  image: ImageModel;
  /** the container's securityContext; undefined = none written */
  securityContext?: Record<string, unknown>;
  env: EnvVarModel[];
  port?: number;
}

export interface WorkloadModel {
  kind: 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'StaticPod';
  namespace: string;
  name: string;
  uid: string;
  createdMs: number;
  isSystem: boolean;
  /** desired replicas (DaemonSets: nodes in scope) */
  replicas: number;
  strategyType?: 'RollingUpdate' | 'Recreate';
  podSecurityContext?: Record<string, unknown>;
  containers: ContainerModel[];
  hostNetwork: boolean;
  /** pod-template-hash of the current ReplicaSet, or controller-revision-hash */
  templateHash: string;
  replicaSetUid: string;
  placement: Placement;
  /** the Argo CD application that deploys it, if any */
  argoApp?: string;
}

export interface PodModel {
  name: string;
  namespace: string;
  uid: string;
  workload: WorkloadModel;
  nodeName: string;
  ip: string;
  createdMs: number;
  isReady: boolean;
  restarts: number;
}

export interface ArtifactModel {
  id: number;
  digest: string;
  tags: string[];
  pushedMs: number;
  sizeBytes: number;
  vulnerabilities: SeverityCounts;
  fixable: number;
  scannedMs: number;
}

export interface RepositoryModel {
  id: number;
  /** `project/repo` */
  name: string;
  createdMs: number;
  pullCount: number;
  /** newest first */
  artifacts: ArtifactModel[];
}

export interface HarborProjectModel {
  id: number;
  name: string;
  createdMs: number;
  repositories: RepositoryModel[];
}

export interface FalcoEventModel {
  rule: string;
  priority: 'Notice' | 'Warning' | 'Critical';
  /** namespace and pod the event is about */
  namespace: string;
  podName: string;
  nodeName: string;
  firstMs: number;
  intervalMs: number;
}

export interface ArgoAppModel {
  name: string;
  destinationNamespace: string;
  syncStatus: 'Synced' | 'OutOfSync';
  healthStatus: 'Healthy' | 'Progressing' | 'Degraded';
  createdMs: number;
}

export interface ClusterModel {
  profile: ScenarioProfile;
  scale: DemoScale;
  nowMs: number;
  clusterName: string;
  harborHost: string;
  clusterCreatedMs: number;
  nodes: NodeModel[];
  namespaces: NamespaceModel[];
  workloads: WorkloadModel[];
  pods: PodModel[];
  harborProjects: HarborProjectModel[];
  falcoEvents: FalcoEventModel[];
  argoApps: ArgoAppModel[];
  plantedSecret: string;
}

const NON_ROOT_POD_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  fsGroup: 10001,
  seccompProfile: { type: 'RuntimeDefault' },
};

const RESTRICTED_CONTAINER_CONTEXT = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

export function buildClusterModel(profile: ScenarioProfile, scale: DemoScale, nowMs: number): ClusterModel {
  const builder = new ClusterModelBuilder(profile, scale, nowMs);
  return builder.build();
}

class ClusterModelBuilder {
  private readonly clusterCreatedMs: number;
  private readonly nodes: NodeModel[] = [];
  private readonly namespaces: NamespaceModel[] = [];
  private readonly workloads: WorkloadModel[] = [];
  private readonly pods: PodModel[] = [];
  private readonly projects: HarborProjectModel[] = [];
  private readonly repositoriesByName = new Map<string, RepositoryModel>();
  private readonly systemImages = new Map<string, ImageModel>();
  private podCounter = 0;
  private readonly podCountByWorkload = new Map<WorkloadModel, number>();
  private workerCursor = 0;
  private nextRepositoryId = 1;
  private nextArtifactId = 1;
  private readonly plantedSecret: string;

  constructor(
    private readonly profile: ScenarioProfile,
    private readonly scale: DemoScale,
    private readonly nowMs: number,
  ) {
    this.clusterCreatedMs = nowMs - 210 * DAY_MS;
    this.plantedSecret = `Pl4nted-${this.random('planted-secret').hex(20)}`;
  }

  private random(key: string): Random {
    return randomFor(this.scale.seed, key);
  }

  build(): ClusterModel {
    this.buildNodes();
    const workloadSpecs = this.workloadNamespaceSpecs();
    this.buildHarborProjects(workloadSpecs);
    this.buildSystem();
    for (const [index, spec] of workloadSpecs.entries()) this.buildWorkloadNamespace(spec, index);
    this.namespaces.sort((a, b) => compareText(a.name, b.name));
    return {
      profile: this.profile,
      scale: this.scale,
      nowMs: this.nowMs,
      clusterName: CLUSTER_NAME,
      harborHost: HARBOR_HOST,
      clusterCreatedMs: this.clusterCreatedMs,
      nodes: this.nodes,
      namespaces: this.namespaces,
      workloads: this.workloads,
      pods: this.pods,
      harborProjects: this.projects,
      falcoEvents: this.buildFalcoEvents(),
      argoApps: this.buildArgoApps(workloadSpecs),
      plantedSecret: this.plantedSecret,
    };
  }

  // ---------- nodes ----------

  private buildNodes(): void {
    const count = Math.max(1, this.scale.nodes);
    const [minBootDays, maxBootDays] = this.profile.nodeBootAgeDays;
    for (let index = 0; index < count; index += 1) {
      const role = index === 0 ? 'control-plane' : 'worker';
      const name = role === 'control-plane' ? `${CLUSTER_NAME}-control-plane-0` : `${CLUSTER_NAME}-worker-${index - 1}`;
      const random = this.random(`node:${name}`);
      const createdMs = this.clusterCreatedMs + (index === 0 ? 0 : 90 * DAY_MS) + random.int(0, 3600) * 1000;
      const bootTimeMs = this.nowMs - random.int(minBootDays * 24, maxBootDays * 24) * HOUR_MS - random.int(0, 3599) * 1000;
      this.nodes.push({
        name,
        role,
        internalIp: `10.0.${Math.floor(index / 250) + 10}.${(index % 250) + 4}`,
        podCidr: `10.244.${index}.0/24`,
        uid: random.uuid(),
        systemUuid: random.uuid(),
        kubeletVersion: KUBERNETES_VERSION,
        kernelVersion: '6.8.0-49-generic',
        osImage: 'Ubuntu 24.04.1 LTS',
        containerRuntimeVersion: 'containerd://1.7.24',
        createdMs,
        bootTimeMs: Math.max(bootTimeMs, createdMs),
        // kured marks the oldest-booted workers first
        isRebootRequired: role === 'worker' && index <= this.profile.nodesPendingReboot,
        wireguardAddress: `10.244.${index}.1`,
      });
    }
  }

  private workers(): NodeModel[] {
    const workers = this.nodes.filter((node) => node.role === 'worker');
    return workers.length > 0 ? workers : this.nodes;
  }

  private nextWorker(): NodeModel {
    const workers = this.workers();
    const node = workers[this.workerCursor % workers.length] as NodeModel;
    this.workerCursor += 1;
    return node;
  }

  // ---------- namespaces ----------

  private workloadNamespaceSpecs(): WorkloadNamespaceSpec[] {
    const specs: WorkloadNamespaceSpec[] = [];
    for (let index = 0; index < this.scale.namespaces; index += 1) {
      const named = NAMED_WORKLOAD_NAMESPACES[index];
      if (named !== undefined) {
        specs.push({ ...named, project: this.projectNameFor(named.project, index) });
        continue;
      }
      const word = GENERATED_NAMESPACE_WORDS[index % GENERATED_NAMESPACE_WORDS.length] as string;
      specs.push({ name: `${word}-${String(index).padStart(4, '0')}`, project: this.projectNameFor(undefined, index), apps: [...GENERATED_APPS] });
    }
    return specs;
  }

  private projectNames(): string[] {
    const names: string[] = [];
    for (let index = 0; index < Math.max(1, this.scale.harborProjects); index += 1) {
      names.push(NAMED_HARBOR_PROJECTS[index] ?? `apps-${String(index).padStart(3, '0')}`);
    }
    return names;
  }

  private projectNameFor(preferred: string | undefined, namespaceIndex: number): string {
    const names = this.projectNames();
    if (preferred !== undefined && names.includes(preferred)) return preferred;
    return names[namespaceIndex % names.length] as string;
  }

  private addNamespace(name: string, isSystem: boolean, options: Partial<NamespaceModel> = {}): NamespaceModel {
    const random = this.random(`namespace:${name}`);
    const namespace: NamespaceModel = {
      name,
      uid: random.uuid(),
      isSystem,
      createdMs: isSystem ? this.clusterCreatedMs + random.int(60, 3600) * 1000 : this.nowMs - random.int(20, 180) * DAY_MS,
      podSecurity: isSystem ? (PRIVILEGED_SYSTEM_NAMESPACES.includes(name) ? 'privileged' : 'restricted') : 'restricted',
      hasNetworkPolicy: true,
      ...options,
    };
    this.namespaces.push(namespace);
    return namespace;
  }

  // ---------- Harbor ----------

  /** Creates every Harbor project and repository, with the newest artifact being the one that runs. */
  private buildHarborProjects(specs: WorkloadNamespaceSpec[]): void {
    for (const [index, name] of this.projectNames().entries()) {
      const random = this.random(`project:${name}`);
      this.projects.push({ id: index + 2, name, createdMs: this.clusterCreatedMs + random.int(1, 30) * DAY_MS, repositories: [] });
    }
    const projectByName = new Map(this.projects.map((project) => [project.name, project]));
    for (const spec of specs) {
      for (const app of spec.apps) {
        if (this.imageSourceFor(spec.name, app) !== 'harbor') continue;
        const repositoryName = this.repositoryNameFor(spec, app);
        const project = projectByName.get(spec.project);
        if (project !== undefined && !this.repositoriesByName.has(repositoryName)) this.addRepository(project, repositoryName);
      }
    }
    for (const repositoryName of EXTRA_REPOSITORIES) {
      const project = projectByName.get(repositoryName.split('/')[0] ?? '');
      if (project !== undefined) this.addRepository(project, repositoryName);
    }
    for (const project of this.projects) this.fillArtifacts(project);
  }

  private repositoryNameFor(spec: WorkloadNamespaceSpec, app: string): string {
    const isNamed = NAMED_WORKLOAD_NAMESPACES.some((named) => named.name === spec.name);
    return isNamed ? `${spec.project}/${app}` : `${spec.project}/${spec.name}-${app}`;
  }

  private addRepository(project: HarborProjectModel, name: string): void {
    const random = this.random(`repository:${name}`);
    const repository: RepositoryModel = {
      id: this.nextRepositoryId,
      name,
      createdMs: project.createdMs + random.int(1, 60) * DAY_MS,
      pullCount: random.int(20, 5000),
      artifacts: [],
    };
    this.nextRepositoryId += 1;
    project.repositories.push(repository);
    this.repositoriesByName.set(name, repository);
  }

  /** Spreads the project's artifact budget over its repositories; each gets at least one. */
  private fillArtifacts(project: HarborProjectModel): void {
    project.repositories.sort((a, b) => compareText(a.name, b.name));
    const repositoryCount = project.repositories.length;
    if (repositoryCount === 0) return;
    const extra = Math.max(0, this.scale.artifactsPerProject - repositoryCount);
    for (const [index, repository] of project.repositories.entries()) {
      const count = 1 + Math.floor(extra / repositoryCount) + (index < extra % repositoryCount ? 1 : 0);
      const random = this.random(`artifacts:${repository.name}`);
      const minor = random.int(1, 9);
      const newestPatch = random.int(count, count + 6);
      for (let age = 0; age < count; age += 1) {
        const pushedMs = this.nowMs - (age * 9 + random.int(1, 8)) * DAY_MS - random.int(0, 86_399) * 1000;
        const vulnerabilities = this.artifactVulnerabilities(repository.name, age);
        this.pushArtifact(repository, [`1.${minor}.${newestPatch - age}`], pushedMs, vulnerabilities, random);
      }
    }
  }

  private pushArtifact(repository: RepositoryModel, tags: string[], pushedMs: number, vulnerabilities: SeverityCounts, random: Random): void {
    repository.artifacts.push({
      id: this.nextArtifactId,
      digest: `sha256:${random.hex(64)}`,
      tags,
      pushedMs,
      sizeBytes: random.int(8, 400) * 1_048_576 + random.int(0, 1_048_575),
      vulnerabilities,
      fixable: Math.round(total(vulnerabilities) * 0.6),
      scannedMs: pushedMs + random.int(20, 300) * 1000,
    });
    this.nextArtifactId += 1;
  }

  /** The running (newest) artifact gets the scenario's CVEs; older ones have more of the rest. */
  private artifactVulnerabilities(repositoryName: string, age: number): SeverityCounts {
    const random = this.random(`vulnerabilities:${repositoryName}:${age}`);
    const appKey = this.appKeyForRepository(repositoryName);
    const isHealthy = this.profile.scenario === 'healthy';
    const critical = age === 0 ? (this.profile.criticalImages[appKey] ?? this.sprinkledCriticals(appKey)) : random.int(0, isHealthy ? 0 : 1);
    return {
      critical,
      // with prevent_vul at "high" a running image cannot carry High findings
      high: isHealthy && age === 0 ? 0 : random.int(0, 4) + age,
      medium: random.int(0, 8) + age * 2,
      low: random.int(0, 20) + age * 3,
      unknown: random.int(0, 1),
    };
  }

  /** `namespace/app` of the workload that runs a repository's image, for the scenario tables. */
  private appKeyForRepository(repositoryName: string): string {
    const [project, ...rest] = repositoryName.split('/');
    const app = rest.join('/');
    const named = NAMED_WORKLOAD_NAMESPACES.find((spec) => spec.project === project && spec.apps.includes(app));
    return named !== undefined ? `${named.name}/${app}` : repositoryName;
  }

  /** Generated namespaces get a few critical findings in the non-healthy scenarios. */
  private sprinkledCriticals(appKey: string): number {
    if (this.profile.scenario === 'healthy') return 0;
    const isGenerated = !NAMED_WORKLOAD_NAMESPACES.some((spec) => appKey.startsWith(`${spec.name}/`));
    const random = this.random(`sprinkle-critical:${appKey}`);
    return isGenerated && random.chance(this.profile.scenario === 'degraded' ? 0.06 : 0.03) ? 1 : 0;
  }

  private imageSourceFor(namespace: string, app: string): 'harbor' | 'docker-hub' {
    return this.profile.hasInsecureWorkloads && namespace === 'shop-backend' && app === 'redis' ? 'docker-hub' : 'harbor';
  }

  private harborImage(repositoryName: string, namespace: string, app: string): ImageModel {
    const repository = this.repositoriesByName.get(repositoryName);
    const artifact = repository?.artifacts[0];
    if (repository === undefined || artifact === undefined) throw new Error(`no artifact for ${repositoryName}`);
    let tag = artifact.tags[0] as string;
    if (this.profile.hasInsecureWorkloads && namespace === 'analytics' && app === 'notebook') {
      // the image is pulled by a moving tag; Harbor shows it on the newest artifact
      if (!artifact.tags.includes('latest')) artifact.tags.unshift('latest');
      tag = 'latest';
    }
    const isLegacy = this.profile.hasInsecureWorkloads && namespace === 'inventory' && app === 'legacy-sync';
    const random = this.random(`os:${repositoryName}`);
    const os = isLegacy ? { family: 'debian', name: '9.13', eol: true } : random.pick(MAINTAINED_OS);
    return {
      reference: `${HARBOR_HOST}/${repositoryName}:${tag}`,
      registry: HARBOR_HOST,
      repository: repositoryName,
      tag,
      digest: artifact.digest,
      osFamily: os.family,
      osName: os.name,
      isOsEndOfLife: os.eol,
      vulnerabilities: artifact.vulnerabilities,
      fixable: artifact.fixable,
      exposedSecrets: this.profile.hasInsecureWorkloads && namespace === 'payments' && app === 'payments-api' ? 1 : 0,
    };
  }

  /** An image from outside Harbor (platform components, or the stock scenario's docker.io image). */
  private externalImage(reference: string, criticals: number): ImageModel {
    const cached = this.systemImages.get(reference);
    if (cached !== undefined) return cached;
    const random = this.random(`image:${reference}`);
    const lastColon = reference.lastIndexOf(':');
    const path = reference.slice(0, lastColon);
    const firstSlash = path.indexOf('/');
    const vulnerabilities = { critical: criticals, high: random.int(0, 3), medium: random.int(0, 9), low: random.int(0, 25), unknown: random.int(0, 2) };
    const os = random.pick(MAINTAINED_OS);
    const image: ImageModel = {
      reference,
      registry: path.slice(0, firstSlash),
      repository: path.slice(firstSlash + 1),
      tag: reference.slice(lastColon + 1),
      digest: `sha256:${random.hex(64)}`,
      osFamily: os.family,
      osName: os.name,
      isOsEndOfLife: false,
      vulnerabilities,
      fixable: Math.round(total(vulnerabilities) * 0.6),
      exposedSecrets: 0,
    };
    this.systemImages.set(reference, image);
    return image;
  }

  // ---------- platform components ----------

  private buildSystem(): void {
    for (const name of SYSTEM_NAMESPACES) {
      if (name === 'kured' && this.profile.kured !== 'running') continue;
      if (name === 'tracing' && !this.profile.hasJaeger) continue;
      this.addNamespace(name, true);
    }
    for (const spec of SYSTEM_COMPONENTS) {
      if (spec.when === 'kured' && this.profile.kured !== 'running') continue;
      if (spec.when === 'jaeger' && !this.profile.hasJaeger) continue;
      const image = this.externalImage(spec.image, 0);
      const container: ContainerModel = {
        name: spec.kind === 'StaticPod' ? spec.name : containerNameFor(spec.name),
        image,
        securityContext: systemContainerContext(spec.security),
        env: [],
      };
      const nodes = this.nodesFor(spec.placement);
      const replicas = spec.kind === 'DaemonSet' || spec.kind === 'StaticPod' ? nodes.length : (spec.replicas ?? 1);
      const workload = this.addWorkload({
        kind: spec.kind,
        namespace: spec.namespace,
        name: spec.name,
        isSystem: true,
        replicas,
        containers: [container],
        podSecurityContext: spec.security === 'non-root' || spec.security === 'non-root-escalating' ? { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } } : undefined,
        hostNetwork: spec.hostNetwork ?? false,
        placement: spec.placement,
        createdMs: this.clusterCreatedMs + this.random(`created:${spec.name}`).int(1, 20) * HOUR_MS,
      });
      if (spec.kind === 'DaemonSet' || spec.kind === 'StaticPod') {
        for (const [index, node] of nodes.entries()) {
          const isMissingFalco = spec.name === 'falco' && this.profile.falcoMissingOnOneNode && index === nodes.length - 1;
          this.addPod(workload, node, { isReady: !isMissingFalco, restarts: isMissingFalco ? 37 : 0 });
        }
      } else {
        for (let replica = 0; replica < replicas; replica += 1) this.addPod(workload, this.nextWorker(), {});
      }
    }
  }

  private nodesFor(placement: Placement): NodeModel[] {
    if (placement === 'control-plane') return this.nodes.filter((node) => node.role === 'control-plane');
    if (placement === 'workers') return this.workers();
    return this.nodes;
  }

  // ---------- workloads ----------

  private buildWorkloadNamespace(spec: WorkloadNamespaceSpec, index: number): void {
    const random = this.random(`workload-namespace:${spec.name}`);
    const isNamed = index < NAMED_WORKLOAD_NAMESPACES.length;
    const isInsecure = this.profile.hasInsecureWorkloads;
    const override = this.profile.podSecurityOverrides[spec.name];
    const hasNetworkPolicy = isNamed
      ? !this.profile.namespacesWithoutNetworkPolicy.includes(spec.name)
      : !(isInsecure && random.chance(0.05));
    const isSilent = isNamed ? this.profile.silentLogNamespaces.includes(spec.name) : isInsecure && random.chance(0.02);
    this.addNamespace(spec.name, false, {
      podSecurity: override === undefined ? 'restricted' : override,
      hasNetworkPolicy,
      logsStoppedMs: isSilent ? this.nowMs - 3 * DAY_MS - random.int(0, 3600) * 1000 : undefined,
    });
    const podCount = this.scale.podsPerNamespace;
    for (const [appIndex, app] of spec.apps.entries()) {
      const replicas = Math.floor(podCount / spec.apps.length) + (appIndex < podCount % spec.apps.length ? 1 : 0);
      const image =
        this.imageSourceFor(spec.name, app) === 'harbor'
          ? this.harborImage(this.repositoryNameFor(spec, app), spec.name, app)
          : this.externalImage('docker.io/library/redis:7.2.4', this.profile.criticalImages[`${spec.name}/${app}`] ?? 0);
      const container: ContainerModel = {
        name: app,
        image,
        securityContext: this.workloadContainerContext(spec.name, app, isNamed),
        env: this.workloadEnv(spec.name, app),
        port: 8080,
      };
      const isRootPod = this.isRootApp(spec.name, app, isNamed);
      const workload = this.addWorkload({
        kind: 'Deployment',
        namespace: spec.name,
        name: app,
        isSystem: false,
        replicas,
        containers: [container],
        podSecurityContext: isRootPod ? undefined : NON_ROOT_POD_CONTEXT,
        hostNetwork: false,
        placement: 'workers',
        strategyType: random.chance(0.2) ? 'Recreate' : 'RollingUpdate',
        createdMs: this.nowMs - random.int(5, 120) * DAY_MS,
        argoApp: isNamed ? spec.name : undefined,
      });
      for (let replica = 0; replica < replicas; replica += 1) {
        this.addPod(workload, this.nextWorker(), { createdMs: this.nowMs - random.int(2, 20 * 24) * HOUR_MS });
      }
    }
  }

  /** Root pods: the stock scenario's analytics/ingest and the redis from Docker Hub, plus a few generated ones. */
  private isRootApp(namespace: string, app: string, isNamed: boolean): boolean {
    if (!this.profile.hasInsecureWorkloads) return false;
    if (isNamed) return (namespace === 'analytics' && app === 'ingest') || (namespace === 'shop-backend' && app === 'redis');
    return this.random(`root:${namespace}/${app}`).chance(0.04);
  }

  private workloadContainerContext(namespace: string, app: string, isNamed: boolean): Record<string, unknown> | undefined {
    if (!this.profile.hasInsecureWorkloads) return RESTRICTED_CONTAINER_CONTEXT;
    if (namespace === 'shop-backend' && app === 'redis') return undefined;
    if (this.isRootApp(namespace, app, isNamed)) {
      return { runAsUser: 0, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } };
    }
    const isEscalating = isNamed ? namespace === 'inventory' && app === 'legacy-sync' : this.random(`escalate:${namespace}/${app}`).chance(0.03);
    if (isEscalating) return { allowPrivilegeEscalation: true, runAsNonRoot: true, readOnlyRootFilesystem: false };
    return RESTRICTED_CONTAINER_CONTEXT;
  }

  private workloadEnv(namespace: string, app: string): EnvVarModel[] {
    const env: EnvVarModel[] = [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'OTEL_SERVICE_NAME', value: app },
    ];
    if (namespace === 'payments' && app === 'payments-api') {
      env.push({ name: 'DB_HOST', value: 'payments-db.payments.svc' });
      env.push(
        this.profile.hasInsecureWorkloads
          ? { name: 'DB_PASSWORD', value: this.plantedSecret }
          : { name: 'DB_PASSWORD', secretRef: { name: 'payments-db', key: 'password' } },
      );
    }
    if (namespace === 'identity' && app === 'auth') {
      env.push({ name: 'JWT_SIGNING_KEY', secretRef: { name: 'auth-signing-key', key: 'key' } });
    }
    return env;
  }

  private addWorkload(init: Omit<WorkloadModel, 'uid' | 'templateHash' | 'replicaSetUid'>): WorkloadModel {
    const random = this.random(`workload:${init.namespace}/${init.name}`);
    const workload: WorkloadModel = {
      ...init,
      uid: random.uuid(),
      templateHash: random.nameSuffix(10),
      replicaSetUid: random.uuid(),
    };
    this.workloads.push(workload);
    return workload;
  }

  private addPod(workload: WorkloadModel, node: NodeModel, options: { isReady?: boolean; restarts?: number; createdMs?: number }): void {
    const ordinal = this.podCountByWorkload.get(workload) ?? 0;
    this.podCountByWorkload.set(workload, ordinal + 1);
    const random = this.random(`pod:${workload.namespace}/${workload.name}/${ordinal}`);
    let name: string;
    switch (workload.kind) {
      case 'Deployment':
        name = `${workload.name}-${workload.templateHash}-${random.nameSuffix(5)}`;
        break;
      case 'DaemonSet':
        name = `${workload.name}-${random.nameSuffix(5)}`;
        break;
      case 'StatefulSet':
        name = `${workload.name}-${ordinal}`;
        break;
      case 'StaticPod':
        name = `${workload.name}-${node.name}`;
        break;
    }
    const counter = this.podCounter;
    this.podCounter += 1;
    this.pods.push({
      name,
      namespace: workload.namespace,
      uid: random.uuid(),
      workload,
      nodeName: node.name,
      ip: workload.hostNetwork ? node.internalIp : `10.${244 + Math.floor(counter / 65_000)}.${Math.floor(counter / 250) % 256}.${(counter % 250) + 2}`,
      createdMs: options.createdMs ?? Math.max(workload.createdMs, node.bootTimeMs - random.int(1, 48) * HOUR_MS),
      isReady: options.isReady ?? true,
      restarts: options.restarts ?? random.int(0, 2),
    });
  }

  // ---------- runtime events and delivery ----------

  private buildFalcoEvents(): FalcoEventModel[] {
    const events: FalcoEventModel[] = [];
    const podOf = (namespace: string, workloadName: string): PodModel | undefined =>
      this.pods.find((pod) => pod.namespace === namespace && pod.workload.name === workloadName);
    const grafana = podOf('monitoring', 'kube-prometheus-stack-grafana');
    if (grafana !== undefined) {
      events.push({ rule: FALCO_RULES.Notice, priority: 'Notice', namespace: grafana.namespace, podName: grafana.name, nodeName: grafana.nodeName, firstMs: this.nowMs - 9 * DAY_MS, intervalMs: 20 * MINUTE_MS });
    }
    if (this.profile.falcoEventPriority !== 'Notice') {
      const target = podOf('inventory', 'legacy-sync') ?? this.pods.find((pod) => !pod.workload.isSystem);
      if (target !== undefined) {
        // started 47 minutes ago: the counter series begins inside the 3-hour window
        events.push({ rule: FALCO_RULES.Warning, priority: 'Warning', namespace: target.namespace, podName: target.name, nodeName: target.nodeName, firstMs: this.nowMs - 47 * MINUTE_MS + 13_000, intervalMs: 4 * MINUTE_MS });
      }
    }
    if (this.profile.falcoEventPriority === 'Critical') {
      const target = podOf('payments', 'ledger') ?? this.pods.find((pod) => !pod.workload.isSystem);
      if (target !== undefined) {
        events.push({ rule: FALCO_RULES.Critical, priority: 'Critical', namespace: target.namespace, podName: target.name, nodeName: target.nodeName, firstMs: this.nowMs - 2 * HOUR_MS - 52 * MINUTE_MS + 7000, intervalMs: 10 * MINUTE_MS });
      }
    }
    return events;
  }

  private buildArgoApps(specs: WorkloadNamespaceSpec[]): ArgoAppModel[] {
    return specs
      .filter((spec) => NAMED_WORKLOAD_NAMESPACES.some((named) => named.name === spec.name))
      .map((spec) => {
        const isOutOfSync = this.profile.argoOutOfSyncApps.includes(spec.name);
        return {
          name: spec.name,
          destinationNamespace: spec.name,
          syncStatus: isOutOfSync ? 'OutOfSync' : 'Synced',
          healthStatus: 'Healthy',
          createdMs: this.nowMs - this.random(`argo:${spec.name}`).int(20, 180) * DAY_MS,
        };
      });
  }
}

const MAINTAINED_OS = [
  { family: 'alpine', name: '3.20.3', eol: false },
  { family: 'debian', name: '12.8', eol: false },
  { family: 'ubuntu', name: '24.04', eol: false },
  { family: 'redhat', name: '9.5', eol: false },
] as const;

function containerNameFor(workloadName: string): string {
  const known: Record<string, string> = {
    'kube-prometheus-stack-operator': 'kube-prometheus-stack',
    'kube-prometheus-stack-kube-state-metrics': 'kube-state-metrics',
    'kube-prometheus-stack-grafana': 'grafana',
    'prometheus-kube-prometheus-stack-prometheus': 'prometheus',
    'alertmanager-kube-prometheus-stack-alertmanager': 'alertmanager',
    'ingress-nginx-controller': 'controller',
    'gatekeeper-controller-manager': 'manager',
    'gatekeeper-audit': 'manager',
    'falco-falcosidekick': 'falcosidekick',
  };
  return known[workloadName] ?? workloadName;
}

function systemContainerContext(security: SecurityProfile): Record<string, unknown> {
  switch (security) {
    case 'privileged':
      return { privileged: true, runAsUser: 0 };
    case 'root':
      return { runAsUser: 0, allowPrivilegeEscalation: false };
    case 'non-root':
      return RESTRICTED_CONTAINER_CONTEXT;
    case 'non-root-escalating':
      return { allowPrivilegeEscalation: true, runAsNonRoot: true, runAsUser: 101, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } };
  }
}

export function total(counts: SeverityCounts): number {
  return counts.critical + counts.high + counts.medium + counts.low + counts.unknown;
}

/** Byte-wise string order, the order etcd keys (and so Kubernetes lists) come in. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
