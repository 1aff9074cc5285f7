import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { evaluateControl } from '@/lib/testing/evaluate-control';
import { getMetrics } from '@/lib/metrics';
import { toPodSummary } from '@/lib/sources/kubernetes/pods';
import { readerRoleRules } from '@/lib/sources/kubernetes/reads';

// The Helm chart as `helm template` renders it for each values file in deploy/helm/refmap/ci: every
// object validated against the Kubernetes 1.34 API schemas (kubernetes-models, and unknown fields
// caught by a round trip through @kubernetes/client-node's models), its pods run through Refmap's own
// container-hardening controls, its secrets, RBAC, NetworkPolicies and monitoring checked.

const ROOT = path.resolve(import.meta.dirname, '..');
const CHART = path.join(ROOT, 'deploy/helm/refmap');
const VALUES_DIR = path.join(CHART, 'ci');
const VALUES_FILES = readdirSync(VALUES_DIR).filter((file) => file.endsWith('-values.yaml'));

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> } } & Record<string, unknown>;

let helm: string;

function helmTemplate(args: string[]): { manifests: Manifest[]; error: string } {
  const result = spawnSync(helm, ['template', 'refmap', CHART, '--namespace', 'refmap', ...args], { encoding: 'utf8' });
  if (result.status !== 0) return { manifests: [], error: result.stderr };
  const manifests = parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
  return { manifests, error: '' };
}

beforeAll(() => {
  helm = path.join(execFileSync('node', [path.join(ROOT, 'scripts/test/k8s-tools.mjs')], { encoding: 'utf8' }).trim(), 'helm');
});

/** Kubernetes 1.34 schemas (kubernetes-models) and the client models' names, by apiVersion and kind. */
const MODELS: Record<string, { validate: (object: Manifest) => void; clientModel?: string }> = {};
for (const [model, clientModel] of [
  [Deployment, 'V1Deployment'],
  [CronJob, 'V1CronJob'],
  [Service, 'V1Service'],
  [ServiceAccount, 'V1ServiceAccount'],
  [ConfigMap, 'V1ConfigMap'],
  [Secret, 'V1Secret'],
  [ClusterRole, 'V1ClusterRole'],
  [ClusterRoleBinding, 'V1ClusterRoleBinding'],
  [NetworkPolicy, 'V1NetworkPolicy'],
  [PodDisruptionBudget, 'V1PodDisruptionBudget'],
  [Ingress, 'V1Ingress'],
  [ServiceMonitor, undefined],
  [PrometheusRule, undefined],
] as const) {
  MODELS[`${model.apiVersion}/${model.kind}`] = { validate: (object) => new model(object as never).validate(), clientModel };
}

/** CloudNativePG ships no schema package here: its Cluster is checked field by field below. */
const CNPG_CLUSTER = 'postgresql.cnpg.io/v1/Cluster';

function podTemplates(manifests: Manifest[]): [string, k8s.V1PodSpec][] {
  return manifests.flatMap((manifest): [string, k8s.V1PodSpec][] => {
    if (manifest.kind === 'Deployment') return [[manifest.metadata.name, (manifest as unknown as k8s.V1Deployment).spec?.template.spec as k8s.V1PodSpec]];
    if (manifest.kind === 'CronJob') return [[manifest.metadata.name, (manifest as unknown as k8s.V1CronJob).spec?.jobTemplate.spec?.template.spec as k8s.V1PodSpec]];
    return [];
  });
}

/** The secret keys a pod can read: projected and plain Secret volumes. */
function secretKeysOf(spec: k8s.V1PodSpec): string[] {
  return (spec.volumes ?? []).flatMap((volume) => [
    ...(volume.projected?.sources ?? []).flatMap((source) => (source.secret?.items ?? []).map((item) => item.key)),
    ...(volume.secret ? [`${volume.secret.secretName}/*`] : []),
  ]);
}

const SECRET_LIKE = /(PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|DATABASE_URL)(?!_FILE)/i;

describe.each(VALUES_FILES)('helm chart with ci/%s', (valuesFile) => {
  let manifests: Manifest[];
  const values = parse(readFileSync(path.join(VALUES_DIR, valuesFile), 'utf8')) as Record<string, unknown>;

  beforeAll(() => {
    const rendered = helmTemplate(['--values', path.join(VALUES_DIR, valuesFile)]);
    expect(rendered.error).toBe('');
    manifests = rendered.manifests;
    expect(manifests.length).toBeGreaterThan(0);
  });

  it('renders only objects valid against the Kubernetes 1.34 API schemas, without unknown fields', () => {
    for (const manifest of manifests) {
      const key = `${manifest.apiVersion}/${manifest.kind}`;
      const where = `${manifest.kind} ${manifest.metadata.name}`;
      if (key === CNPG_CLUSTER) {
        const spec = manifest.spec as { instances: number; storage: { size: string } };
        expect(spec.instances, where).toBeGreaterThan(0);
        expect(spec.storage.size, where).toMatch(/^\d+(Mi|Gi|Ti)$/);
        continue;
      }
      const model = MODELS[key];
      expect(model, `no schema for ${key}`).toBeDefined();
      expect(() => model?.validate(manifest), where).not.toThrow();
      if (model?.clientModel) {
        const roundTrip: unknown = ObjectSerializer.serialize(ObjectSerializer.deserialize(manifest, model.clientModel), model.clientModel);
        expect(roundTrip, `${where}: a field unknown to the API`).toEqual(manifest);
      }
    }
  });

  it('runs every container locked down, with secrets only as mounted files', () => {
    for (const [name, spec] of podTemplates(manifests)) {
      expect(spec.securityContext, name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
        expect(container.securityContext, name).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(container.image, name).not.toMatch(/:latest$/);
        expect(container.envFrom, name).toBeUndefined();
        for (const variable of container.env ?? []) {
          expect(variable.valueFrom, `${name} ${variable.name}: no secret in the environment`).toBeUndefined();
          if (SECRET_LIKE.test(variable.name)) expect(variable.name, `${name}: a secret variable`).toBe('REFMAP_ALLOW_LOCAL_SIGNIN');
        }
        expect(container.volumeMounts?.filter((mount) => !mount.readOnly).map((mount) => mount.mountPath), name).toEqual(['/tmp']);
      }
    }
  });

  it('gives each component only the credentials it uses', () => {
    const templates = new Map(podTemplates(manifests));
    const web = templates.get('refmap');
    if (web === undefined) return expect(values.app).toEqual({ enabled: false });
    expect(secretKeysOf(web)).toEqual(expect.arrayContaining(['session-secret']));
    const collector = templates.get('refmap-collector');
    const verify = templates.get('refmap-verify');
    for (const spec of [collector, verify]) {
      expect(spec).toBeDefined();
      for (const key of ['session-secret', 'oidc-client-secret', 'metrics-token']) expect(secretKeysOf(spec as k8s.V1PodSpec)).not.toContain(key);
    }
    // verify reads the database only: no signing key, no source credentials, no Kubernetes token
    expect(secretKeysOf(verify as k8s.V1PodSpec).sort()).toEqual([(values.database as { cloudnativepg?: { enabled?: boolean } } | undefined)?.cloudnativepg?.enabled ? 'uri' : 'database-url']);
    expect(verify?.automountServiceAccountToken).toBe(false);
    expect(verify?.containers[0]?.env?.map((variable) => variable.name)).not.toContain('REFMAP_CONFIG');
  });

  // Refmap's own verdict on its own pods, as the Kubernetes API would show them. A NAME_FILE variable
  // must hold the path of a mounted file (S5.NO-HARDCODED-SECRETS takes `_FILE` names as such).
  it.each(['S5.NON-ROOT', 'S5.NO-PRIV-ESC', 'S5.NO-HARDCODED-SECRETS'])('passes Refmap’s own check %s', async (controlId) => {
    const pods = podTemplates(manifests).map(([name, spec]) => {
      for (const variable of spec.containers.flatMap((container) => container.env ?? []).filter((candidate) => candidate.name.endsWith('_FILE'))) {
        expect(variable.value, variable.name).toMatch(/^\/etc\/refmap\/(secrets|config|credentials)\/[a-z0-9.-]+$/);
      }
      return toPodSummary({ metadata: { namespace: 'refmap', name }, spec, status: { phase: 'Running' } });
    });
    if (pods.length === 0) return expect(values.app).toEqual({ enabled: false });
    const result = await evaluateControl(controlId, { kubernetes: { pods } });
    expect(result.status, result.summary).toBe('pass');
  });

  it('grants the reader ClusterRole exactly the declared reads', () => {
    const role = manifests.find((manifest) => manifest.kind === 'ClusterRole') as unknown as k8s.V1ClusterRole;
    expect(role.rules).toEqual(readerRoleRules());
  });

  it('opens egress to no address beyond the configured ones', () => {
    const policies = manifests.filter((manifest) => manifest.kind === 'NetworkPolicy') as unknown as k8s.V1NetworkPolicy[];
    if (policies.length === 0) return expect(values.app).toEqual({ enabled: false });
    const network = values.networkPolicy as { hostCIDRs?: Record<string, string[]>; apiServer?: { cidrs?: string[] } } | undefined;
    const database = values.database as { external?: { cidrs?: string[] } };
    const allowed = new Set([...Object.values(network?.hostCIDRs ?? {}).flat(), ...(network?.apiServer?.cidrs ?? []), ...(database.external?.cidrs ?? [])]);
    const cidrs = policies.flatMap((policy) => (policy.spec?.egress ?? []).flatMap((rule) => (rule.to ?? []).flatMap((peer) => (peer.ipBlock ? [peer.ipBlock.cidr] : []))));
    expect(cidrs.filter((cidr) => !allowed.has(cidr))).toEqual([]);
    expect(policies.find((policy) => policy.metadata?.name === 'refmap-default-deny')?.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('alerts with the rules promtool tests and scrapes with the metrics token', () => {
    const rule = manifests.find((manifest) => manifest.kind === 'PrometheusRule');
    if (rule === undefined) return expect(values.app).toEqual({ enabled: false });
    expect(rule?.spec).toEqual(parse(readFileSync(path.join(CHART, 'files/alerts.yaml'), 'utf8')));
    const monitor = manifests.find((manifest) => manifest.kind === 'ServiceMonitor') as unknown as { spec: { endpoints: { path: string; authorization: { credentials: { key: string } } }[] } };
    expect(monitor.spec.endpoints[0]).toMatchObject({ path: '/api/metrics', authorization: { credentials: { key: 'metrics-token' } } });
    const dashboard = manifests.find((manifest) => manifest.kind === 'ConfigMap' && manifest.metadata.name.endsWith('-dashboard')) as unknown as k8s.V1ConfigMap;
    expect(dashboard.metadata?.labels?.grafana_dashboard).toBe('1');
    expect(JSON.parse(dashboard.data?.['refmap.json'] ?? '')).toMatchObject({ uid: 'refmap-overview' });
  });
});

describe('the chart refuses unsafe or incomplete values', () => {
  const minimal = ['--values', path.join(VALUES_DIR, 'minimal-values.yaml')];
  it.each([
    [['--set', 'containerSecurityContext.privileged=true'], 'privileged'],
    [['--set', 'oidc.roleMapping=viewer=*'], 'allOf'],
    [['--set', 'oidc.enabled=false'], 'sign-in needs OIDC'],
    [['--set', 'clusters[0].harbor.url=https://harbor.example.org'], 'networkPolicy.hostCIDRs has no addresses for harbor.example.org'],
    [['--set', 'database.external.cidrs=null'], 'database.external'],
  ])('%j', (args, message) => {
    expect(helmTemplate([...minimal, ...args]).error).toContain(message);
  });
});

describe('alert rules and dashboard', () => {
  const exported = new Set(
    getMetrics().registry.getMetricsAsArray().flatMap((metric) =>
      String(metric.type) === 'histogram' ? [`${metric.name}_bucket`, `${metric.name}_count`, `${metric.name}_sum`] : [metric.name],
    ),
  );
  it.each(['files/alerts.yaml', 'files/dashboard.json'])('%s uses only metrics Refmap exports (or kube-state-metrics)', (file) => {
    const names = [...new Set(readFileSync(path.join(CHART, file), 'utf8').match(/\b(refmap|kube)_[a-z_]+/g) ?? [])];
    expect(names.length).toBeGreaterThan(3);
    const unknown = names.filter((name) => name.startsWith('refmap_') && !exported.has(name));
    expect(unknown).toEqual([]);
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(path.join(ROOT, 'deploy/Dockerfile'), 'utf8');
  const instructions = dockerfile.split('\n').filter((line) => !line.trimStart().startsWith('#'));
  const runtime = instructions.slice(instructions.findIndex((line) => /^FROM .* AS runtime$/.test(line)));
  const ignored = readFileSync(path.join(ROOT, 'deploy/Dockerfile.dockerignore'), 'utf8').split('\n');

  it('builds on node:20-bookworm-slim from the lockfile and runs as a numeric non-root user', () => {
    expect(dockerfile).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
    expect(instructions.some((line) => /^RUN npm ci\b/.test(line))).toBe(true);
    expect(runtime.filter((line) => line.startsWith('USER ')).at(-1)).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
  });

  it('downloads nothing beyond the locked npm install and leaves health checks to Kubernetes', () => {
    expect(instructions.join('\n')).not.toMatch(/\b(curl|wget|apt-get|npm install)\b|^ADD https?:/m);
    expect(instructions.some((line) => line.startsWith('HEALTHCHECK'))).toBe(false);
  });

  it('ships only the standalone output into the runtime stage, never the build tree with its dev dependencies', () => {
    const copies = runtime.filter((line) => line.startsWith('COPY'));
    expect(copies).toEqual(['COPY --from=build /app/.next/standalone /app']);
    expect(runtime.join('\n')).toContain('CMD ["node", "server.js"]');
  });

  it('keeps tests, fixtures and test-only keys out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['**/*.test.ts', '**/fixtures', 'lib/sources/test-support', 'e2e', '.env*']));
  });
});

describe('scripts/bundle-commands.mjs', () => {
  it('bundles collect, verify and migrate into modules Node.js can load', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'refmap-commands-'));
    execFileSync('node', [path.join(ROOT, 'scripts/bundle-commands.mjs'), outdir], { encoding: 'utf8' });
    for (const name of ['collect', 'verify', 'migrate']) {
      // --check parses the whole module: a clash in the bundle (e.g. a name declared twice) fails here
      expect(spawnSync('node', ['--check', path.join(outdir, `${name}.mjs`)], { encoding: 'utf8' }).stderr).toBe('');
    }
    rmSync(outdir, { recursive: true, force: true });
  });
});
