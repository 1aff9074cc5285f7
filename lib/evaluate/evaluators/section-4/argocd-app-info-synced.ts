import type { z } from 'zod';
import { judgeApplications, NO_GITOPS_NOTE } from '../../rules/gitops';
import { definePromEvaluator, labelName, label, promQueryParams } from '../../rules/prometheus';
import type { CheckOutcome } from '../../types';


const params = promQueryParams
  .extend({
    /** the labels of each series that name the application in the evidence: namespace/name */
    namespaceLabel: labelName,
    nameLabel: labelName,
  })
  .strict();
type Params = z.infer<typeof params>;

export const argocdAppInfoSynced = definePromEvaluator<Params>({
  name: 'argocd-app-info-synced',
  description: 'Every application in argocd_app_info has sync_status Synced and health_status Healthy; no series → warn.',
  params,
  judge: ({ samples, warnings }, { namespaceLabel, nameLabel }, { settings }): CheckOutcome => {
    if (samples.length === 0) {
      // Either Argo CD is not installed or it is not scraped; both leave GitOps unproven. Not
      // `unknown`: the absence is itself the likely finding (no GitOps), as the Kubernetes check
      // (argocd-applications-synced) confirms or refutes.
      return {
        status: 'warn',
        summary: `No argocd_app_info series: Argo CD is not installed, not scraped or manages no application (${NO_GITOPS_NOTE})`,
        excerpt: { applications: 0, warnings },
      };
    }
    const applications = samples.map((sample) => ({
      object: `${label(sample, namespaceLabel)}/${label(sample, nameLabel)}`,
      syncStatus: label(sample, 'sync_status'),
      healthStatus: label(sample, 'health_status'),
    }));
    const outcome = judgeApplications(applications, settings.maxOffendersPerCheck);
    return { ...outcome, excerpt: { ...outcome.excerpt, warnings } };
  },
});
