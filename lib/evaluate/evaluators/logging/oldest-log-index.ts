import { z } from 'zod';
import type { OpenSearchIndex } from '@/lib/sources/types';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { logAliases } from '../../rules/log-store';

const DAY_MS = 86_400_000;

const params = z.object({ aliases: logAliases }).strict();

export const oldestLogIndex = defineEvaluator({
  name: 'oldest-log-index',
  source: 'opensearch',
  description:
    'The oldest index of each log alias (indices whose name starts with the alias) reaches back at least the retention period (setting logRetentionDays); a shorter reach warns.',
  params,
  reads: ['openSearchIndices'],
  query: () => 'GET /_cat/indices?format=json&h=index,creation.date.string,docs.count → oldest index per log alias',
  read: async (sources): Promise<OpenSearchIndex[]> => sources.openSearchIndices(),
  judge: (indices, { aliases }, { settings, now }) => {
    const requiredDays = settings.logRetentionDays;
    const offenders: Offender[] = [];
    const oldest: { alias: string; oldest: string | null; days: number | null }[] = [];
    for (const alias of aliases) {
      const dates = indices.filter((index) => index.index.startsWith(alias) && index.creationDate).map((index) => Date.parse(index.creationDate!));
      const first = dates.length > 0 ? Math.min(...dates) : undefined;
      const days = first === undefined ? null : Math.floor((now.getTime() - first) / DAY_MS);
      oldest.push({ alias, oldest: first === undefined ? null : new Date(first).toISOString(), days });
      if (days === null || days < requiredDays) offenders.push({ object: `alias ${alias}`, reason: days === null ? 'no index' : `oldest index is ${days} days old` });
    }
    const excerpt = { requiredDays, oldest, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `Every log alias reaches back at least ${requiredDays} days`, excerpt }
      : { status: 'warn', summary: `${countPhrase(offenders.length, 'log alias', 'log aliases')} reach back less than ${requiredDays} days (new cluster, or retention too short)`, excerpt };
  },
});
