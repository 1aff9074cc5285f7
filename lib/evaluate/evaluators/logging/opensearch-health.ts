import { z } from 'zod';
import type { OpenSearchHealth } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { countPhrase } from '../../offenders';

export const openSearchHealth = defineEvaluator({
  name: 'opensearch-health',
  source: 'opensearch',
  description: 'The OpenSearch cluster health is green; yellow is a warning, red a failure.',
  params: z.object({}).strict(),
  reads: ['openSearchHealth'],
  query: () => 'GET /_cluster/health → status',
  read: async (sources): Promise<OpenSearchHealth> => sources.openSearchHealth(),
  judge: (health) => {
    const excerpt = { status: health.status, numberOfNodes: health.numberOfNodes };
    const status = health.status === 'green' ? 'pass' : health.status === 'yellow' ? 'warn' : 'fail';
    return { status, summary: `OpenSearch cluster health is ${health.status} (${countPhrase(health.numberOfNodes, 'node')})`, excerpt };
  },
});
