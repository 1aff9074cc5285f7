import 'server-only';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CLUSTER_NAME_PATTERN, ConfigFileError, DEFAULT_RETENTION, parseDuration, readConfigFile, type ClusterConfig, type ClusterRole, type ConfigFile, type RetentionPolicy } from './config-file';

export type { ClusterConfig, ClusterRole, RetentionPolicy };
import { builtInCatalog } from './catalog';
import { buildCatalog, type Catalog } from './catalog/build';
import { ConfigError, nonEmpty, readBoolean, readPemFile, readSecret, readUrl, type Env } from './config-env';
import { readSignIn, type SignInConfig } from './config-sign-in';
import { SOURCE_NAMES, type ClusterSources, type KubernetesConnection, type SourceConnection, type SourceName } from './sources/connection';

export { SOURCE_NAMES };
export type { ClusterSources, KubernetesConnection, SourceConnection, SourceName };
import { DEMO_FLEET } from './demo-fleet';

export { parseDuration };
export { ConfigError };
export type { OidcConfig, SignInConfig } from './config-sign-in';

/**
 * The one place that reads process.env. Everything else receives a validated `Config`.
 * A bad value stops start-up with the variable's name and the reason (never its value:
 * it may be a secret).
 */

const DEMO_SCENARIOS = ['healthy', 'stock', 'degraded'] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

export interface Config {
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** unset → embedded PGlite in dataDir */
  databaseUrl?: string;
  dataDir: string;
  /** the default cluster, shown when a request names none: REFMAP_CLUSTER_NAME, else the first one */
  clusterName: string;
  collectIntervalMs: number;
  sourceTimeoutMs: number;
  /** start-up: how many times to try to reach the database before giving up */
  databaseStartAttempts: number;
  /** start-up: the wait after the first failed attempt; it doubles after each further one */
  databaseStartBackoffMs: number;
  demoScenario: DemoScenario;
  /** true when no source is configured: the built-in demo cluster stands in for all four */
  isDemo: boolean;
  /** the default cluster's sources */
  sources: ClusterSources;
  /** every cluster to collect from: those of REFMAP_CONFIG, or the one the environment describes */
  clusters: ClusterConfig[];
  retention: RetentionPolicy;
  /** the built-in catalog with the config file's catalog section applied */
  catalog: Catalog;
  /** per cluster: that catalog with the cluster's own overrides applied (what its collections evaluate) */
  clusterCatalogs: Record<string, Catalog>;
  /** Ed25519 private key (PEM) that signs each snapshot's manifest hash; unset → chained but unsigned */
  signingKeyPem?: string;
  /** REFMAP_ALLOW_UNSIGNED=true: a production server may run without REFMAP_SIGNING_KEY_FILE */
  allowUnsigned: boolean;
  /** how people sign in: OIDC, or the local demo sign-in when no issuer is configured */
  signIn: SignInConfig;
  /** REFMAP_METRICS_TOKEN: when set, GET /api/metrics needs `Authorization: Bearer <token>` */
  metricsToken?: string;
  /** NODE_ENV=production: /api/metrics then needs REFMAP_METRICS_TOKEN (without one it answers nobody) */
  isProduction: boolean;
  /** the sources' own web UIs that the drilldown links to (never with credentials); see lib/source-links.ts */
  sourceUiUrls: SourceUiUrls;
}

/**
 * REFMAP_PROMETHEUS_UI_URL and REFMAP_HARBOR_UI_URL override the source URL (an API behind another
 * host than its UI); REFMAP_OPENSEARCH_DASHBOARDS_URL is the only way to know where Dashboards runs.
 */
export interface SourceUiUrls {
  prometheus?: string;
  harbor?: string;
  opensearchDashboards?: string;
}

function readSourceConnection(env: Env, prefix: string, auth: 'token' | 'basic'): SourceConnection | undefined {
  const url = readUrl(env, `${prefix}_URL`);
  if (url === undefined) return undefined;
  const connection: SourceConnection = {
    url,
    ca: readPemFile(env, `${prefix}_CA_FILE`),
    clientCert: readPemFile(env, `${prefix}_CLIENT_CERT_FILE`),
    clientKey: readPemFile(env, `${prefix}_CLIENT_KEY_FILE`),
    skipTlsVerify: readBoolean(env, `REFMAP_${prefix}_INSECURE_SKIP_TLS_VERIFY`),
  };
  if ((connection.clientCert === undefined) !== (connection.clientKey === undefined)) {
    throw new ConfigError(`${prefix}_CLIENT_CERT_FILE`, `${prefix}_CLIENT_CERT_FILE and ${prefix}_CLIENT_KEY_FILE go together`);
  }
  if (auth === 'token') {
    connection.token = readSecret(env, `${prefix}_TOKEN`);
  } else {
    connection.username = nonEmpty(env, `${prefix}_USERNAME`);
    connection.password = readSecret(env, `${prefix}_PASSWORD`);
    if ((connection.username === undefined) !== (connection.password === undefined)) {
      throw new ConfigError(`${prefix}_USERNAME`, `${prefix}_USERNAME and ${prefix}_PASSWORD go together`);
    }
  }
  return connection;
}

const IN_CLUSTER_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

function readKubernetesConnection(env: Env, isInCluster: boolean): KubernetesConnection | undefined {
  const connection = readSourceConnection(env, 'KUBERNETES_API', 'token');
  if (connection !== undefined) {
    // KUBERNETES_TOKEN is the documented name; KUBERNETES_API_TOKEN would read oddly
    connection.token = readSecret(env, 'KUBERNETES_TOKEN');
    return { kind: 'url', connection };
  }
  const kubeconfigPath = nonEmpty(env, 'KUBECONFIG');
  if (kubeconfigPath !== undefined) return { kind: 'kubeconfig', kubeconfigPath };
  if (isInCluster) return { kind: 'in-cluster' };
  return undefined;
}

function readChoice<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const value = nonEmpty(env, name) ?? fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

function readDurationMs(env: Env, name: string, fallback: string, minimumMs: number): number {
  const text = nonEmpty(env, name) ?? fallback;
  const ms = parseDuration(text);
  if (ms === undefined) throw new ConfigError(name, 'must be a duration such as 30s, 15m or 1h');
  if (ms < minimumMs) throw new ConfigError(name, `must be at least ${minimumMs} ms`);
  return ms;
}

function readCount(env: Env, name: string, fallback: number, range: { min: number; max: number }): number {
  const text = nonEmpty(env, name);
  if (text === undefined) return fallback;
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < range.min || count > range.max) throw new ConfigError(name, `must be a whole number from ${range.min} to ${range.max}`);
  return count;
}

function readPort(env: Env): number {
  const text = nonEmpty(env, 'PORT') ?? '3000';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError('PORT', 'must be a port number (1-65535)');
  return port;
}

function readDatabaseUrl(env: Env): string | undefined {
  // it carries the database password: a secret like the others, so DATABASE_URL_FILE works too
  const value = readSecret(env, 'DATABASE_URL');
  if (value === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  try {
    new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  return value;
}

// The variables that describe the one cluster of the environment shortcut.
const SINGLE_CLUSTER_VARIABLES = ['PROMETHEUS_URL', 'OPENSEARCH_URL', 'HARBOR_URL', 'KUBERNETES_API_URL', 'KUBECONFIG'] as const;

function readConfigFileFromEnv(env: Env, cwd: string): ConfigFile | undefined {
  const configPath = nonEmpty(env, 'REFMAP_CONFIG');
  if (configPath === undefined) return undefined;
  try {
    return readConfigFile(path.resolve(cwd, configPath), env);
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    throw new ConfigError(error.fieldPath === '(file)' ? 'REFMAP_CONFIG' : `REFMAP_CONFIG ${error.fieldPath}`, error.reason);
  }
}

function readSigningKey(env: Env): string | undefined {
  const pem = readPemFile(env, 'REFMAP_SIGNING_KEY_FILE');
  if (pem === undefined) return undefined;
  let keyType: string | undefined;
  try {
    keyType = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new ConfigError('REFMAP_SIGNING_KEY_FILE', 'is not a PEM private key');
  }
  if (keyType !== 'ed25519') {
    throw new ConfigError('REFMAP_SIGNING_KEY_FILE', 'must be an Ed25519 private key (e.g. from `openssl genpkey -algorithm ed25519`)');
  }
  return pem;
}

/** The clusters of the config file, or the one cluster the environment describes (or the demo). */
function readClusters(env: Env, file: ConfigFile | undefined, isInCluster: boolean): { clusters: ClusterConfig[]; defaultCluster: ClusterConfig; isDemo: boolean } {
  const requestedName = nonEmpty(env, 'REFMAP_CLUSTER_NAME');
  if (file?.clusters !== undefined) {
    const clusters = file.clusters;
    // Two descriptions of clusters at once would leave one of them silently unused.
    const singleClusterVariable = SINGLE_CLUSTER_VARIABLES.find((name) => nonEmpty(env, name) !== undefined);
    if (singleClusterVariable !== undefined) {
      throw new ConfigError(singleClusterVariable, 'cannot be combined with the clusters listed in REFMAP_CONFIG; describe that cluster in the file');
    }
    const defaultCluster = requestedName === undefined ? clusters[0] : clusters.find((cluster) => cluster.name === requestedName);
    if (defaultCluster === undefined) {
      throw new ConfigError('REFMAP_CLUSTER_NAME', `must name one of the clusters in REFMAP_CONFIG (${clusters.map((cluster) => cluster.name).join(', ')})`);
    }
    return { clusters, defaultCluster, isDemo: false };
  }
  const sources: ClusterSources = {
    prometheus: readSourceConnection(env, 'PROMETHEUS', 'token'),
    opensearch: readSourceConnection(env, 'OPENSEARCH', 'basic'),
    harbor: readSourceConnection(env, 'HARBOR', 'basic'),
    kubernetes: readKubernetesConnection(env, isInCluster),
  };
  const isDemo = Object.values(sources).every((source) => source === undefined);
  const name = requestedName ?? deriveClusterName(sources, isDemo);
  if (!CLUSTER_NAME_PATTERN.test(name)) {
    throw new ConfigError('REFMAP_CLUSTER_NAME', 'must be lower-case letters, digits, dots and dashes (at most 63)');
  }
  if (isDemo && readBoolean(env, 'REFMAP_DEMO_FLEET')) {
    // the demo fleet: a management cluster and two workload clusters whose logs it stores
    const clusters = DEMO_FLEET.map(
      ({ sharesServicesOf, ...cluster }): ClusterConfig => ({ ...cluster, logsStoredIn: sharesServicesOf, sources: {} }),
    );
    const defaultCluster = requestedName === undefined ? clusters[0] : clusters.find((cluster) => cluster.name === requestedName);
    if (defaultCluster === undefined) throw new ConfigError('REFMAP_CLUSTER_NAME', `must name one of the demo clusters (${clusters.map((cluster) => cluster.name).join(', ')})`);
    return { clusters, defaultCluster, isDemo };
  }
  const cluster: ClusterConfig = { name, role: 'workload', sources };
  return { clusters: [cluster], defaultCluster: cluster, isDemo };
}

/** Pure: turns an environment into a Config, or throws a ConfigError naming the variable. */
export function loadConfig(env: Env, options: { cwd?: string; isInCluster?: boolean } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const file = readConfigFileFromEnv(env, cwd);
  const { clusters, defaultCluster, isDemo } = readClusters(env, file, options.isInCluster ?? false);
  return {
    port: readPort(env),
    logLevel: readChoice(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    databaseUrl: readDatabaseUrl(env),
    dataDir: path.resolve(cwd, nonEmpty(env, 'REFMAP_DATA_DIR') ?? '.data'),
    clusterName: defaultCluster.name,
    collectIntervalMs: readDurationMs(env, 'REFMAP_COLLECT_INTERVAL', '15m', 10_000),
    sourceTimeoutMs: readDurationMs(env, 'REFMAP_SOURCE_TIMEOUT', '10s', 100),
    databaseStartAttempts: readCount(env, 'REFMAP_DATABASE_START_ATTEMPTS', 5, { min: 1, max: 100 }),
    databaseStartBackoffMs: readDurationMs(env, 'REFMAP_DATABASE_START_BACKOFF', '2s', 100),
    demoScenario: readChoice(env, 'REFMAP_DEMO_SCENARIO', DEMO_SCENARIOS, 'stock'),
    isDemo,
    sources: defaultCluster.sources,
    clusters,
    retention: file?.retention ?? DEFAULT_RETENTION,
    catalog: buildCatalog(builtInCatalog(), file?.catalog),
    clusterCatalogs: Object.fromEntries(clusters.map((cluster) => [cluster.name, buildCatalog(builtInCatalog(), file?.catalog, { name: cluster.name, catalog: cluster.catalog })])),
    signingKeyPem: readSigningKey(env),
    allowUnsigned: readBoolean(env, 'REFMAP_ALLOW_UNSIGNED'),
    signIn: readSignIn(env),
    metricsToken: readSecret(env, 'REFMAP_METRICS_TOKEN'),
    isProduction: env.NODE_ENV === 'production',
    sourceUiUrls: {
      prometheus: readUrl(env, 'REFMAP_PROMETHEUS_UI_URL'),
      harbor: readUrl(env, 'REFMAP_HARBOR_UI_URL'),
      opensearchDashboards: readUrl(env, 'REFMAP_OPENSEARCH_DASHBOARDS_URL'),
    },
  };
}

function deriveClusterName(sources: ClusterSources, isDemo: boolean): string {
  if (isDemo) return 'demo';
  const url = sources.kubernetes?.connection?.url ?? sources.prometheus?.url;
  if (url === undefined) return 'default';
  const host = new URL(url).hostname.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  return host.replace(/^[.-]+|[.-]+$/g, '').slice(0, 63) || 'default';
}

let cached: Config | undefined;

/** The process's configuration, validated once. */
export function getConfig(): Config {
  cached ??= loadConfig(process.env, {
    isInCluster: process.env.KUBERNETES_SERVICE_HOST !== undefined && fileExists(IN_CLUSTER_TOKEN_PATH),
  });
  return cached;
}

function fileExists(filePath: string): boolean {
  try {
    readFileSync(filePath);
    return true;
  } catch {
    return false;
  }
}
