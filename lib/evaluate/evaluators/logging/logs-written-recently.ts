import { z } from 'zod';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders } from '../../offenders';
import { logFreshness } from '../../rules/log-store';
import { proseList } from '../../rules/patterns';

const params = z
  .object({
    /** aliases that must keep receiving documents, each with its own limit (a quiet alias, e.g. `other`, is left out) */
    freshness: logFreshness,
  })
  .strict();

interface LatestDocument {
  alias: string;
  /** the newest @timestamp in `<alias>*`, null when it holds no document */
  latest: string | null;
}

export const logsWrittenRecently = defineEvaluator({
  name: 'logs-written-recently',
  source: 'opensearch',
  description: 'The newest document of each listed alias is younger than its maxAgeHours.',
  params,
  reads: ['latestDocumentTime'],
  query: ({ freshness }) => `POST /{${freshness.map(({ alias }) => `${alias}*`).join(',')}}/_search {size: 0, aggs: {latest: {max: {field: "@timestamp"}}}}`,
  read: async (sources, { freshness }): Promise<LatestDocument[]> =>
    Promise.all(freshness.map(async ({ alias }) => ({ alias, latest: await sources.latestDocumentTime(`${alias}*`) }))),
  judge: (latest, { freshness }, { settings, now }) => {
    const nowMs = now.getTime();
    const maxAgeHoursOf = new Map(freshness.map(({ alias, maxAgeHours }) => [alias, maxAgeHours]));
    const offenders: Offender[] = [];
    for (const { alias, latest: time } of latest) {
      const maxAgeHours = maxAgeHoursOf.get(alias) ?? 0;
      if (time === null) offenders.push({ object: `alias ${alias}`, reason: 'no documents' });
      else if (Date.parse(time) < nowMs - maxAgeHours * 3_600_000) offenders.push({ object: `alias ${alias}`, reason: `newest document at ${time}, older than ${maxAgeHours} h` });
    }
    const excerpt = { latest: latest.map(({ alias, latest: time }) => ({ alias, latest: time })), ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `Logs keep arriving in the ${proseList(latest.map(({ alias }) => alias))} aliases`, excerpt }
      : { status: 'fail', summary: `No recent logs in ${offenders.map((offender) => offender.object.replace('alias ', '')).join(', ')}`, excerpt };
  },
});
