import { z } from 'zod';
import type { KubernetesVersion } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';

export const kubernetesApiVersion = defineEvaluator({
  name: 'kubernetes-api-version',
  source: 'kubernetes',
  description: 'The API server’s minor version is at least the configured minimum.',
  params: z.object({}).strict(),
  reads: ['kubernetesVersion'],
  query: () => 'GET /version → gitVersion',
  read: async (sources): Promise<KubernetesVersion> => sources.kubernetesVersion(),
  judge: (version, _params, { settings }) => {
    const minimum = settings.minimumKubernetesMinor;
    const excerpt = { gitVersion: version.gitVersion, minimumMinor: minimum };
    return version.minor >= minimum
      ? { status: 'pass', summary: `Kubernetes ${version.gitVersion} is supported (minimum 1.${minimum})`, excerpt }
      : { status: 'fail', summary: `Kubernetes ${version.gitVersion} is older than the supported 1.${minimum}`, excerpt };
  },
});
