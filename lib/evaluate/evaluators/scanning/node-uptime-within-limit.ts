import { z } from 'zod';
import type { Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, promQueryParams } from '../../rules/prometheus';

const DAY_SECONDS = 86_400;

const params = promQueryParams
  .extend({
    /** the label of each series that names the node */
    nodeLabel: z.string().trim().min(1),
  })
  .strict();

type Params = z.infer<typeof params>;

export const nodeUptimeWithinLimit = definePromEvaluator<Params>({
  name: 'node-uptime-within-limit',
  description: 'The query returns each node’s uptime in seconds; none may exceed the reboot limit (setting maxRebootPendingDays).',
  params,
  judge: ({ samples, warnings }, { nodeLabel }, { settings }) => {
    if (samples.length === 0) {
      return { status: 'unknown', summary: 'No node_boot_time_seconds series: node-exporter reports nothing', excerpt: { nodes: 0, warnings } };
    }
    const limitDays = settings.maxRebootPendingDays;
    const offenders: Offender[] = samples
      .filter((sample) => sample.value > limitDays * DAY_SECONDS)
      .map((sample) => ({ object: `node ${label(sample, nodeLabel)}`, reason: `up ${Math.floor(sample.value / DAY_SECONDS)} days` }));
    const excerpt = { nodes: samples.length, limitDays, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(samples.length, 'node')} rebooted within ${limitDays} days`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(samples.length, 'node')} up longer than ${limitDays} days`, excerpt };
  },
});
