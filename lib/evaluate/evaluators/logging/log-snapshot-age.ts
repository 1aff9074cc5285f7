import { definePromEvaluator, promQueryParams } from '../../rules/prometheus';

export const logSnapshotAge = definePromEvaluator({
  name: 'log-snapshot-age',
  description:
    'The query returns the age in seconds of the newest successful OpenSearch snapshot; it must be younger than the limit (setting maxLogSnapshotAgeHours). No value is unknown.',
  params: promQueryParams,
  judge: ({ samples, warnings }, _params, { settings }) => {
    const ageSeconds = samples[0]?.value;
    if (ageSeconds === undefined || Number.isNaN(ageSeconds)) {
      return { status: 'unknown', summary: 'No successful OpenSearch snapshot is reported (elasticsearch_snapshot_stats_* missing)', excerpt: { warnings } };
    }
    const hours = ageSeconds / 3600;
    const limit = settings.maxLogSnapshotAgeHours;
    const excerpt = { ageHours: Math.round(hours * 10) / 10, limitHours: limit, warnings };
    return hours < limit
      ? { status: 'pass', summary: `Last successful log snapshot ${Math.round(hours)} h ago`, excerpt }
      : { status: 'fail', summary: `Last successful log snapshot ${Math.round(hours)} h ago (limit ${limit} h)`, excerpt };
  },
});
