import 'server-only';
import { z } from 'zod';
import type { ArgoApplicationSummary, CustomResourceList } from '@/lib/sources/types';
import { listCustomResources } from './custom-resources';
import type { KubernetesContext } from './request';

// Argo CD Application (argoproj.io/v1alpha1): sync and health as the Argo CD controller reports them.
const applicationSchema = z.object({
  metadata: z.object({ name: z.string(), namespace: z.string().optional() }),
  spec: z.object({ project: z.string().optional() }).nullish(),
  status: z
    .object({
      sync: z.object({ status: z.string().optional() }).nullish(),
      health: z.object({ status: z.string().optional() }).nullish(),
    })
    .nullish(),
});

function toArgoApplicationSummary(application: z.infer<typeof applicationSchema>): ArgoApplicationSummary {
  return {
    namespace: application.metadata.namespace ?? '',
    name: application.metadata.name,
    // a new application has no status yet: Argo CD itself shows Unknown
    syncStatus: application.status?.sync?.status ?? 'Unknown',
    healthStatus: application.status?.health?.status ?? 'Unknown',
    project: application.spec?.project,
  };
}

export function listArgoApplications(context: KubernetesContext): Promise<CustomResourceList<ArgoApplicationSummary>> {
  return listCustomResources(context, { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' }, {
    schema: applicationSchema,
    toSummary: toArgoApplicationSummary,
    pageSize: 200,
  });
}
