import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { ConfigFileError, parseConfigFile } from './config-file';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'refmap-config-file-'));
}

function fileError(yaml: string, env: Record<string, string> = {}): ConfigFileError {
  try {
    parseConfigFile(yaml, { env, baseDir: tempDir() });
  } catch (error) {
    if (error instanceof ConfigFileError) return error;
    throw error;
  }
  throw new Error('expected a ConfigFileError');
}

const TWO_CLUSTERS = `
clusters:
  - name: mgmt
    role: management
    prometheus: { url: "https://prometheus.mgmt.example.com/", tokenFile: prom-token }
    opensearch: { url: https://opensearch.mgmt.example.com, username: refmap, passwordEnv: OS_PASSWORD }
    harbor: { url: https://harbor.example.com, username: "robot$refmap", passwordFile: /nonexistent-is-fine-when-unused }
    kubernetes: { url: "https://mgmt.example.com:6443", tokenEnv: K8S_TOKEN_MGMT, tls: { caFile: ca.pem } }
  - name: wc1
    role: workload
    prometheus: { url: https://prometheus.wc1.example.com, tokenEnv: PROM_TOKEN_B }
    opensearch: { sameAs: mgmt }
    kubernetes: { kubeconfig: wc1.kubeconfig }
retention:
  hourlyFor: 2d
  dailyFor: 30d
`;

describe('parseConfigFile', () => {
  it('reads clusters with their secrets from files and the environment, and shares the management OpenSearch', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'prom-token'), 'prom-secret\n');
    writeFileSync(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    const yaml = TWO_CLUSTERS.replace('passwordFile: /nonexistent-is-fine-when-unused', 'passwordEnv: HARBOR_PW');
    const file = parseConfigFile(yaml, { env: { OS_PASSWORD: 'os-secret', HARBOR_PW: 'h', K8S_TOKEN_MGMT: 'k8s-secret', PROM_TOKEN_B: 'prom-b' }, baseDir: dir });

    const [mgmt, wc1] = file.clusters ?? [];
    expect(mgmt).toMatchObject({ name: 'mgmt', role: 'management', logsStoredIn: undefined });
    expect(mgmt?.sources.prometheus).toMatchObject({ url: 'https://prometheus.mgmt.example.com', token: 'prom-secret', skipTlsVerify: false });
    expect(mgmt?.sources.kubernetes).toMatchObject({ kind: 'url', connection: { token: 'k8s-secret', ca: expect.stringContaining('BEGIN CERTIFICATE') } });
    expect(wc1).toMatchObject({ name: 'wc1', role: 'workload', logsStoredIn: 'mgmt' });
    expect(wc1?.sources.opensearch).toEqual(mgmt?.sources.opensearch);
    expect(wc1?.sources.opensearch).toMatchObject({ username: 'refmap', password: 'os-secret' });
    expect(wc1?.sources.kubernetes).toEqual({ kind: 'kubeconfig', kubeconfigPath: path.join(dir, 'wc1.kubeconfig') });
    expect(wc1?.sources.harbor).toBeUndefined();
    expect(file.retention).toEqual({ isEnabled: true, hourlyForMs: 2 * 86_400_000, dailyForMs: 30 * 86_400_000 });
  });

  it('defaults retention to hourly for 7 days, daily for 90, and accepts a file without clusters', () => {
    expect(parseConfigFile('', { env: {}, baseDir: '/' })).toEqual({ clusters: undefined, retention: { isEnabled: true, hourlyForMs: 7 * 86_400_000, dailyForMs: 90 * 86_400_000 } });
  });

  it('reads the catalog section with the catalog’s own schema, naming a bad field by its path', () => {
    const file = parseConfigFile('catalog:\n  settings: { trustedRegistries: [harbor.example.com], maxRebootPendingDays: 14 }', { env: {}, baseDir: '/' });
    expect(file.catalog?.settings).toEqual({ trustedRegistries: ['harbor.example.com'], maxRebootPendingDays: 14 });
    expect(fileError('catalog: { anything: 1 }').fieldPath).toBe('catalog.anything');
    expect(fileError('catalog:\n  settings: { maxRebootPendingDays: soon }').fieldPath).toBe('catalog.settings.maxRebootPendingDays');
    expect(fileError('catalog:\n  overrides: { NO.SUCH: { notApplicable: x } }').fieldPath).toBe('catalog.overrides.NO.SUCH');
  });

  it.each([
    ['clusters:\n  - name: a\n    role: workload\n  - name: b\n    role: workload\n    prometheus: { url: "ftp://x" }', 'clusters[1].prometheus.url', 'must be an http(s) URL'],
    ['clusters:\n  - name: a\n    role: workload\n    prometheus: { url: "https://u:p@x" }', 'clusters[0].prometheus.url', 'must not contain credentials'],
    ['clusters:\n  - name: a\n    role: workload\n    prometheus: { url: "https://x", token: abc }', 'clusters[0].prometheus.token', 'inline secrets are not allowed: use tokenFile or tokenEnv'],
    ['clusters:\n  - name: a\n    role: workload\n    harbor: { url: "https://x", username: u, password: abc }', 'clusters[0].harbor.password', 'inline secrets are not allowed: use passwordFile or passwordEnv'],
    ['clusters:\n  - name: a\n    role: workload\n    prometheus: { url: "https://x", tokenfile: t }', 'clusters[0].prometheus.tokenfile', 'is not a known setting'],
    ['clusters:\n  - name: a\n    role: boss', 'clusters[0].role', 'must be management or workload'],
    ['clusters:\n  - role: workload', 'clusters[0].name', 'is required'],
    ['clusters:\n  - name: Not_A_Name\n    role: workload', 'clusters[0].name', 'must be lower-case letters, digits, dots and dashes (at most 63)'],
    ['clusters:\n  - name: a\n    role: workload\n  - name: a\n    role: management', 'clusters[1].name', 'duplicate cluster name "a"'],
    ['clusters:\n  - name: a\n    role: workload\n    opensearch: { sameAs: mgmt }', 'clusters[0].opensearch.sameAs', 'no cluster named "mgmt"'],
    ['clusters:\n  - name: a\n    role: workload\n    opensearch: { sameAs: a }', 'clusters[0].opensearch.sameAs', 'must name another cluster'],
    ['clusters:\n  - name: a\n    role: workload\n  - name: b\n    role: workload\n    opensearch: { sameAs: a }', 'clusters[1].opensearch.sameAs', 'cluster "a" has no opensearch of its own'],
    ['clusters:\n  - name: a\n    role: workload\n    prometheus: { sameAs: b }', 'clusters[0].prometheus.sameAs', 'is not a known setting'],
    ['clusters:\n  - name: a\n    role: workload\n    prometheus: { url: "https://x", tokenEnv: MISSING }', 'clusters[0].prometheus.tokenEnv', 'environment variable MISSING is not set'],
    ['clusters:\n  - name: a\n    role: workload\n    prometheus: { url: "https://x", tokenEnv: A, tokenFile: f }', 'clusters[0].prometheus.tokenEnv', 'set either tokenFile or tokenEnv, not both'],
    ['clusters:\n  - name: a\n    role: workload\n    prometheus: { url: "https://x", tokenFile: no-such-file }', 'clusters[0].prometheus.tokenFile', 'cannot read'],
    ['clusters:\n  - name: a\n    role: workload\n    harbor: { url: "https://x", username: u }', 'clusters[0].harbor.username', 'go together'],
    ['clusters:\n  - name: a\n    role: workload\n    kubernetes: { url: "https://x", kubeconfig: k }', 'clusters[0].kubernetes', 'set exactly one of'],
    ['clusters:\n  - name: a\n    role: workload\n    prometheus: { tokenEnv: A }', 'clusters[0].prometheus.url', 'is required'],
    ['clusters: []', 'clusters', 'must list at least one cluster'],
    ['retention: { hourlyFor: often }', 'retention.hourlyFor', 'must be a duration'],
    ['retention: { hourlyFor: 30d, dailyFor: 7d }', 'retention.dailyFor', 'must be at least as long as retention.hourlyFor'],
    ['clusters: [unclosed', '(file)', 'is not valid YAML'],
  ])('names the bad field of %j', (yaml, fieldPath, reason) => {
    const error = fileError(yaml, { A: 'x' });
    expect(error.fieldPath).toBe(fieldPath);
    expect(error.reason).toContain(reason);
  });
});

describe('loadConfig with REFMAP_CONFIG', () => {
  function writeConfig(yaml: string): string {
    const file = path.join(tempDir(), 'refmap.yaml');
    writeFileSync(file, yaml);
    return file;
  }

  function configError(env: Record<string, string>): ConfigError {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('lists every cluster of the file; the first is the default unless REFMAP_CLUSTER_NAME names another', () => {
    const REFMAP_CONFIG = writeConfig('clusters:\n  - name: a\n    role: management\n    prometheus: { url: "https://p.a" }\n  - name: b\n    role: workload\n');
    const config = loadConfig({ REFMAP_CONFIG });
    expect(config.clusters.map((cluster) => cluster.name)).toEqual(['a', 'b']);
    expect(config.clusterName).toBe('a');
    expect(config.sources.prometheus?.url).toBe('https://p.a');
    expect(config.isDemo).toBe(false);
    expect(loadConfig({ REFMAP_CONFIG, REFMAP_CLUSTER_NAME: 'b' }).clusterName).toBe('b');
  });

  it('keeps the one-cluster environment shortcut, and the demo when nothing is configured', () => {
    expect(loadConfig({ PROMETHEUS_URL: 'https://prom.example.com' }).clusters).toEqual([
      { name: 'prom.example.com', role: 'workload', sources: expect.objectContaining({ prometheus: expect.objectContaining({ url: 'https://prom.example.com' }) }) },
    ]);
    const demo = loadConfig({});
    expect(demo.isDemo).toBe(true);
    expect(demo.clusters.map((cluster) => cluster.name)).toEqual(['demo']);
  });

  it('says which field is wrong, with the variable name in front', () => {
    const REFMAP_CONFIG = writeConfig('clusters:\n  - name: a\n    role: workload\n  - name: b\n    role: workload\n    prometheus: { url: "not a url" }\n');
    expect(configError({ REFMAP_CONFIG }).message).toBe('Invalid configuration: REFMAP_CONFIG clusters[1].prometheus.url: must be an http(s) URL');
    expect(configError({ REFMAP_CONFIG: '/no/such/refmap.yaml' }).message).toContain('REFMAP_CONFIG: cannot read /no/such/refmap.yaml');
  });

  it('refuses clusters in the file together with the single-cluster variables', () => {
    const REFMAP_CONFIG = writeConfig('clusters:\n  - name: a\n    role: workload\n');
    expect(configError({ REFMAP_CONFIG, PROMETHEUS_URL: 'https://p' }).variable).toBe('PROMETHEUS_URL');
    expect(configError({ REFMAP_CONFIG, REFMAP_CLUSTER_NAME: 'zzz' }).message).toContain('must name one of the clusters in REFMAP_CONFIG (a)');
  });

  it('accepts an Ed25519 signing key and refuses other keys', () => {
    const dir = tempDir();
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(path.join(dir, 'ed25519.pem'), ed25519);
    writeFileSync(path.join(dir, 'rsa.pem'), rsa);
    writeFileSync(path.join(dir, 'junk.pem'), 'junk');
    expect(loadConfig({ REFMAP_SIGNING_KEY_FILE: path.join(dir, 'ed25519.pem') }).signingKeyPem).toBe(ed25519);
    expect(configError({ REFMAP_SIGNING_KEY_FILE: path.join(dir, 'rsa.pem') }).message).toContain('must be an Ed25519 private key');
    expect(configError({ REFMAP_SIGNING_KEY_FILE: path.join(dir, 'junk.pem') }).message).toContain('is not a PEM private key');
    expect(loadConfig({}).signingKeyPem).toBeUndefined();
  });
});
