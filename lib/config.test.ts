import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from './config';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('with REFMAP_DEMO_FLEET, the demo is a management cluster and two workload clusters that store their logs there', () => {
    const config = loadConfig({ REFMAP_DEMO_FLEET: 'true' });
    expect(config.isDemo).toBe(true);
    expect(config.clusters.map(({ name, role, logsStoredIn }) => ({ name, role, logsStoredIn }))).toEqual([
      { name: 'mgmt', role: 'management', logsStoredIn: undefined },
      { name: 'wc1', role: 'workload', logsStoredIn: 'mgmt' },
      { name: 'wc2', role: 'workload', logsStoredIn: 'mgmt' },
    ]);
    expect(config.clusterName).toBe('mgmt');
    expect(loadConfig({ REFMAP_DEMO_FLEET: 'true', REFMAP_CLUSTER_NAME: 'wc2' }).clusterName).toBe('wc2');
    expect(configError({ REFMAP_DEMO_FLEET: 'true', REFMAP_CLUSTER_NAME: 'other' }).variable).toBe('REFMAP_CLUSTER_NAME');
    expect(configError({ REFMAP_DEMO_FLEET: 'maybe' }).variable).toBe('REFMAP_DEMO_FLEET');
  });

  it('ignores REFMAP_DEMO_FLEET when sources are configured', () => {
    const config = loadConfig({ REFMAP_DEMO_FLEET: 'true', PROMETHEUS_URL: 'https://prometheus.example.com' });
    expect(config.clusters.map((cluster) => cluster.name)).toEqual(['prometheus.example.com']);
  });

  it('uses the demo cluster and embedded database when nothing is configured', () => {
    const config = loadConfig({}, { cwd: '/srv/refmap' });
    expect(config.isDemo).toBe(true);
    expect(config.clusterName).toBe('demo');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('/srv/refmap/.data');
    expect(config.collectIntervalMs).toBe(15 * 60_000);
    expect(config.demoScenario).toBe('stock');
  });

  it('reads sources with their credentials, secrets also from _FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'refmap-config-'));
    writeFileSync(path.join(dir, 'harbor-password'), 's3cret-from-file\n');
    const config = loadConfig({
      PROMETHEUS_URL: 'https://prometheus.example.com/',
      PROMETHEUS_TOKEN: 'prom-token',
      HARBOR_URL: 'https://harbor.example.com',
      HARBOR_USERNAME: 'robot$refmap',
      HARBOR_PASSWORD_FILE: path.join(dir, 'harbor-password'),
      KUBERNETES_API_URL: 'https://k8s.example.com:6443',
      KUBERNETES_TOKEN: 'k8s-token',
    });
    expect(config.isDemo).toBe(false);
    expect(config.sources.prometheus).toMatchObject({ url: 'https://prometheus.example.com', token: 'prom-token', skipTlsVerify: false });
    expect(config.sources.harbor).toMatchObject({ username: 'robot$refmap', password: 's3cret-from-file' });
    expect(config.sources.kubernetes).toMatchObject({ kind: 'url', connection: { url: 'https://k8s.example.com:6443', token: 'k8s-token' } });
    expect(config.sources.opensearch).toBeUndefined();
    expect(config.clusterName).toBe('k8s.example.com');
  });

  it('reads DATABASE_URL from DATABASE_URL_FILE, as Kubernetes mounts it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'refmap-config-'));
    writeFileSync(path.join(dir, 'database-url'), 'postgresql://refmap:pw@db.example.com:5432/refmap\n');
    expect(loadConfig({ DATABASE_URL_FILE: path.join(dir, 'database-url') }).databaseUrl).toBe('postgresql://refmap:pw@db.example.com:5432/refmap');
    writeFileSync(path.join(dir, 'database-url'), 'mysql://db.example.com/refmap');
    expect(() => loadConfig({ DATABASE_URL_FILE: path.join(dir, 'database-url') })).toThrow(/DATABASE_URL/);
  });

  it.each([
    [{ PROMETHEUS_URL: 'ftp://x' }, 'PROMETHEUS_URL'],
    [{ PROMETHEUS_URL: 'https://user:pw@prom.example.com' }, 'PROMETHEUS_URL'],
    [{ REFMAP_COLLECT_INTERVAL: 'often' }, 'REFMAP_COLLECT_INTERVAL'],
    [{ REFMAP_COLLECT_INTERVAL: '1s' }, 'REFMAP_COLLECT_INTERVAL'],
    [{ REFMAP_DEMO_SCENARIO: 'broken' }, 'REFMAP_DEMO_SCENARIO'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HARBOR_URL: 'https://h', HARBOR_USERNAME: 'admin' }, 'HARBOR_USERNAME'],
    [{ PROMETHEUS_URL: 'https://p', PROMETHEUS_TOKEN: 'a', PROMETHEUS_TOKEN_FILE: '/x' }, 'PROMETHEUS_TOKEN'],
    [{ PROMETHEUS_URL: 'https://p', PROMETHEUS_TOKEN_FILE: '/no/such/file' }, 'PROMETHEUS_TOKEN_FILE'],
    [{ REFMAP_CLUSTER_NAME: 'Not A Name' }, 'REFMAP_CLUSTER_NAME'],
  ])('stops on %j naming %s', (env, variable) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never puts a secret value in its error message', () => {
    const error = configError({ PROMETHEUS_URL: 'https://p', PROMETHEUS_TOKEN: 'tok-PLANTED-123', PROMETHEUS_TOKEN_FILE: '/x' });
    expect(error.message).not.toContain('PLANTED');
  });
});

describe('parseDuration', () => {
  it.each([
    ['15m', 900_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['2d', 172_800_000],
  ])('%s → %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '15', 'm', '1.5h', '-1m', '15 minutes'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});
