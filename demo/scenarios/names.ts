/**
 * The fixed parts of the demo cluster: the first workload namespaces with their apps, the Harbor
 * projects they build into, and the platform components a Compliant Kubernetes workload
 * cluster runs. Beyond the named namespaces, larger scales generate more of the same kind.
 */

export const CLUSTER_NAME = 'demo-wc';
export const HARBOR_HOST = 'harbor.demo.example.com';
export const KUBERNETES_VERSION = 'v1.31.4';

export interface WorkloadNamespaceSpec {
  name: string;
  /** Harbor project the namespace's images are built into */
  project: string;
  apps: string[];
}

export const NAMED_WORKLOAD_NAMESPACES: readonly WorkloadNamespaceSpec[] = [
  { name: 'shop-frontend', project: 'shop', apps: ['frontend', 'web-bff'] },
  { name: 'shop-backend', project: 'shop', apps: ['catalog', 'cart', 'redis'] },
  { name: 'checkout', project: 'shop', apps: ['checkout'] },
  { name: 'payments', project: 'payments', apps: ['payments-api', 'ledger'] },
  { name: 'identity', project: 'payments', apps: ['auth'] },
  { name: 'analytics', project: 'analytics', apps: ['ingest', 'notebook'] },
  { name: 'reporting', project: 'analytics', apps: ['reports'] },
  { name: 'inventory', project: 'platform', apps: ['inventory', 'legacy-sync'] },
  { name: 'notifications', project: 'platform', apps: ['mailer'] },
  { name: 'search', project: 'shop', apps: ['search-api'] },
  { name: 'recommendations', project: 'analytics', apps: ['recommender'] },
  { name: 'customer-portal', project: 'shop', apps: ['portal'] },
];

export const NAMED_HARBOR_PROJECTS: readonly string[] = ['shop', 'payments', 'analytics', 'platform'];

/** Repositories that exist in Harbor without a running workload; one has a nested name on purpose. */
export const EXTRA_REPOSITORIES: readonly string[] = ['platform/base/python', 'platform/base/node', 'shop/tools/migrate'];

/** Words for generated workload namespaces: `orders-0042`, `billing-0043`, … */
export const GENERATED_NAMESPACE_WORDS: readonly string[] = [
  'orders',
  'billing',
  'catalog',
  'shipping',
  'loyalty',
  'pricing',
  'support',
  'media',
  'messaging',
  'profiles',
  'warehouse',
  'fraud',
];

export const GENERATED_APPS: readonly string[] = ['api', 'worker'];

export type SecurityProfile = 'privileged' | 'root' | 'non-root' | 'non-root-escalating';
export type Placement = 'control-plane' | 'all-nodes' | 'workers' | 'anywhere';

export interface SystemComponentSpec {
  namespace: string;
  name: string;
  kind: 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'StaticPod';
  replicas?: number;
  image: string;
  placement: Placement;
  security: SecurityProfile;
  hostNetwork?: boolean;
  /** only present in some scenarios */
  when?: 'kured' | 'jaeger';
}

export const SYSTEM_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'default',
  'tigera-operator',
  'calico-system',
  'calico-apiserver',
  'gatekeeper-system',
  'falco',
  'fluentd-system',
  'monitoring',
  'trivy-system',
  'velero',
  'cert-manager',
  'argocd',
  'ingress-nginx',
  'kured',
  'tracing',
];

/** Namespaces whose pods need host access; they are labelled `privileged` for Pod Security. */
export const PRIVILEGED_SYSTEM_NAMESPACES: readonly string[] = [
  'kube-system',
  'tigera-operator',
  'calico-system',
  'falco',
  'fluentd-system',
  'monitoring',
  'velero',
  'ingress-nginx',
  'kured',
];

export const SYSTEM_COMPONENTS: readonly SystemComponentSpec[] = [
  { namespace: 'kube-system', name: 'kube-apiserver', kind: 'StaticPod', image: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`, placement: 'control-plane', security: 'root', hostNetwork: true },
  { namespace: 'kube-system', name: 'etcd', kind: 'StaticPod', image: 'registry.k8s.io/etcd:3.5.15-0', placement: 'control-plane', security: 'root', hostNetwork: true },
  { namespace: 'kube-system', name: 'kube-controller-manager', kind: 'StaticPod', image: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`, placement: 'control-plane', security: 'root', hostNetwork: true },
  { namespace: 'kube-system', name: 'kube-scheduler', kind: 'StaticPod', image: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`, placement: 'control-plane', security: 'root', hostNetwork: true },
  { namespace: 'kube-system', name: 'kube-proxy', kind: 'DaemonSet', image: `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`, placement: 'all-nodes', security: 'privileged', hostNetwork: true },
  { namespace: 'kube-system', name: 'coredns', kind: 'Deployment', replicas: 2, image: 'registry.k8s.io/coredns/coredns:v1.11.3', placement: 'anywhere', security: 'non-root' },
  { namespace: 'kube-system', name: 'metrics-server', kind: 'Deployment', replicas: 1, image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', placement: 'anywhere', security: 'non-root' },
  { namespace: 'tigera-operator', name: 'tigera-operator', kind: 'Deployment', replicas: 1, image: 'quay.io/tigera/operator:v1.36.2', placement: 'anywhere', security: 'non-root', hostNetwork: true },
  { namespace: 'calico-system', name: 'calico-node', kind: 'DaemonSet', image: 'docker.io/calico/node:v3.29.1', placement: 'all-nodes', security: 'privileged', hostNetwork: true },
  { namespace: 'calico-system', name: 'calico-kube-controllers', kind: 'Deployment', replicas: 1, image: 'docker.io/calico/kube-controllers:v3.29.1', placement: 'anywhere', security: 'non-root' },
  { namespace: 'calico-system', name: 'calico-typha', kind: 'Deployment', replicas: 1, image: 'docker.io/calico/typha:v3.29.1', placement: 'anywhere', security: 'non-root', hostNetwork: true },
  { namespace: 'calico-apiserver', name: 'calico-apiserver', kind: 'Deployment', replicas: 2, image: 'docker.io/calico/apiserver:v3.29.1', placement: 'anywhere', security: 'non-root' },
  { namespace: 'gatekeeper-system', name: 'gatekeeper-controller-manager', kind: 'Deployment', replicas: 3, image: 'docker.io/openpolicyagent/gatekeeper:v3.17.1', placement: 'anywhere', security: 'non-root' },
  { namespace: 'gatekeeper-system', name: 'gatekeeper-audit', kind: 'Deployment', replicas: 1, image: 'docker.io/openpolicyagent/gatekeeper:v3.17.1', placement: 'anywhere', security: 'non-root' },
  { namespace: 'falco', name: 'falco', kind: 'DaemonSet', image: 'docker.io/falcosecurity/falco:0.39.2', placement: 'all-nodes', security: 'privileged' },
  { namespace: 'falco', name: 'falco-falcosidekick', kind: 'Deployment', replicas: 2, image: 'docker.io/falcosecurity/falcosidekick:2.30.0', placement: 'anywhere', security: 'non-root' },
  { namespace: 'fluentd-system', name: 'fluentd', kind: 'DaemonSet', image: 'docker.io/fluent/fluentd-kubernetes-daemonset:v1.17.1-debian-opensearch-1.0', placement: 'all-nodes', security: 'root' },
  { namespace: 'monitoring', name: 'kube-prometheus-stack-operator', kind: 'Deployment', replicas: 1, image: 'quay.io/prometheus-operator/prometheus-operator:v0.78.2', placement: 'anywhere', security: 'non-root' },
  { namespace: 'monitoring', name: 'kube-prometheus-stack-kube-state-metrics', kind: 'Deployment', replicas: 1, image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.14.0', placement: 'anywhere', security: 'non-root' },
  { namespace: 'monitoring', name: 'kube-prometheus-stack-grafana', kind: 'Deployment', replicas: 1, image: 'docker.io/grafana/grafana:11.4.0', placement: 'anywhere', security: 'non-root' },
  { namespace: 'monitoring', name: 'prometheus-kube-prometheus-stack-prometheus', kind: 'StatefulSet', replicas: 1, image: 'quay.io/prometheus/prometheus:v2.55.1', placement: 'anywhere', security: 'non-root' },
  { namespace: 'monitoring', name: 'alertmanager-kube-prometheus-stack-alertmanager', kind: 'StatefulSet', replicas: 2, image: 'quay.io/prometheus/alertmanager:v0.27.0', placement: 'anywhere', security: 'non-root' },
  { namespace: 'monitoring', name: 'node-exporter', kind: 'DaemonSet', image: 'quay.io/prometheus/node-exporter:v1.8.2', placement: 'all-nodes', security: 'non-root', hostNetwork: true },
  { namespace: 'trivy-system', name: 'trivy-operator', kind: 'Deployment', replicas: 1, image: 'ghcr.io/aquasecurity/trivy-operator:0.24.1', placement: 'anywhere', security: 'non-root' },
  { namespace: 'velero', name: 'velero', kind: 'Deployment', replicas: 1, image: 'docker.io/velero/velero:v1.15.0', placement: 'anywhere', security: 'non-root' },
  { namespace: 'velero', name: 'node-agent', kind: 'DaemonSet', image: 'docker.io/velero/velero:v1.15.0', placement: 'all-nodes', security: 'root' },
  { namespace: 'cert-manager', name: 'cert-manager', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-controller:v1.16.2', placement: 'anywhere', security: 'non-root' },
  { namespace: 'cert-manager', name: 'cert-manager-cainjector', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-cainjector:v1.16.2', placement: 'anywhere', security: 'non-root' },
  { namespace: 'cert-manager', name: 'cert-manager-webhook', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-webhook:v1.16.2', placement: 'anywhere', security: 'non-root' },
  { namespace: 'argocd', name: 'argocd-server', kind: 'Deployment', replicas: 1, image: 'quay.io/argoproj/argocd:v2.13.2', placement: 'anywhere', security: 'non-root' },
  { namespace: 'argocd', name: 'argocd-repo-server', kind: 'Deployment', replicas: 1, image: 'quay.io/argoproj/argocd:v2.13.2', placement: 'anywhere', security: 'non-root' },
  { namespace: 'argocd', name: 'argocd-redis', kind: 'Deployment', replicas: 1, image: 'public.ecr.aws/docker/library/redis:7.4.1-alpine', placement: 'anywhere', security: 'non-root' },
  { namespace: 'argocd', name: 'argocd-application-controller', kind: 'StatefulSet', replicas: 1, image: 'quay.io/argoproj/argocd:v2.13.2', placement: 'anywhere', security: 'non-root' },
  { namespace: 'ingress-nginx', name: 'ingress-nginx-controller', kind: 'DaemonSet', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0', placement: 'workers', security: 'non-root-escalating' },
  { namespace: 'kured', name: 'kured', kind: 'DaemonSet', image: 'ghcr.io/kubereboot/kured:1.16.2', placement: 'all-nodes', security: 'privileged', when: 'kured' },
  { namespace: 'tracing', name: 'jaeger', kind: 'Deployment', replicas: 1, image: 'docker.io/jaegertracing/all-in-one:1.64.0', placement: 'anywhere', security: 'non-root', when: 'jaeger' },
];

/** Falco rules that fire in the demo, by the priority they carry. */
export const FALCO_RULES = {
  Notice: 'Contact K8S API Server From Container',
  Warning: 'Read sensitive file untrusted',
  Critical: 'Terminal shell in container',
} as const;
