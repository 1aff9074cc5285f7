import { z } from 'zod';
import type { PodSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';
import { registryHostOf, tagOf } from '../../rules/images';
import { isSystemNamespace, matchesWildcard } from '../../rules/names';
import type { CheckOutcome, Offender } from '../../types';

export const imagesFromTrustedRegistry = defineEvaluator({
  name: 'images-from-trusted-registry',
  source: 'kubernetes',
  description: 'Every workload container image is hosted on a trusted registry and pinned (not latest, not untagged).',
  params: z.object({}).strict(),
  reads: ['pods'],
  query: () => 'GET /api/v1/pods → spec.containers[].image registry host and tag',
  read: async (sources): Promise<PodSummary[]> => sources.pods(),
  judge: (allPods, _params, { settings }): CheckOutcome => {
    const trusted = settings.trustedRegistries;
    if (trusted.length === 0) {
      return { status: 'unknown', summary: 'No trusted registry is known: set catalog.trustedRegistries or configure Harbor', excerpt: { trustedRegistries: [] } };
    }
    const pods = allPods.filter((pod) => !isSystemNamespace(settings, pod.namespace));
    const offenders: Offender[] = [];
    let containers = 0;
    for (const pod of pods) {
      for (const container of pod.containers) {
        containers++;
        const host = registryHostOf(container.image);
        const tag = tagOf(container.image);
        const isDigestPinned = container.image.includes('@sha256:');
        if (!trusted.some((pattern) => matchesWildcard(pattern, host))) {
          offenders.push({ object: `${pod.namespace}/${pod.name}`, container: container.name, image: container.image, reason: `registry ${host} is not trusted` });
        } else if (!isDigestPinned && (tag === undefined || tag === 'latest')) {
          offenders.push({ object: `${pod.namespace}/${pod.name}`, container: container.name, image: container.image, reason: tag ? 'tag latest' : 'no tag (means latest)' });
        }
      }
    }
    if (containers === 0) return { status: 'not-applicable', summary: 'No workload containers', excerpt: { containers: 0 } };
    const excerpt = { trustedRegistries: trusted, containers, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(containers, 'workload container')} run pinned images from ${trusted.join(', ')}`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(containers, 'workload container')} run images from elsewhere or tagged latest`, excerpt };
  },
});
