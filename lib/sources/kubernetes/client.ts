import 'server-only';
import * as k8s from '@kubernetes/client-node';
import type { KubernetesConnection } from '@/lib/config';
import { toSourceError } from '@/lib/sources/http/request-json';
import { SourceError } from '@/lib/sources/source-error';
import { toPodSummary, type PodSummary } from './pods';

export interface KubernetesClient {
  /** All pods of the cluster, page by page (limit/continue), so memory holds one page at a time. */
  listPodPages(pageSize?: number): AsyncGenerator<PodSummary[]>;
}

const DEFAULT_PAGE_SIZE = 500;

function buildKubeConfig(connection: KubernetesConnection): k8s.KubeConfig {
  const kubeConfig = new k8s.KubeConfig();
  if (connection.kind === 'kubeconfig' && connection.kubeconfigPath) {
    kubeConfig.loadFromFile(connection.kubeconfigPath);
  } else if (connection.kind === 'in-cluster') {
    kubeConfig.loadFromCluster();
  } else if (connection.connection) {
    const { url, token, ca, clientCert, clientKey, skipTlsVerify } = connection.connection;
    const toBase64 = (pem: string | undefined) => (pem === undefined ? undefined : Buffer.from(pem).toString('base64'));
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'refmap', server: url, caData: toBase64(ca), skipTLSVerify: skipTlsVerify }],
      users: [{ name: 'refmap', token, certData: toBase64(clientCert), keyData: toBase64(clientKey) }],
      contexts: [{ name: 'refmap', cluster: 'refmap', user: 'refmap' }],
      currentContext: 'refmap',
    });
  }
  return kubeConfig;
}

function describeKubernetesError(error: unknown, path: string, timeoutMs: number): SourceError {
  if (error instanceof k8s.ApiException) {
    const status = error.code;
    if (status === 401 || status === 403) {
      return new SourceError({ source: 'kubernetes', kind: 'auth', status, path, message: `access refused (HTTP ${status}); check the token and RBAC` });
    }
    if (status >= 200 && status < 300) {
      return new SourceError({ source: 'kubernetes', kind: 'parse', status, path, message: 'answer could not be read' });
    }
    return new SourceError({ source: 'kubernetes', kind: 'http', status, path, message: `HTTP ${status}` });
  }
  if (error instanceof SyntaxError) {
    return new SourceError({ source: 'kubernetes', kind: 'parse', path, message: 'answer is not valid JSON' });
  }
  return toSourceError('kubernetes', path, error, timeoutMs);
}

/**
 * Calls the API with a per-request timeout and at most two retries on 5xx/network errors.
 * The generated client accepts an AbortSignal through a request middleware.
 */
async function callWithRetries<T>(path: string, timeoutMs: number, call: (options: k8s.ConfigurationOptions) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const options: k8s.ConfigurationOptions = {
      middleware: [
        {
          pre: (context) => {
            context.setSignal(AbortSignal.timeout(timeoutMs));
            return Promise.resolve(context) as never;
          },
          post: (response) => Promise.resolve(response) as never,
        },
      ],
      middlewareMergeStrategy: 'append',
    };
    try {
      return await call(options);
    } catch (error) {
      const sourceError = describeKubernetesError(error, path, timeoutMs);
      const isRetryable = sourceError.kind === 'network' || (sourceError.kind === 'http' && (sourceError.status ?? 0) >= 500);
      if (attempt >= 2 || !isRetryable) throw sourceError;
      await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
    }
  }
}

export function createKubernetesClient(connection: KubernetesConnection, options: { timeoutMs: number }): KubernetesClient {
  const kubeConfig = buildKubeConfig(connection);
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  return {
    async *listPodPages(pageSize = DEFAULT_PAGE_SIZE) {
      let continueToken: string | undefined;
      do {
        const page = await callWithRetries('/api/v1/pods', options.timeoutMs, (requestOptions) =>
          core.listPodForAllNamespaces({ limit: pageSize, _continue: continueToken }, requestOptions),
        );
        if (!Array.isArray(page.items)) {
          throw new SourceError({ source: 'kubernetes', kind: 'parse', path: '/api/v1/pods', message: 'PodList without items' });
        }
        yield page.items.map(toPodSummary);
        continueToken = page.metadata?._continue || undefined;
      } while (continueToken !== undefined);
    },
  };
}
