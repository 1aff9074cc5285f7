import 'server-only';
import type https from 'node:https';
import type { KubernetesConnection } from '@/lib/sources/connection';
import { SourceError } from '@/lib/sources/source-error';

/**
 * Where the API server is and what each request carries (credentials, TLS settings). Every call is a
 * plain GET of JSON (request.ts); this is the only part that may need @kubernetes/client-node.
 *
 * A URL with a token (and TLS files) is applied directly. A kubeconfig file or the in-cluster service
 * account goes through the client's KubeConfig, which knows contexts, exec credential plugins, token
 * files that rotate and proxies; the package is imported only then. Loaded, it costs the collector
 * about 120 MB of resident memory before any work (BENCHMARKS.md, part 1).
 */
export interface KubernetesTransport {
  server: string;
  /** sets the credentials and TLS settings of one request (may run an exec plugin or re-read a token file) */
  applyTo(options: https.RequestOptions): Promise<void>;
}

function directTransport(connection: NonNullable<KubernetesConnection['connection']>): KubernetesTransport {
  const { url, token, ca, clientCert, clientKey, skipTlsVerify } = connection;
  return {
    server: url,
    applyTo: async (options) => {
      if (token !== undefined) options.headers = { ...options.headers, authorization: `Bearer ${token}` };
      if (ca !== undefined) options.ca = ca;
      if (clientCert !== undefined) options.cert = clientCert;
      if (clientKey !== undefined) options.key = clientKey;
      options.rejectUnauthorized = !skipTlsVerify;
    },
  };
}

async function kubeConfigTransport(connection: KubernetesConnection): Promise<KubernetesTransport> {
  const k8s = await import('@kubernetes/client-node');
  const kubeConfig = new k8s.KubeConfig();
  if (connection.kind === 'kubeconfig' && connection.kubeconfigPath) kubeConfig.loadFromFile(connection.kubeconfigPath);
  else kubeConfig.loadFromCluster();
  const server = kubeConfig.getCurrentCluster()?.server;
  if (!server) throw new SourceError({ source: 'kubernetes', kind: 'network', path: '/', message: 'no API server configured' });
  return { server, applyTo: (options) => kubeConfig.applyToHTTPSOptions(options) };
}

/** The transport of a connection; a kubeconfig that cannot be read is a source error, like a server that cannot be reached. */
export async function openTransport(connection: KubernetesConnection): Promise<KubernetesTransport> {
  if (connection.kind === 'url' && connection.connection) return directTransport(connection.connection);
  try {
    return await kubeConfigTransport(connection);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    const what = connection.kind === 'kubeconfig' ? 'the kubeconfig' : 'the in-cluster service account';
    // the code or name only: a parser's message may quote the file, credentials included
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    throw new SourceError({ source: 'kubernetes', kind: 'network', path: '/', message: `cannot use ${what} (${reason})` });
  }
}
