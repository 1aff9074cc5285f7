import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { buildCatalog, CatalogFileError, parseCatalogDocument, parseClusterCatalog } from './catalog/build';
import { builtInCatalog } from './catalog';
import type { CatalogDocument } from './catalog/schema';
import type { ClusterCatalogDocument } from './catalog/schema';
import type { ClusterSources, KubernetesConnection, SourceConnection } from './sources/connection';

/**
 * The file named by REFMAP_CONFIG: the clusters Refmap collects from and the retention of their
 * history. Secrets never appear in it, only references to them: an environment variable name
 * (`tokenEnv`, `passwordEnv`) or a file path (`tokenFile`, `passwordFile`), resolved here.
 * Relative paths are relative to the config file. The `catalog` sections are validated by the
 * catalog's own schema (lib/catalog/schema.ts), which knows the controls.
 *
 * ```yaml
 * clusters:
 *   - name: mgmt
 *     role: management
 *     prometheus: { url: https://prometheus.mgmt.example.com, tokenFile: /var/run/secrets/prom-token }
 *     opensearch: { url: https://opensearch.mgmt.example.com, username: refmap, passwordEnv: OPENSEARCH_PASSWORD }
 *     harbor: { url: https://harbor.example.com, username: robot$refmap, passwordFile: /var/run/secrets/harbor }
 *     kubernetes: { url: https://mgmt.example.com:6443, tokenFile: /var/run/secrets/k8s-mgmt, tls: { caFile: /etc/refmap/mgmt-ca.pem } }
 *   - name: wc1
 *     role: workload
 *     prometheus: { url: https://prometheus.wc1.example.com, tokenEnv: PROM_TOKEN_WC1 }
 *     opensearch: { sameAs: mgmt }   # the workload cluster's logs live in the management cluster's OpenSearch
 *     harbor: { sameAs: mgmt }
 *     kubernetes: { kubeconfig: /etc/refmap/wc1.kubeconfig }
 * retention:
 *   hourlyFor: 7d   # one snapshot per hour for 7 days,
 *   dailyFor: 90d   # then one per day until 90 days, then one per week
 * catalog:          # see lib/catalog/schema.ts
 *   settings: { trustedRegistries: [harbor.example.com] }
 * ```
 */

type Env = Record<string, string | undefined>;

/** A problem in the config file, with the path of the bad field (e.g. `clusters[1].prometheus.url`). */
export type ClusterRole = 'management' | 'workload';


/** One cluster Refmap collects from. */
export interface ClusterConfig {
  name: string;
  role: ClusterRole;
  /** the cluster whose OpenSearch holds this cluster's logs, when not its own (`opensearch: { sameAs }`) */
  logsStoredIn?: string;
  sources: ClusterSources;
  /** this cluster's catalog settings and overrides (`clusters[].catalog`), applied over the file's */
  catalog?: ClusterCatalogDocument;
  /** what picks this cluster's series and documents out of shared backends (`clusters[].scope`) */
  scope?: { prometheusLabels?: Record<string, string>; opensearchMatch?: { field: string; value: string } };
}

/** How old snapshots are thinned: all of them within the hour, then hourly, daily, weekly. */
export interface RetentionPolicy {
  isEnabled: boolean;
  /** keep one snapshot per hour while younger than this */
  hourlyForMs: number;
  /** then one per day while younger than this; one per week after */
  dailyForMs: number;
}

export class ConfigFileError extends Error {
  constructor(
    readonly fieldPath: string,
    readonly reason: string,
  ) {
    super(`${fieldPath}: ${reason}`);
    this.name = 'ConfigFileError';
  }
}

export interface ConfigFile {
  /** undefined when the file lists no clusters (the environment then describes the one cluster) */
  clusters?: ClusterConfig[];
  retention: RetentionPolicy;
  /** catalog settings, overrides and organisation controls (lib/catalog/schema.ts) */
  catalog?: CatalogDocument;
}

export const CLUSTER_NAME_PATTERN = /^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/;

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

export const DEFAULT_RETENTION: RetentionPolicy = { isEnabled: true, hourlyForMs: 7 * 86_400_000, dailyForMs: 90 * 86_400_000 };

// --- the file's schema ------------------------------------------------------------------------

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) }).min(1, `must be ${what}`);

const httpUrl = requiredString('an http(s) URL')
  .refine(isHttpUrl, 'must be an http(s) URL')
  .refine((value) => !isHttpUrl(value) || (new URL(value).username === '' && new URL(value).password === ''), 'must not contain credentials')
  .transform((value) => value.replace(/\/+$/, ''));
const filePath = requiredString('a file path');
const envName = requiredString('an environment variable name').regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const clusterName = requiredString('a cluster name').regex(CLUSTER_NAME_PATTERN, 'must be lower-case letters, digits, dots and dashes (at most 63)');
const duration = requiredString('a duration').refine((value) => parseDuration(value) !== undefined, 'must be a duration such as 12h, 7d or 90d');
const flag = z.boolean({ error: 'must be true or false' });
/** a key that would hold a secret inline: refused with a pointer to the reference keys */
const inlineSecret = (hint: string) => z.never({ error: `inline secrets are not allowed: use ${hint}` }).optional();

const tlsSchema = z.strictObject({
  caFile: filePath.optional(),
  clientCertFile: filePath.optional(),
  clientKeyFile: filePath.optional(),
  insecureSkipVerify: flag.optional(),
});

const tokenSourceShape = {
  url: httpUrl.optional(),
  tokenFile: filePath.optional(),
  tokenEnv: envName.optional(),
  token: inlineSecret('tokenFile or tokenEnv'),
  tls: tlsSchema.optional(),
};

const basicSourceShape = {
  url: httpUrl.optional(),
  username: requiredString('a user name').optional(),
  passwordFile: filePath.optional(),
  passwordEnv: envName.optional(),
  password: inlineSecret('passwordFile or passwordEnv'),
  tls: tlsSchema.optional(),
};

// OpenSearch and Harbor run once, in the management cluster, in Compliant Kubernetes: a workload
// cluster may point at another cluster's with `sameAs`. Prometheus and the Kubernetes API are per cluster.
const prometheusSchema = z.strictObject(tokenSourceShape);
const sharedBasicSourceSchema = z.strictObject({ ...basicSourceShape, sameAs: clusterName.optional() });
const kubernetesSchema = z.strictObject({ ...tokenSourceShape, kubeconfig: filePath.optional(), inCluster: flag.optional() });

const clusterSchema = z.strictObject({
  name: clusterName,
  role: z.enum(['management', 'workload'], { error: 'must be management or workload' }),
  prometheus: prometheusSchema.optional(),
  opensearch: sharedBasicSourceSchema.optional(),
  harbor: sharedBasicSourceSchema.optional(),
  kubernetes: kubernetesSchema.optional(),
  // this cluster's catalog settings and overrides, validated by the catalog's own schema
  catalog: z.unknown().optional(),
  scope: z
    .strictObject({
      /** label matchers added to every PromQL query, e.g. { cluster: wc1 } where clusters share a Thanos */
      prometheusLabels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'must be a Prometheus label name'), z.string().min(1)).optional(),
      /** a field of each log document naming its cluster, e.g. cluster.name; counted documents must have this cluster's name */
      opensearchField: z.string().trim().min(1).optional(),
    })
    .optional(),
});

const retentionSchema = z.strictObject({
  enabled: flag.default(true),
  hourlyFor: duration.default('7d'),
  dailyFor: duration.default('90d'),
});

const fileSchema = z.looseObject({
  clusters: z.array(clusterSchema, { error: 'must be a list of clusters' }).min(1, 'must list at least one cluster').optional(),
  retention: retentionSchema.optional(),
  // validated by the catalog's own schema below, which knows the controls
  catalog: z.unknown().optional(),
});

type RawCluster = z.infer<typeof clusterSchema>;
type RawTls = z.infer<typeof tlsSchema>;

// --- reading and resolving --------------------------------------------------------------------

/** `['clusters', 1, 'prometheus', 'url']` → `clusters[1].prometheus.url` */
function formatPath(segments: readonly PropertyKey[]): string {
  return segments.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('') || '(file)';
}

function firstIssue(error: z.ZodError): ConfigFileError {
  const issue = error.issues[0];
  if (!issue) return new ConfigFileError('(file)', 'is invalid');
  if (issue.code === 'unrecognized_keys') return new ConfigFileError(formatPath([...issue.path, issue.keys[0] ?? '']), 'is not a known setting');
  return new ConfigFileError(formatPath(issue.path), issue.message);
}

interface Resolver {
  env: Env;
  baseDir: string;
}

function readFileAt(resolver: Resolver, fieldPath: string, file: string): string {
  const absolute = path.resolve(resolver.baseDir, file);
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new ConfigFileError(fieldPath, `cannot read ${absolute}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** A secret from a file or an environment variable; never from the config file itself. */
function readSecretReference(resolver: Resolver, fieldPath: string, reference: { file?: string; env?: string; fileKey: string; envKey: string }): string | undefined {
  if (reference.file !== undefined && reference.env !== undefined) {
    throw new ConfigFileError(`${fieldPath}.${reference.envKey}`, `set either ${reference.fileKey} or ${reference.envKey}, not both`);
  }
  if (reference.file !== undefined) {
    const content = readFileAt(resolver, `${fieldPath}.${reference.fileKey}`, reference.file).trim();
    if (content === '') throw new ConfigFileError(`${fieldPath}.${reference.fileKey}`, `file ${reference.file} is empty`);
    return content;
  }
  if (reference.env !== undefined) {
    const value = resolver.env[reference.env]?.trim();
    if (!value) throw new ConfigFileError(`${fieldPath}.${reference.envKey}`, `environment variable ${reference.env} is not set`);
    return value;
  }
  return undefined;
}

function resolveTls(resolver: Resolver, fieldPath: string, tls: RawTls | undefined): Pick<SourceConnection, 'ca' | 'clientCert' | 'clientKey' | 'skipTlsVerify'> {
  if ((tls?.clientCertFile === undefined) !== (tls?.clientKeyFile === undefined)) {
    throw new ConfigFileError(`${fieldPath}.tls.clientCertFile`, 'clientCertFile and clientKeyFile go together');
  }
  return {
    ca: tls?.caFile === undefined ? undefined : readFileAt(resolver, `${fieldPath}.tls.caFile`, tls.caFile),
    clientCert: tls?.clientCertFile === undefined ? undefined : readFileAt(resolver, `${fieldPath}.tls.clientCertFile`, tls.clientCertFile),
    clientKey: tls?.clientKeyFile === undefined ? undefined : readFileAt(resolver, `${fieldPath}.tls.clientKeyFile`, tls.clientKeyFile),
    skipTlsVerify: tls?.insecureSkipVerify ?? false,
  };
}

function requireUrl(fieldPath: string, url: string | undefined): string {
  if (url === undefined) throw new ConfigFileError(`${fieldPath}.url`, 'is required');
  return url;
}

function resolveTokenSource(resolver: Resolver, fieldPath: string, raw: z.infer<typeof prometheusSchema>): SourceConnection {
  return {
    url: requireUrl(fieldPath, raw.url),
    token: readSecretReference(resolver, fieldPath, { file: raw.tokenFile, env: raw.tokenEnv, fileKey: 'tokenFile', envKey: 'tokenEnv' }),
    ...resolveTls(resolver, fieldPath, raw.tls),
  };
}

function resolveBasicSource(resolver: Resolver, fieldPath: string, raw: z.infer<typeof sharedBasicSourceSchema>): SourceConnection {
  const connection: SourceConnection = {
    url: requireUrl(fieldPath, raw.url),
    username: raw.username,
    password: readSecretReference(resolver, fieldPath, { file: raw.passwordFile, env: raw.passwordEnv, fileKey: 'passwordFile', envKey: 'passwordEnv' }),
    ...resolveTls(resolver, fieldPath, raw.tls),
  };
  if ((connection.username === undefined) !== (connection.password === undefined)) {
    throw new ConfigFileError(`${fieldPath}.username`, 'username and a password (passwordFile or passwordEnv) go together');
  }
  return connection;
}

function resolveKubernetes(resolver: Resolver, fieldPath: string, raw: z.infer<typeof kubernetesSchema>): KubernetesConnection {
  const ways = [raw.url !== undefined, raw.kubeconfig !== undefined, raw.inCluster === true].filter(Boolean).length;
  if (ways !== 1) throw new ConfigFileError(fieldPath, 'set exactly one of url (with tokenFile or tokenEnv), kubeconfig, or inCluster: true');
  if (raw.kubeconfig !== undefined) return { kind: 'kubeconfig', kubeconfigPath: path.resolve(resolver.baseDir, raw.kubeconfig) };
  if (raw.inCluster === true) return { kind: 'in-cluster' };
  return { kind: 'url', connection: resolveTokenSource(resolver, fieldPath, raw) };
}

type SharedSource = 'opensearch' | 'harbor';

/** A source given directly, or `sameAs` another cluster that gives it directly. */
function resolveSharedSource(resolver: Resolver, clusters: RawCluster[], index: number, source: SharedSource): { connection?: SourceConnection; sharedWith?: string } {
  const fieldPath = `clusters[${index}].${source}`;
  const raw = clusters[index]?.[source];
  if (raw === undefined) return {};
  if (raw.sameAs === undefined) return { connection: resolveBasicSource(resolver, fieldPath, raw) };
  const { sameAs, ...rest } = raw;
  if (Object.values(rest).some((value) => value !== undefined)) {
    throw new ConfigFileError(`${fieldPath}.sameAs`, 'sameAs stands alone: the connection is the other cluster’s');
  }
  const otherIndex = clusters.findIndex((cluster) => cluster.name === sameAs);
  const other = clusters[otherIndex]?.[source];
  if (otherIndex === -1) throw new ConfigFileError(`${fieldPath}.sameAs`, `no cluster named "${sameAs}"`);
  if (otherIndex === index) throw new ConfigFileError(`${fieldPath}.sameAs`, 'must name another cluster');
  if (other === undefined || other.sameAs !== undefined) throw new ConfigFileError(`${fieldPath}.sameAs`, `cluster "${sameAs}" has no ${source} of its own`);
  return { connection: resolveBasicSource(resolver, `clusters[${otherIndex}].${source}`, other), sharedWith: sameAs };
}

function resolveCluster(resolver: Resolver, clusters: RawCluster[], index: number): ClusterConfig {
  const raw = clusters[index]!;
  const fieldPath = `clusters[${index}]`;
  const opensearch = resolveSharedSource(resolver, clusters, index, 'opensearch');
  const harbor = resolveSharedSource(resolver, clusters, index, 'harbor');
  const sources: ClusterSources = {
    prometheus: raw.prometheus && resolveTokenSource(resolver, `${fieldPath}.prometheus`, raw.prometheus),
    opensearch: opensearch.connection,
    harbor: harbor.connection,
    kubernetes: raw.kubernetes && resolveKubernetes(resolver, `${fieldPath}.kubernetes`, raw.kubernetes),
  };
  const catalog = raw.catalog === undefined || raw.catalog === null ? undefined : withConfigFileError(() => parseClusterCatalog(raw.catalog, { file: 'REFMAP_CONFIG', prefix: `${fieldPath}.catalog` }));
  const scope = raw.scope && {
    ...(raw.scope.prometheusLabels ? { prometheusLabels: raw.scope.prometheusLabels } : {}),
    ...(raw.scope.opensearchField ? { opensearchMatch: { field: raw.scope.opensearchField, value: raw.name } } : {}),
  };
  return { name: raw.name, role: raw.role, logsStoredIn: opensearch.sharedWith, sources, ...(catalog ? { catalog } : {}), ...(scope ? { scope } : {}) };
}

function resolveRetention(raw: z.infer<typeof retentionSchema> | undefined): RetentionPolicy {
  if (raw === undefined) return DEFAULT_RETENTION;
  const hourlyForMs = parseDuration(raw.hourlyFor)!;
  const dailyForMs = parseDuration(raw.dailyFor)!;
  if (dailyForMs < hourlyForMs) throw new ConfigFileError('retention.dailyFor', 'must be at least as long as retention.hourlyFor');
  return { isEnabled: raw.enabled, hourlyForMs, dailyForMs };
}

/**
 * Parses and resolves the text of a config file. `env` answers `tokenEnv`/`passwordEnv`; relative
 * file paths are taken from `baseDir`. Throws a ConfigFileError naming the bad field.
 */
export function parseConfigFile(text: string, options: { env: Env; baseDir: string }): ConfigFile {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new ConfigFileError('(file)', `is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  // an empty file is a file with every default
  const parsed = fileSchema.safeParse(document ?? {});
  if (!parsed.success) throw firstIssue(parsed.error);
  const rawClusters = parsed.data.clusters;
  const seen = new Set<string>();
  rawClusters?.forEach((cluster, index) => {
    if (seen.has(cluster.name)) throw new ConfigFileError(`clusters[${index}].name`, `duplicate cluster name "${cluster.name}"`);
    seen.add(cluster.name);
  });
  const resolver: Resolver = { env: options.env, baseDir: options.baseDir };
  const clusters = rawClusters?.map((_, index) => resolveCluster(resolver, rawClusters, index));
  return {
    clusters,
    retention: resolveRetention(parsed.data.retention),
    catalog: readCatalogSection(parsed.data.catalog, clusters),
  };
}

/** A catalog mistake becomes a config-file mistake with the same field path. */
function withConfigFileError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CatalogFileError) throw new ConfigFileError(error.path, error.reason);
    throw error;
  }
}

function readCatalogSection(raw: unknown, clusters: ClusterConfig[] | undefined): CatalogDocument | undefined {
  const document = raw === undefined || raw === null ? undefined : withConfigFileError(() => parseCatalogDocument(raw, { file: 'REFMAP_CONFIG', prefix: 'catalog' }));
  // building here surfaces unknown control ids, bad params and bad overrides at start-up
  withConfigFileError(() => {
    buildCatalog(builtInCatalog(), document);
    for (const cluster of clusters ?? []) buildCatalog(builtInCatalog(), document, { name: cluster.name, catalog: cluster.catalog });
  });
  return document;
}

/** Reads the config file at an absolute path. */
export function readConfigFile(filePath: string, env: Env): ConfigFile {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new ConfigFileError('(file)', `cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseConfigFile(text, { env, baseDir: path.dirname(filePath) });
}
