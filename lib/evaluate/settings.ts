import { z } from 'zod';

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
  /** the oldest Kubernetes minor version still considered supported (e.g. 31 for v1.31) */
  minimumKubernetesMinor: number;
  /** registry hosts images may come from; empty → the Harbor host of the cluster's configuration */
  trustedRegistries: string[];
  /**
   * subjects allowed to hold cluster-admin, as Kind:name or ServiceAccount:namespace/name; `*` matches
   * any run of characters
   */
  allowedClusterAdminSubjects: string[];
  /** logs must reach back at least this many days */
  logRetentionDays: number;
  /** the last successful OpenSearch snapshot must be younger than this */
  maxLogSnapshotAgeHours: number;
  /** Gatekeeper's audit interval; an audit older than twice this is stale */
  gatekeeperAuditIntervalSeconds: number;
  /** Harbor's expected authentication mode (Compliant Kubernetes signs users in through Dex) */
  harborAuthMode: string;
  /** fluentd buffers must keep at least this share (percent) free */
  minFluentdBufferFreePercent: number;
  /**
   * Deployments that analyse network flows, by name (a Deployment named `jaeger` or `jaeger-…`, or
   * labelled app.kubernetes.io/name or part-of with it); add e.g. `hubble-relay` for Cilium
   */
  networkFlowToolNames: string[];
  /** the share (0–1) of Prometheus scrape targets that must be up */
  minTargetsUpShare: number;
  /** every workload namespace with running pods must have written logs within this window */
  stdoutLogWindowHours: number;
  /** each Velero schedule's last successful backup must be younger than this */
  maxBackupAgeHours: number;
  /** a certificate that expires within this many days is a failure (cert-manager renews well before) */
  minCertificateValidityDays: number;
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
  minimumKubernetesMinor: 31,
  trustedRegistries: [],
  // Velero restores whole namespaces and its chart binds cluster-admin; Compliant Kubernetes ships it
  allowedClusterAdminSubjects: ['Group:system:masters', 'Group:kubeadm:cluster-admins', 'ServiceAccount:kube-system/*', 'ServiceAccount:velero/velero*'],
  logRetentionDays: 30,
  maxLogSnapshotAgeHours: 24,
  gatekeeperAuditIntervalSeconds: 60,
  harborAuthMode: 'oidc_auth',
  minFluentdBufferFreePercent: 50,
  networkFlowToolNames: ['jaeger'],
  minTargetsUpShare: 0.95,
  stdoutLogWindowHours: 24,
  maxBackupAgeHours: 24,
  minCertificateValidityDays: 20,
};

const nonEmpty = z.string().trim().min(1);

/** The settings a catalog file or REFMAP_CONFIG may set; every field optional, unknown names refused. */
export const catalogSettingsSchema = z
  .object({
    systemNamespaces: z.array(nonEmpty),
    maxOffendersPerCheck: z.number().int().min(1).max(1000),
    maxAllowedVulnGateSeverity: z.enum(['low', 'medium', 'high', 'critical']),
    maxRebootPendingDays: z.number().positive(),
    minimumKubernetesMinor: z.number().int().min(0),
    trustedRegistries: z.array(nonEmpty),
    allowedClusterAdminSubjects: z.array(nonEmpty),
    logRetentionDays: z.number().positive(),
    maxLogSnapshotAgeHours: z.number().positive(),
    gatekeeperAuditIntervalSeconds: z.number().positive(),
    harborAuthMode: nonEmpty,
    minFluentdBufferFreePercent: z.number().min(0).max(100),
    networkFlowToolNames: z.array(nonEmpty),
    minTargetsUpShare: z.number().min(0).max(1),
    stdoutLogWindowHours: z.number().positive(),
    maxBackupAgeHours: z.number().positive(),
    minCertificateValidityDays: z.number().positive(),
  })
  .partial()
  .strict();

export type CatalogSettingsOverrides = z.infer<typeof catalogSettingsSchema>;
