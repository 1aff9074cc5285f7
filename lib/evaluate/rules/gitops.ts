import type { CheckOutcome, Offender } from '../types';
import { capOffenders, countPhrase } from '../offenders';

// GitOps with Argo CD, as Section 4 reads it. Argo CD missing is a warning, not a failure:
// Compliant Kubernetes accepts deploying as the last step of a CI pipeline just as well. Such a
// pipeline leaves no trace in the cluster, so the team records it as an attestation (or a waiver).

export const NO_GITOPS_NOTE = 'deployment as the last step of a CI pipeline is also acceptable, but needs an attestation';

/** An Argo CD application as both sources report it: `namespace/name` and its two statuses. */
export interface ApplicationState {
  object: string;
  syncStatus: string;
  healthStatus: string;
}

/**
 * Why an application is not in the state GitOps promises, or undefined when it is.
 * @example driftReason('OutOfSync', 'Degraded') // 'sync OutOfSync, health Degraded'
 */
export function driftReason(syncStatus: string, healthStatus: string): string | undefined {
  const problems: string[] = [];
  if (syncStatus !== 'Synced') problems.push(`sync ${syncStatus}`);
  if (healthStatus !== 'Healthy') problems.push(`health ${healthStatus}`);
  return problems.length > 0 ? problems.join(', ') : undefined;
}

/** The verdict both Argo CD checks share: every application Synced and Healthy, offenders named. */
export function judgeApplications(applications: ApplicationState[], maxOffenders: number): CheckOutcome {
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
