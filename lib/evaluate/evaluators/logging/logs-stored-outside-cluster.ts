import { z } from 'zod';
import type { OpenSearchHealth } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';

export const logsStoredOutsideCluster = defineEvaluator({
  name: 'logs-stored-outside-cluster',
  source: 'opensearch',
  description:
    'For a workload cluster, the configuration names a different (management) cluster as its log store; the management cluster passes; otherwise a warning. The store must be reachable.',
  params: z.object({}).strict(),
  reads: ['openSearchHealth'],
  query: () => 'configuration: the cluster whose OpenSearch holds this cluster’s logs; GET /_cluster/health (reachable)',
  // reading the store proves Refmap looks at the store the configuration names
  read: async (sources): Promise<OpenSearchHealth> => sources.openSearchHealth(),
  judge: (health, _params, { cluster }) => {
    const excerpt = { cluster: cluster?.name ?? null, role: cluster?.role ?? null, logsStoredIn: cluster?.logsStoredIn ?? null, logStoreStatus: health.status };
    if (cluster?.role === 'workload' && cluster.logsStoredIn && cluster.logsStoredIn !== cluster.name) {
      return { status: 'pass', summary: `Logs are stored in cluster ${cluster.logsStoredIn}, outside this workload cluster`, excerpt };
    }
    if (cluster?.role === 'management') {
      return { status: 'pass', summary: 'This is the management cluster: it holds the log store itself, apart from workloads', excerpt };
    }
    return { status: 'warn', summary: 'The configuration does not show that logs leave this cluster: declare cluster roles to prove it', excerpt };
  },
});
