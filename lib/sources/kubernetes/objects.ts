import { SourceError } from '@/lib/sources/source-error';

/** A Kubernetes object as the API server sends it (plain JSON), minus what may hold a secret. */
export type KubernetesObject = { [key: string]: unknown };

/**
 * API list paths a catalog may ask for: core (`/api/v1/pods`) or grouped (`/apis/apps/v1/deployments`),
 * cluster-wide or in one namespace. Secrets are never listed, whatever the catalog says.
 * @example isListPath('/apis/apps/v1/namespaces/shop/deployments') // true
 */
export function isListPath(listPath: string): boolean {
  const pattern = /^\/(api\/v1|apis\/[a-z0-9.-]+\/v[0-9a-z]+)(\/namespaces\/[a-z0-9-]+)?\/[a-z0-9]+$/;
  return pattern.test(listPath) && !/\/secrets$/.test(listPath);
}

export function assertListPath(listPath: string): void {
  if (!isListPath(listPath)) throw new SourceError({ source: 'kubernetes', kind: 'parse', path: listPath, message: 'not a list path this reader serves (secrets are never read)' });
}

// Fields that carry secret material or whole copies of an object (which may): never kept.
const DROPPED_KEYS = new Set(['data', 'stringData', 'binaryData', 'managedFields']);
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Removes what may hold a secret: ConfigMap/Secret data, managed fields, the last-applied
 * annotation, and literal environment values (`env[].value`; the name stays, so rules can still
 * see that a literal was set).
 */
export function scrubObject(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => scrubObject(item, key));
  if (value === null || typeof value !== 'object') return value;
  const result: KubernetesObject = {};
  for (const [childKey, child] of Object.entries(value)) {
    if (DROPPED_KEYS.has(childKey) || childKey === LAST_APPLIED) continue;
    if (key === 'env' && childKey === 'value') {
      result.hasLiteralValue = true;
      continue;
    }
    result[childKey] = scrubObject(child, childKey);
  }
  return result;
}
