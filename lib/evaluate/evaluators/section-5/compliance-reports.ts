import { z } from 'zod';
import type { ComplianceReportSummary, CustomResourceList } from '@/lib/sources/types';
import type { CheckOutcome, Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';

export const complianceReports = defineEvaluator({
  name: 'compliance-reports',
  source: 'kubernetes',
  description: 'trivy-operator’s ClusterComplianceReports exist and each has failCount 0.',
  params: z.object({}).strict(),
  reads: ['complianceReports'],
  query: () => 'GET /apis/aquasecurity.github.io/v1alpha1/clustercompliancereports → status.summary.failCount, passCount',
  read: async (sources): Promise<CustomResourceList<ComplianceReportSummary>> => sources.complianceReports(),
  judge: (reports, _params, { settings }): CheckOutcome => {
    // No reports at all means no compliance scanning: that is the finding itself, so fail.
    if (!reports.isInstalled) {
      return { status: 'fail', summary: 'trivy-operator’s ClusterComplianceReport API is not installed: the cluster is not scanned for compliance', excerpt: { isInstalled: false } };
    }
    if (reports.items.length === 0) {
      return { status: 'fail', summary: 'No ClusterComplianceReport exists: the cluster is not scanned for compliance', excerpt: { isInstalled: true, reports: 0 } };
    }
    const offenders: Offender[] = reports.items
      .filter((report) => report.failCount > 0)
      .map((report) => ({ object: `report ${report.name} (${report.title})`, reason: `${report.failCount} failed, ${report.passCount} passed` }));
    const excerpt = {
      reports: reports.items.map((report) => ({ name: report.name, failCount: report.failCount, passCount: report.passCount, updatedAt: report.updatedAt ?? null })),
      ...capOffenders(offenders, settings.maxOffendersPerCheck),
    };
    return offenders.length === 0
      ? { status: 'pass', summary: `${countPhrase(reports.items.length, 'compliance report')} with failCount 0`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(reports.items.length, 'compliance report')} have failed controls`, excerpt };
  },
});
