import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env. Everything else receives a validated `Config`.
 * A bad value stops start-up with the variable's name and the reason (never its value:
 * it may be a secret).
 */

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

const DEMO_SCENARIOS = ['healthy', 'stock', 'degraded'] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

export type SourceName = 'prometheus' | 'opensearch' | 'harbor' | 'kubernetes';
export const SOURCE_NAMES: readonly SourceName[] = ['prometheus', 'opensearch', 'harbor', 'kubernetes'];

/** How to reach and authenticate to one source. Secrets live only here and in the clients. */
export interface SourceConnection {
  url: string;
  token?: string;
  username?: string;
  password?: string;
  /** PEM bundle used instead of the system CAs */
  ca?: string;
  clientCert?: string;
  clientKey?: string;
  /** only when REFMAP_<SOURCE>_INSECURE_SKIP_TLS_VERIFY=true; shown in the UI */
  skipTlsVerify: boolean;
}

export interface KubernetesConnection {
  /** explicit URL + token, a kubeconfig file, or the in-cluster service account */
  kind: 'url' | 'kubeconfig' | 'in-cluster';
  connection?: SourceConnection;
  kubeconfigPath?: string;
}

export interface Config {
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** unset → embedded PGlite in dataDir */
  databaseUrl?: string;
  dataDir: string;
  clusterName: string;
  collectIntervalMs: number;
  sourceTimeoutMs: number;
  demoScenario: DemoScenario;
  /** true when no source is configured: the built-in demo cluster stands in for all four */
  isDemo: boolean;
  sources: {
    prometheus?: SourceConnection;
    opensearch?: SourceConnection;
    harbor?: SourceConnection;
    kubernetes?: KubernetesConnection;
  };
}

type Env = Record<string, string | undefined>;

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration such as `15m`, `90s`, `1h30m` or `500ms` into milliseconds.
 * @example parseDuration('1h30m') // 5_400_000
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)) {
    total += Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? ''] ?? 0);
  }
  return total;
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A secret from NAME or from the file named by NAME_FILE (never both). */
function readSecret(env: Env, name: string): string | undefined {
  const direct = nonEmpty(env, name);
  const filePath = nonEmpty(env, `${name}_FILE`);
  if (direct !== undefined && filePath !== undefined) {
    throw new ConfigError(name, `set either ${name} or ${name}_FILE, not both`);
  }
  if (filePath === undefined) return direct;
  try {
    const content = readFileSync(filePath, 'utf8').trim();
    if (content === '') throw new ConfigError(`${name}_FILE`, `file ${filePath} is empty`);
    return content;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${name}_FILE`, `cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function readPemFile(env: Env, name: string): string | undefined {
  const filePath = nonEmpty(env, name);
  if (filePath === undefined) return undefined;
  try {
    return readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new ConfigError(name, `cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function readUrl(env: Env, name: string): string | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(value);
  if (!parsed.success) throw new ConfigError(name, 'must be an http:// or https:// URL');
  const url = new URL(value);
  if (url.username || url.password) {
    throw new ConfigError(name, 'must not contain credentials; use the _USERNAME/_PASSWORD or _TOKEN variables');
  }
  return value.replace(/\/+$/, '');
}

function readBoolean(env: Env, name: string): boolean {
  const value = nonEmpty(env, name);
  if (value === undefined) return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(name, 'must be true or false');
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

function readPort(env: Env): number {
  const text = nonEmpty(env, 'PORT') ?? '3000';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError('PORT', 'must be a port number (1-65535)');
  return port;
}

function readDatabaseUrl(env: Env): string | undefined {
  const value = nonEmpty(env, 'DATABASE_URL');
  if (value === undefined) return undefined;
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  try {
    new URL(value);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  return value;
}

/** Pure: turns an environment into a Config, or throws a ConfigError naming the variable. */
export function loadConfig(env: Env, options: { cwd?: string; isInCluster?: boolean } = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const sources = {
    prometheus: readSourceConnection(env, 'PROMETHEUS', 'token'),
    opensearch: readSourceConnection(env, 'OPENSEARCH', 'basic'),
    harbor: readSourceConnection(env, 'HARBOR', 'basic'),
    kubernetes: readKubernetesConnection(env, options.isInCluster ?? false),
  };
  const isDemo = Object.values(sources).every((source) => source === undefined);
  const clusterName = nonEmpty(env, 'REFMAP_CLUSTER_NAME') ?? deriveClusterName(sources, isDemo);
  if (!/^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/.test(clusterName)) {
    throw new ConfigError('REFMAP_CLUSTER_NAME', 'must be lower-case letters, digits, dots and dashes (at most 63)');
  }
  return {
    port: readPort(env),
    logLevel: readChoice(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    databaseUrl: readDatabaseUrl(env),
    dataDir: path.resolve(cwd, nonEmpty(env, 'REFMAP_DATA_DIR') ?? '.data'),
    clusterName,
    collectIntervalMs: readDurationMs(env, 'REFMAP_COLLECT_INTERVAL', '15m', 10_000),
    sourceTimeoutMs: readDurationMs(env, 'REFMAP_SOURCE_TIMEOUT', '10s', 100),
    demoScenario: readChoice(env, 'REFMAP_DEMO_SCENARIO', DEMO_SCENARIOS, 'stock'),
    isDemo,
    sources,
  };
}

function deriveClusterName(sources: Config['sources'], isDemo: boolean): string {
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
