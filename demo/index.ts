/**
 * The built-in demo cluster: loopback servers that speak the real wire protocols of Prometheus,
 * OpenSearch, Harbor and the Kubernetes API, serving a generated Compliant-Kubernetes-like cluster.
 */
export type { DemoCluster, DemoClusterOptions, DemoCredentials } from './cluster';
export { startDemoCluster } from './cluster';
export { DEFAULT_SCALE, buildDemoDataset } from './dataset';
export type {
  DemoDataset,
  DemoFault,
  DemoScale,
  DemoScenario,
  DemoSeries,
  DemoSourceName,
  HarborData,
  KubeObject,
  KubeResource,
  KubernetesData,
  LogStream,
  OpenSearchData,
  PrometheusData,
} from './types';
