import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import { instantQuery, label } from '../checks/prometheus';
import { capOffenders, countPhrase } from '../offenders';
import type { ControlDefinition } from '../types';

// Section 4: the software factory and CI/CD. Most of it is about the pipeline that builds the
// software, which no cluster shows; what a cluster does show is how software arrives: by GitOps
// with Argo CD, and whether what runs still matches Git.
//
// Argo CD missing is a warning, not a failure: Compliant Kubernetes accepts deploying as the last
// step of a CI pipeline just as well. Such a pipeline leaves no trace in the cluster, so the team
// records it as an attestation (or a waiver) instead.

const ARGO_APP_INFO_QUERY = 'argocd_app_info';
const ARGO_APPLICATIONS_ENDPOINT = 'GET /apis/argoproj.io/v1alpha1/applications (all namespaces) → status.sync.status, status.health.status';

const NO_GITOPS_NOTE = 'deployment as the last step of a CI pipeline is also acceptable, but needs an attestation';

/** Why an application is not in the state GitOps promises, or undefined when it is. */
function driftReason(syncStatus: string, healthStatus: string): string | undefined {
  const problems: string[] = [];
  if (syncStatus !== 'Synced') problems.push(`sync ${syncStatus}`);
  if (healthStatus !== 'Healthy') problems.push(`health ${healthStatus}`);
  return problems.length > 0 ? problems.join(', ') : undefined;
}

/** Shared verdict of both checks: every application Synced and Healthy, offenders named. */
function judgeApplications(applications: { object: string; syncStatus: string; healthStatus: string }[], maxOffenders: number): CheckOutcome {
  const offenders: Offender[] = [];
  for (const application of applications) {
    const reason = driftReason(application.syncStatus, application.healthStatus);
    if (reason) offenders.push({ object: application.object, reason });
  }
  const excerpt = { applications: applications.length, ...capOffenders(offenders, maxOffenders) };
  if (offenders.length === 0) {
    return { status: 'pass', summary: `All ${countPhrase(applications.length, 'Argo CD application')} are Synced and Healthy`, excerpt };
  }
  return { status: 'fail', summary: `${offenders.length} of ${countPhrase(applications.length, 'Argo CD application')} drift from Git or are unhealthy`, excerpt };
}

export const section4Controls: ControlDefinition[] = [
  {
    id: 'S4.GITOPS',
    sectionId: '4',
    group: 'Software factory and CI/CD',
    title: 'Software is delivered by GitOps, without drift',
    requirement:
      'What runs in the cluster is declared in Git and applied by a GitOps tool, so that no CI system needs keys to the cluster, changes are auditable, and the running state does not drift from the declared one.',
    implementation:
      'Compliant Kubernetes offers Argo CD as an additional managed service; it keeps each application in sync with its Git repository and reports sync and health status. Deploying from the last step of a CI pipeline is the accepted alternative.',
    remediation:
      'Sync the applications that are OutOfSync (and find out who changed the cluster by hand), repair the Degraded ones, or enable automated sync with self-heal. Without Argo CD, attest the CI deployment step instead.',
    checks: [
      {
        id: 'argocd-apps-synced-metrics',
        source: 'prometheus',
        query: ARGO_APP_INFO_QUERY,
        rule: 'Every application reported by argocd_app_info has sync_status Synced and health_status Healthy.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, ARGO_APP_INFO_QUERY);
          if (samples.length === 0) {
            // Either Argo CD is not installed or it is not scraped; both leave GitOps unproven.
            // Not `unknown`: the absence is itself the likely finding (no GitOps), as the Kubernetes
            // check below confirms or refutes.
            return {
              status: 'warn',
              summary: `No argocd_app_info series: Argo CD is not installed, not scraped or manages no application (${NO_GITOPS_NOTE})`,
              excerpt: { applications: 0, warnings },
            };
          }
          const applications = samples.map((sample) => ({
            object: `${label(sample, 'namespace')}/${label(sample, 'name')}`,
            syncStatus: label(sample, 'sync_status'),
            healthStatus: label(sample, 'health_status'),
          }));
          const outcome = judgeApplications(applications, context.settings.maxOffendersPerCheck);
          return { ...outcome, excerpt: { ...outcome.excerpt, warnings } };
        },
      },
      {
        id: 'argocd-applications-synced',
        source: 'kubernetes',
        query: ARGO_APPLICATIONS_ENDPOINT,
        rule: 'Argo CD is installed, manages at least one application, and every Application is Synced and Healthy.',
        run: async (context): Promise<CheckOutcome> => {
          const applications = await context.sources.argoApplications();
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
            context.settings.maxOffendersPerCheck,
          );
        },
      },
    ],
  },
  {
    id: 'S4.CI-CD',
    sectionId: '4',
    group: 'Software factory and CI/CD',
    title: 'The software factory pipeline follows the Reference Design',
    requirement:
      'Applications are built, tested and scanned by an automated pipeline before release; artefacts move through environments by promotion, not rebuilt; and the pipeline itself is access-controlled and leaves an audit trail.',
    implementation:
      'Compliant Kubernetes leaves the CI system to the application team and recommends the Reference Design’s pipeline as a model; only the final step, deployment, reaches the cluster (see S4.GITOPS).',
    remediation: 'Record an attestation that links to the pipeline definition and a recent run, with an owner and an expiry.',
    isManual: true,
    checks: [],
  },
];
