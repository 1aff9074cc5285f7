import { z } from 'zod';
import type { TermCount } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { countPhrase } from '../../offenders';

const HOUR_MS = 3_600_000;

export const opensearchQueryParams = z
  .object({
    /** index pattern or alias, e.g. `kubernetes*` */
    index: z.string().trim().min(1),
    /** freshness: the newest @timestamp is younger than maxAgeHours; count: documents in the window */
    mode: z.enum(['freshness', 'count']),
    maxAgeHours: z.number().positive().optional(),
    /** count mode: a keyword field to count by, the window, term filters, and the least total */
    field: z.string().trim().min(1).optional(),
    windowHours: z.number().positive().default(24),
    match: z.record(z.string(), z.string()).optional(),
    minDocuments: z.number().int().min(1).default(1),
  })
  .strict()
  .refine((params) => params.mode !== 'freshness' || params.maxAgeHours !== undefined, { message: 'mode: freshness needs maxAgeHours' })
  .refine((params) => params.mode !== 'count' || params.field !== undefined, { message: 'mode: count needs field' });

type Params = z.infer<typeof opensearchQueryParams>;
type Readings = { mode: 'freshness'; newest: string | null } | { mode: 'count'; counts: TermCount[] };

/** An organisation's own OpenSearch rule: logs in an index are fresh, or numerous enough. */
export const opensearchQuery = defineEvaluator({
  name: 'opensearch-query',
  source: 'opensearch',
  description: 'Documents in an index pattern are fresh (newest @timestamp younger than maxAgeHours) or, counted by a field over a window, at least minDocuments.',
  params: opensearchQueryParams,
  reads: ['latestDocumentTime', 'countByTerms'],
  query: (params: Params) =>
    params.mode === 'freshness'
      ? `POST ${params.index}/_search size 0, max @timestamp`
      : `POST ${params.index}/_search size 0, terms on ${params.field} over the last ${params.windowHours} h${params.match ? ` where ${Object.entries(params.match).map(([key, value]) => `${key}=${value}`).join(', ')}` : ''}`,
  read: async (sources, params, env): Promise<Readings> => {
    if (params.mode === 'freshness') return { mode: 'freshness', newest: await sources.latestDocumentTime(params.index) };
    const sinceIso = new Date(env.now.getTime() - params.windowHours * HOUR_MS).toISOString();
    return { mode: 'count', counts: await sources.countByTerms(params.index, params.field!, { sinceIso, match: params.match }) };
  },
  judge: (readings, params, { now }) => {
    if (readings.mode === 'freshness') {
      if (readings.newest === null) return { status: 'fail', summary: `${params.index} holds no document`, excerpt: { index: params.index, newest: null } };
      const ageHours = (now.getTime() - Date.parse(readings.newest)) / HOUR_MS;
      const excerpt = { index: params.index, newest: readings.newest, maxAgeHours: params.maxAgeHours! };
      if (Number.isNaN(ageHours)) return { status: 'unknown', summary: `${params.index}: the newest @timestamp is not a time`, excerpt };
      return ageHours <= params.maxAgeHours!
        ? { status: 'pass', summary: `${params.index} received a document ${ageHours.toFixed(1)} h ago`, excerpt }
        : { status: 'fail', summary: `${params.index} received nothing for ${ageHours.toFixed(1)} h (limit ${params.maxAgeHours} h)`, excerpt };
    }
    const total = readings.counts.reduce((sum, term) => sum + term.count, 0);
    const excerpt = { index: params.index, windowHours: params.windowHours, total, minDocuments: params.minDocuments, terms: readings.counts.slice(0, 20).map((term) => ({ key: term.key, count: term.count })) };
    return total >= params.minDocuments
      ? { status: 'pass', summary: `${countPhrase(total, 'document')} in ${params.index} over ${params.windowHours} h`, excerpt }
      : { status: 'fail', summary: `Only ${countPhrase(total, 'document')} in ${params.index} over ${params.windowHours} h (at least ${params.minDocuments})`, excerpt };
  },
});
