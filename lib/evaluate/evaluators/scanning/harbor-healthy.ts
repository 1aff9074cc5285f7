import { z } from 'zod';
import type { HarborHealth } from '@/lib/sources/types';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';

export const harborHealthy = defineEvaluator({
  name: 'harbor-healthy',
  source: 'harbor',
  description: 'Harbor’s health endpoint reports Harbor and every component healthy.',
  params: z.object({}).strict(),
  reads: ['harborHealth'],
  query: () => 'GET /api/v2.0/health → status, components[].status',
  read: async (sources): Promise<HarborHealth> => sources.harborHealth(),
  judge: (health, _params, { settings }) => {
    const offenders: Offender[] = health.components
      .filter((component) => component.status !== 'healthy')
      .map((component) => ({ object: `component ${component.name}`, reason: component.status }));
    const excerpt = { status: health.status, components: health.components.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    if (health.status === 'healthy' && offenders.length === 0) {
      return { status: 'pass', summary: `Harbor is healthy (${countPhrase(health.components.length, 'component')})`, excerpt };
    }
    const unhealthy = offenders.length > 0 ? `: ${offenders.map((offender) => offender.object.replace('component ', '')).join(', ')} unhealthy` : '';
    return { status: 'fail', summary: `Harbor is ${health.status}${unhealthy}`, excerpt };
  },
});
