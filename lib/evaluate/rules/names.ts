import type { CatalogSettings } from '../settings';

export function isSystemNamespace(settings: CatalogSettings, namespace: string): boolean {
  return settings.systemNamespaces.includes(namespace);
}

/**
 * Matches `value` against a pattern in which `*` stands for any run of characters.
 * @example matchesWildcard('ServiceAccount:kube-system/*', 'ServiceAccount:kube-system/cronjob-controller') // true
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}
