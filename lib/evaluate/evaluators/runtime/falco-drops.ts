import { definePromEvaluator, promQueryParams } from '../../rules/prometheus';

export const falcoDrops = definePromEvaluator({
  name: 'falco-drops',
  description:
    'The query sums the system-call events Falco dropped in the last hour; any drop warns (drops are blind spots). No series means Falco is not scraped: unknown.',
  params: promQueryParams,
  judge: ({ samples, warnings }) => {
    if (samples.length === 0) return { status: 'unknown', summary: 'No falcosecurity_scap_n_drops_total series: Falco metrics are not scraped', excerpt: { warnings } };
    const drops = Math.round(samples[0]?.value ?? 0);
    const excerpt = { dropsLastHour: drops, warnings };
    return drops === 0
      ? { status: 'pass', summary: 'Falco dropped no events in the last hour', excerpt }
      : { status: 'warn', summary: `Falco dropped ${drops} events in the last hour`, excerpt };
  },
});
