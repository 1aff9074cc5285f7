import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { evaluateControl } from '@/lib/testing/evaluate-control';
import { toPodSummary } from '@/lib/sources/kubernetes/pods';

// deploy/kubernetes is what `kubectl apply -k` applies, so it is what is tested: parsed with the
// `yaml` package, checked field by field, and run through Refmap's own container-hardening checks.

const DEPLOY_DIR = path.resolve(import.meta.dirname, '../deploy');
const MANIFEST_DIR = path.join(DEPLOY_DIR, 'kubernetes');

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } } & Record<string, unknown>;

const manifestFiles = readdirSync(MANIFEST_DIR).filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml');
const manifests: Manifest[] = manifestFiles.flatMap((file) =>
  parseAllDocuments(readFileSync(path.join(MANIFEST_DIR, file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
    return document.toJS() as Manifest;
  }),
);

function find<T>(kind: string, name: string): T {
  const manifest = manifests.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (!manifest) throw new Error(`no ${kind} ${name} in deploy/kubernetes`);
  return manifest as unknown as T;
}

const deployment = find<k8s.V1Deployment>('Deployment', 'refmap');
const cronJob = find<k8s.V1CronJob>('CronJob', 'refmap-collect');
const podTemplates: [string, k8s.V1PodTemplateSpec][] = [
  ['Deployment refmap', deployment.spec?.template as k8s.V1PodTemplateSpec],
  ['CronJob refmap-collect', cronJob.spec?.jobTemplate.spec?.template as k8s.V1PodTemplateSpec],
];

/** Every credential Refmap reads; each must come from a Secret, never from a literal or the ConfigMap. */
const CREDENTIALS = ['DATABASE_URL', 'REFMAP_SESSION_SECRET', 'REFMAP_OIDC_CLIENT_SECRET', 'REFMAP_METRICS_TOKEN', 'PROMETHEUS_TOKEN', 'OPENSEARCH_PASSWORD', 'HARBOR_PASSWORD', 'KUBERNETES_TOKEN'];
const SECRET_LIKE = /(PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|DATABASE_URL)/i;

describe('deploy/kubernetes', () => {
  it('lists every manifest in kustomization.yaml, and only those', () => {
    const kustomization = parseAllDocuments(readFileSync(path.join(MANIFEST_DIR, 'kustomization.yaml'), 'utf8'))[0]?.toJS() as { resources: string[]; namespace: string };
    expect([...kustomization.resources].sort()).toEqual([...manifestFiles].sort());
    expect(kustomization.namespace).toBe('refmap');
  });

  it('enforces the restricted Pod Security Standard on the namespace', () => {
    expect(find<Manifest>('Namespace', 'refmap').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  describe.each(podTemplates)('%s', (_name, template) => {
    const spec = template.spec as k8s.V1PodSpec;
    const containers = [...(spec.initContainers ?? []), ...spec.containers];

    it('runs as a numeric non-root user with the RuntimeDefault seccomp profile', () => {
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.serviceAccountName).toBe('refmap');
    });

    it.each(containers.map((container) => [container.name, container] as const))('container %s is locked down', (_container, container) => {
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext?.capabilities?.add ?? []).toEqual([]);
      expect(container.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(container.image).not.toMatch(/:latest$/);
    });

    it('writes only to a /tmp emptyDir', () => {
      expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '256Mi' } }]);
      for (const container of containers) expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    });

    it('takes every credential from the Secret, and nothing secret-looking as a literal', () => {
      for (const container of containers) {
        const env = container.env ?? [];
        for (const name of CREDENTIALS) {
          const variable = env.find((candidate) => candidate.name === name);
          expect(variable?.valueFrom?.secretKeyRef?.name, `${container.name} ${name}`).toBe('refmap-credentials');
        }
        for (const variable of env.filter((candidate) => SECRET_LIKE.test(candidate.name))) expect(variable.value, variable.name).toBeUndefined();
        expect(container.envFrom).toEqual([{ configMapRef: { name: 'refmap-config' } }]);
      }
    });
  });

  it('keeps no secret in the ConfigMap', () => {
    const data = find<k8s.V1ConfigMap>('ConfigMap', 'refmap-config').data ?? {};
    expect(Object.keys(data).filter((key) => SECRET_LIKE.test(key))).toEqual([]);
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['REFMAP_OIDC_ISSUER', 'REFMAP_OIDC_CLIENT_ID', 'REFMAP_ROLE_MAPPING', 'REFMAP_PUBLIC_URL']));
  });

  it('probes /api/health for readiness and liveness', () => {
    const container = deployment.spec?.template.spec?.containers[0];
    expect(container?.readinessProbe?.httpGet?.path).toBe('/api/health');
    expect(container?.livenessProbe?.httpGet?.path).toBe('/api/health');
  });

  it('collects with `npm run collect -- --once`, one run at a time', () => {
    expect(cronJob.spec?.concurrencyPolicy).toBe('Forbid');
    expect(cronJob.spec?.jobTemplate.spec?.template.spec?.containers[0]?.command).toEqual(['npm', 'run', 'collect', '--', '--once']);
  });

  it('may only get, list and watch the kinds Refmap reads — never Secrets', () => {
    const role = find<k8s.V1ClusterRole>('ClusterRole', 'refmap-reader');
    const granted = (role.rules ?? []).flatMap((rule) => (rule.apiGroups ?? []).flatMap((group) => (rule.resources ?? []).map((resource) => `${group}/${resource}`)));
    expect(granted.sort()).toEqual(
      [
        '/pods',
        '/namespaces',
        '/nodes',
        'apps/daemonsets',
        'apps/deployments',
        'rbac.authorization.k8s.io/clusterrolebindings',
        'networking.k8s.io/networkpolicies',
        'constraints.gatekeeper.sh/*',
        'aquasecurity.github.io/vulnerabilityreports',
        'aquasecurity.github.io/clustercompliancereports',
        'argoproj.io/applications',
        'crd.projectcalico.org/felixconfigurations',
      ].sort(),
    );
    for (const rule of role.rules ?? []) expect(rule.verbs).toEqual(['get', 'list', 'watch']);
    const binding = find<k8s.V1ClusterRoleBinding>('ClusterRoleBinding', 'refmap-reader');
    expect(binding.roleRef.name).toBe('refmap-reader');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'refmap', namespace: 'refmap' }]);
  });

  it('denies all traffic by default, then allows the web port in and DNS and the sources out', () => {
    const policies = manifests.filter((manifest) => manifest.kind === 'NetworkPolicy') as unknown as k8s.V1NetworkPolicy[];
    const defaultDeny = policies.find((policy) => policy.metadata?.name === 'default-deny');
    expect(defaultDeny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const ingress = policies.find((policy) => policy.metadata?.name === 'refmap-web-ingress');
    expect(ingress?.spec?.ingress?.[0]?.ports).toEqual([{ protocol: 'TCP', port: 3000 }]);
    const egressPorts = (policies.find((policy) => policy.metadata?.name === 'refmap-egress')?.spec?.egress ?? []).flatMap((rule) => (rule.ports ?? []).map((port) => `${port.protocol}/${port.port}`));
    expect(egressPorts).toEqual(expect.arrayContaining(['UDP/53', 'TCP/53', 'TCP/9090', 'TCP/9200', 'TCP/5432', 'TCP/443']));
  });

  // Refmap's own verdict on its own deployment: its pods, as the Kubernetes API would show them.
  it.each(['S5.NON-ROOT', 'S5.NO-PRIV-ESC', 'S5.NO-HARDCODED-SECRETS'])('passes Refmap’s own check %s', async (controlId) => {
    const pods = podTemplates.map(([name, template]) => toPodSummary({ metadata: { namespace: 'refmap', name: name.replace(/\s+/g, '-').toLowerCase() }, spec: template.spec, status: { phase: 'Running' } }));
    const result = await evaluateControl(controlId, { kubernetes: { pods } });
    expect(result.status, result.summary).toBe('pass');
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(path.join(DEPLOY_DIR, 'Dockerfile'), 'utf8');
  const instructions = dockerfile.split('\n').filter((line) => !line.trimStart().startsWith('#'));

  it('builds on node:20-bookworm-slim from the lockfile and runs as a numeric non-root user', () => {
    expect(dockerfile).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
    expect(instructions.some((line) => /^RUN npm ci\b/.test(line))).toBe(true);
    const users = instructions.filter((line) => line.startsWith('USER '));
    expect(users.at(-1)).toMatch(/^USER [1-9]\d*:[1-9]\d*$/);
  });

  it('downloads nothing beyond the locked npm install and leaves health checks to Kubernetes', () => {
    expect(instructions.join('\n')).not.toMatch(/\b(curl|wget|apt-get|npm install)\b|^ADD https?:/m);
    expect(instructions.some((line) => line.startsWith('HEALTHCHECK'))).toBe(false);
  });
});
