import { z } from 'zod';
import type { OpenSearchAlias } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { logAliases } from '../../rules/log-store';

const params = z.object({ aliases: logAliases }).strict();

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

export const openSearchLogAliases = defineEvaluator({
  name: 'opensearch-log-aliases',
  source: 'opensearch',
  description: 'Each of the given write aliases exists in the log store.',
  params,
  reads: ['openSearchAliases'],
  query: ({ aliases }) => `GET /_cat/aliases?format=json → aliases ${aliases.join(', ')}`,
  read: async (sources): Promise<OpenSearchAlias[]> => sources.openSearchAliases(),
  judge: (rows, { aliases: required }) => {
    const aliases = new Set(rows.map((row) => row.alias));
    const missing = required.filter((alias) => !aliases.has(alias));
    const excerpt = { required, missing };
    // "All four log aliases exist" reads better than a digit; long lists fall back to digits
    const count = NUMBER_WORDS[required.length] ?? String(required.length);
    return missing.length === 0
      ? { status: 'pass', summary: `All ${count} log aliases exist`, excerpt }
      : { status: 'fail', summary: `Missing log aliases: ${missing.join(', ')}`, excerpt };
  },
});
