/**
 * Settings a platform team tunes. Defaults follow a Compliant Kubernetes install.
 */
export interface CatalogSettings {
  /** namespaces of the platform itself, excluded from workload rules (Falco, e.g., is privileged by design) */
  systemNamespaces: string[];
  /** evidence lists are capped at this many objects; the total is always kept */
  maxOffendersPerCheck: number;
  /** Harbor severities, lowest first; prevent_vul must block at this level or lower */
  maxAllowedVulnGateSeverity: 'low' | 'medium' | 'high' | 'critical';
  /** a node that needs a reboot for longer than this is a failure */
  maxRebootPendingDays: number;
}

export const DEFAULT_CATALOG_SETTINGS: CatalogSettings = {
  systemNamespaces: [
    'kube-system',
    'kube-public',
    'kube-node-lease',
    'calico-system',
    'calico-apiserver',
    'tigera-operator',
    'gatekeeper-system',
    'falco',
    'fluentd-system',
    'fluentd',
    'monitoring',
    'trivy-system',
    'velero',
    'cert-manager',
    'ingress-nginx',
    'argocd',
    'opensearch-system',
    'harbor',
    'kured',
    'dex',
  ],
  maxOffendersPerCheck: 50,
  maxAllowedVulnGateSeverity: 'high',
  maxRebootPendingDays: 30,
};
