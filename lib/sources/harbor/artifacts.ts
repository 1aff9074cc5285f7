import 'server-only';
import type { HarborArtifact } from '@/lib/sources/types';
import { listAllPages, type HarborContext } from './pagination';
import { artifactListSchema, repositoryListSchema, type RawArtifact, type RawNativeReportSummary } from './schemas';

/**
 * Scan report MIME types, preferred first. Harbor keys scan_overview by the report type; 2.x with
 * Trivy writes the first, older scanners and Harbor versions the second.
 */
const SCAN_REPORT_MIME_TYPES = [
  'application/vnd.security.vulnerability.report; version=1.1',
  'application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0',
] as const;

function pickScanReport(scanOverview: RawArtifact['scan_overview']): RawNativeReportSummary | undefined {
  if (!scanOverview) return undefined;
  for (const mimeType of SCAN_REPORT_MIME_TYPES) {
    const report = scanOverview[mimeType];
    if (report) return report;
  }
  // an unknown report type is still better than calling the artifact unscanned
  return Object.values(scanOverview)[0];
}

function toHarborArtifact(projectName: string, repositoryName: string, artifact: RawArtifact): HarborArtifact {
  const report = pickScanReport(artifact.scan_overview);
  const counts = report?.summary?.summary ?? {};
  return {
    project: projectName,
    repository: repositoryName,
    digest: artifact.digest,
    tags: (artifact.tags ?? []).map((tag) => tag.name),
    pushedAt: artifact.push_time ?? undefined,
    scanStatus: report?.scan_status ?? undefined,
    // Harbor writes "" when a scan failed
    severity: report?.severity || undefined,
    criticalCount: counts.Critical ?? 0,
    highCount: counts.High ?? 0,
    scannedAt: report?.end_time ?? undefined,
  };
}

/**
 * The repository part of a Harbor repository name, encoded for the artifacts path. Harbor's swagger:
 * a name that contains a slash is URL-encoded twice (`a/b` → `a%252Fb`); names without one are
 * unchanged by either encoding, so encoding twice is always right.
 */
export function encodeRepositoryPath(projectName: string, repositoryName: string): string {
  const prefix = `${projectName}/`;
  const repositoryPart = repositoryName.startsWith(prefix) ? repositoryName.slice(prefix.length) : repositoryName;
  return encodeURIComponent(encodeURIComponent(repositoryPart));
}

export async function listRepositoryNames(context: HarborContext, projectName: string): Promise<string[]> {
  const repositories = await listAllPages(context, {
    path: `/api/v2.0/projects/${encodeURIComponent(projectName)}/repositories`,
    schema: repositoryListSchema,
  });
  return repositories.map((repository) => repository.name);
}

export async function listRepositoryArtifacts(context: HarborContext, projectName: string, repositoryName: string): Promise<HarborArtifact[]> {
  const artifacts = await listAllPages(context, {
    path: `/api/v2.0/projects/${encodeURIComponent(projectName)}/repositories/${encodeRepositoryPath(projectName, repositoryName)}/artifacts`,
    query: { with_scan_overview: 'true', with_tag: 'true', with_label: 'false' },
    // which report types the overview may come from, preferred first
    headers: { 'x-accept-vulnerabilities': SCAN_REPORT_MIME_TYPES.join(', ') },
    schema: artifactListSchema,
  });
  return artifacts.map((artifact) => toHarborArtifact(projectName, repositoryName, artifact));
}

/**
 * Every artifact of the given projects. All projects' repository lists and all repositories' artifact
 * pages are asked for at once; the client's limiter keeps a fixed number in flight, so the listing
 * is pipelined rather than one repository after another. The result keeps project, then repository order.
 */
export async function listProjectsArtifacts(context: HarborContext, projectNames: string[]): Promise<HarborArtifact[]> {
  const perProject = await Promise.all(
    projectNames.map(async (projectName) => {
      const repositoryNames = await listRepositoryNames(context, projectName);
      const perRepository = await Promise.all(repositoryNames.map((name) => listRepositoryArtifacts(context, projectName, name)));
      return perRepository.flat();
    }),
  );
  return perProject.flat();
}
