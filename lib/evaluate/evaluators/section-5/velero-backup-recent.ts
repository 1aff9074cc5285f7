import { z } from 'zod';
import type { CheckOutcome, Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, promQueryParams } from '../../rules/prometheus';

const HOUR_SECONDS = 3_600;
const DAY_SECONDS = 86_400;

const params = promQueryParams
  .extend({
    /** the label of each series that names its Velero schedule (empty for backups taken by hand) */
    scheduleLabel: z.string().trim().min(1),
  })
  .strict();
type Params = z.infer<typeof params>;

export const veleroBackupRecent = definePromEvaluator<Params>({
  name: 'velero-backup-recent',
  description: 'Every Velero schedule had a successful backup within the limit (setting maxBackupAgeHours); the query gives each schedule’s backup age in seconds.',
  params,
  judge: ({ samples, warnings }, { scheduleLabel }, { settings, now }): CheckOutcome => {
    if (samples.length === 0) {
      return { status: 'unknown', summary: 'No velero_backup_last_successful_timestamp series: Velero is not installed, not scraped, or has never backed up', excerpt: { schedules: 0, warnings } };
    }
    // Backups taken by hand carry an empty schedule label; an old one says nothing about the
    // schedules, so only scheduled backups are judged.
    const scheduled = samples.filter((sample) => (sample.labels[scheduleLabel] ?? '') !== '');
    if (scheduled.length === 0) {
      return { status: 'fail', summary: 'Velero has only manual backups: no backup schedule exists', excerpt: { schedules: 0, warnings } };
    }
    const limitHours = settings.maxBackupAgeHours;
    const nowSeconds = now.getTime() / 1000;
    const offenders: Offender[] = scheduled
      .filter((sample) => sample.value > limitHours * HOUR_SECONDS)
      .map((sample) => ({
        object: `schedule ${label(sample, scheduleLabel)}`,
        // A schedule that never succeeded reports timestamp 0, so its "age" is the whole epoch.
        reason: sample.value >= nowSeconds - DAY_SECONDS ? 'no successful backup yet' : `last successful backup ${Math.floor(sample.value / HOUR_SECONDS)} h ago`,
      }));
    const excerpt = { schedules: scheduled.length, limitHours, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(scheduled.length, 'backup schedule')} succeeded within ${limitHours} h`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(scheduled.length, 'backup schedule')} have no successful backup within ${limitHours} h`, excerpt };
  },
});
