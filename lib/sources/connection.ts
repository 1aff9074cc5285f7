// Where each source is and how to authenticate to it: the contract between configuration and the
// source clients. It lives here, with the clients, so that nothing in lib/sources depends on lib/config.

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

export interface ClusterSources {
  prometheus?: SourceConnection;
  opensearch?: SourceConnection;
  harbor?: SourceConnection;
  kubernetes?: KubernetesConnection;
}
