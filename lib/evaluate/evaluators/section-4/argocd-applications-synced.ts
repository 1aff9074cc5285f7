import { z } from 'zod';
import type { ArgoApplicationSummary, CustomResourceList } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { judgeApplications, NO_GITOPS_NOTE } from '../../rules/gitops';
import type { CheckOutcome } from '../../types';

export const argocdApplicationsSynced = defineEvaluator({
  name: 'argocd-applications-synced',
  source: 'kubernetes',
  description: 'Argo CD is installed, manages at least one Application, and every Application is Synced and Healthy; none → warn.',
  params: z.object({}).strict(),
  reads: ['argoApplications'],
  query: () => 'GET /apis/argoproj.io/v1alpha1/applications (all namespaces) → status.sync.status, status.health.status',
  read: async (sources): Promise<CustomResourceList<ArgoApplicationSummary>> => sources.argoApplications(),
  judge: (applications, _params, { settings }): CheckOutcome => {
    if (!applications.isInstalled) {
      return { status: 'warn', summary: `Argo CD is not installed (no Application API): ${NO_GITOPS_NOTE}`, excerpt: { isInstalled: false } };
    }
    if (applications.items.length === 0) {
      return { status: 'warn', summary: `Argo CD is installed but manages no application: ${NO_GITOPS_NOTE}`, excerpt: { isInstalled: true, applications: 0 } };
    }
    return judgeApplications(
      applications.items.map((application) => ({
        object: `${application.namespace}/${application.name}`,
        syncStatus: application.syncStatus,
        healthStatus: application.healthStatus,
      })),
      settings.maxOffendersPerCheck,
    );
  },
});
