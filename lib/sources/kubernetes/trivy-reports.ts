import 'server-only';
import { z } from 'zod';
import type { ComplianceReportSummary, CustomResourceList, VulnerabilityReportSummary } from '@/lib/sources/types';
import { listCustomResources } from './custom-resources';
import { toIsoTimestamp, type KubernetesContext } from './request';

// trivy-operator CRDs (aquasecurity.github.io/v1alpha1). Only summaries are read; the vulnerability
// lists inside each report are dropped by the schema.
const GROUP = 'aquasecurity.github.io';
const VERSION = 'v1alpha1';
// reports carry their full vulnerability list: small pages keep one page's memory modest
const REPORT_PAGE_SIZE = 100;

const vulnerabilityReportSchema = z.object({
  metadata: z.object({ name: z.string(), namespace: z.string().optional(), labels: z.record(z.string(), z.string()).optional() }),
  report: z.object({
    updateTimestamp: z.string().optional(),
    registry: z.object({ server: z.string().optional() }).nullish(),
    artifact: z.object({ repository: z.string().optional(), tag: z.string().optional(), digest: z.string().optional() }).nullish(),
    summary: z.object({ criticalCount: z.number().optional(), highCount: z.number().optional() }).nullish(),
  }),
});

const clusterComplianceReportSchema = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.object({ compliance: z.object({ id: z.string().optional(), title: z.string().optional() }).nullish() }).nullish(),
  status: z
    .object({
      updateTimestamp: z.string().optional(),
      summary: z.object({ failCount: z.number().optional(), passCount: z.number().optional() }).nullish(),
    })
    .nullish(),
});

function toVulnerabilityReportSummary(report: z.infer<typeof vulnerabilityReportSchema>): VulnerabilityReportSummary {
  const labels = report.metadata.labels ?? {};
  return {
    namespace: report.metadata.namespace ?? '',
    name: report.metadata.name,
    registry: report.report.registry?.server || undefined,
    repository: report.report.artifact?.repository ?? '',
    tag: report.report.artifact?.tag ?? '',
    digest: report.report.artifact?.digest || undefined,
    criticalCount: report.report.summary?.criticalCount ?? 0,
    highCount: report.report.summary?.highCount ?? 0,
    updatedAt: toIsoTimestamp(report.report.updateTimestamp),
    resourceKind: labels['trivy-operator.resource.kind'],
    resourceName: labels['trivy-operator.resource.name'],
    containerName: labels['trivy-operator.container.name'],
  };
}

function toComplianceReportSummary(report: z.infer<typeof clusterComplianceReportSchema>): ComplianceReportSummary {
  return {
    name: report.metadata.name,
    title: report.spec?.compliance?.title ?? report.metadata.name,
    failCount: report.status?.summary?.failCount ?? 0,
    passCount: report.status?.summary?.passCount ?? 0,
    updatedAt: toIsoTimestamp(report.status?.updateTimestamp),
  };
}

export function listVulnerabilityReports(context: KubernetesContext): Promise<CustomResourceList<VulnerabilityReportSummary>> {
  return listCustomResources(context, { group: GROUP, version: VERSION, plural: 'vulnerabilityreports' }, {
    schema: vulnerabilityReportSchema,
    toSummary: toVulnerabilityReportSummary,
    pageSize: REPORT_PAGE_SIZE,
  });
}

export function listComplianceReports(context: KubernetesContext): Promise<CustomResourceList<ComplianceReportSummary>> {
  return listCustomResources(context, { group: GROUP, version: VERSION, plural: 'clustercompliancereports' }, {
    schema: clusterComplianceReportSchema,
    toSummary: toComplianceReportSummary,
    // compliance reports can hold a detailed report per control
    pageSize: 20,
  });
}
