import { z } from 'zod';
import type { Offender } from '../../types';
import { capOffenders, countPhrase } from '../../offenders';
import { definePromEvaluator, label, promQueryParams } from '../../rules/prometheus';

const params = promQueryParams
  .extend({
    /** the label of each series that names the node */
    nodeLabel: z.string().trim().min(1),
  })
  .strict();

type Params = z.infer<typeof params>;

export const kuredNoPendingReboot = definePromEvaluator<Params>({
  name: 'kured-no-pending-reboot',
  description: 'kured reports one series per node and none is above 0 (reboot required); a pending reboot or kured missing is a warning.',
  params,
  judge: ({ samples, warnings }, { nodeLabel }, { settings }) => {
    if (samples.length === 0) {
      // a warning, not unknown: kured is optional (Cluster API installs replace nodes instead)
      return { status: 'warn', summary: 'kured is not reporting: reboots after security updates are not automated', excerpt: { nodes: 0, warnings } };
    }
    const offenders: Offender[] = samples.filter((sample) => sample.value > 0).map((sample) => ({ object: `node ${label(sample, nodeLabel)}`, reason: 'reboot required' }));
    const excerpt = { nodes: samples.length, warnings, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `kured reports no pending reboot on ${countPhrase(samples.length, 'node')}`, excerpt }
      : { status: 'warn', summary: `${offenders.length} of ${countPhrase(samples.length, 'node')} wait for a reboot`, excerpt };
  },
});
