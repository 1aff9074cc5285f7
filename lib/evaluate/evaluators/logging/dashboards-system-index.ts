import { z } from 'zod';
import type { OpenSearchIndex } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';

const params = z
  .object({
    /** the name prefixes of the Dashboards system index (OpenSearch Dashboards, or Kibana before it) */
    indexPrefixes: z.array(z.string().trim().min(1)).min(1),
  })
  .strict();

export const dashboardsSystemIndex = defineEvaluator({
  name: 'dashboards-system-index',
  source: 'opensearch',
  description: 'An OpenSearch Dashboards system index (name starting with one of indexPrefixes) exists in the log store; none warns.',
  params,
  reads: ['openSearchIndices'],
  query: ({ indexPrefixes }) => `GET /_cat/indices?format=json → ${indexPrefixes.map((prefix) => `${prefix}*`).join(' or ')} system index`,
  read: async (sources): Promise<OpenSearchIndex[]> => sources.openSearchIndices(),
  judge: (indices, { indexPrefixes }) => {
    const dashboards = indices.filter((index) => indexPrefixes.some((prefix) => index.index.startsWith(prefix)));
    const excerpt = { dashboardsIndices: dashboards.map((index) => index.index) };
    return dashboards.length > 0
      ? { status: 'pass', summary: `OpenSearch Dashboards stores its objects in ${dashboards[0]!.index}`, excerpt }
      : { status: 'warn', summary: 'No OpenSearch Dashboards system index: logs can be searched but not visualised', excerpt };
  },
});
