import { randomFor } from '../random';
import type { HarborArtifact, HarborCveAllowlist, HarborData, HarborNativeReportSummary, HarborProject, HarborRepository } from '../types';
import { type ArtifactModel, type ClusterModel, DAY_MS, type RepositoryModel, type SeverityCounts, total } from './cluster-model';

/** The scan report MIME type Harbor keys `scan_overview` by for its Trivy adapter. */
export const HARBOR_REPORT_MIME_TYPE = 'application/vnd.security.vulnerability.report; version=1.1';

const SCANNER = { name: 'Trivy', vendor: 'Aqua Security', version: 'v0.56.1' };

/** Builds Harbor's view of the demo registry, in the JSON shapes of Harbor's API v2.0. */
export function buildHarborData(model: ClusterModel): HarborData {
  const seed = model.scale.seed;
  const profile = model.profile;
  const createdTime = harborTime(model.clusterCreatedMs + DAY_MS);
  const systemAllowlist: HarborCveAllowlist = {
    id: 1,
    project_id: 0,
    expires_at: null,
    items: profile.scenario === 'healthy' ? [] : [{ cve_id: 'CVE-2023-44487' }],
    creation_time: createdTime,
    update_time: createdTime,
  };
  const repositories = new Map<string, HarborRepository[]>();
  const artifacts = new Map<string, HarborArtifact[]>();
  const projects: HarborProject[] = [];
  for (const project of model.harborProjects) {
    const projectTime = harborTime(project.createdMs);
    repositories.set(
      project.name,
      project.repositories.map((repository) => toRepository(repository, project.id)),
    );
    for (const repository of project.repositories) {
      artifacts.set(
        repository.name,
        repository.artifacts.map((artifact) => toArtifact(artifact, repository, project.id, project.name, seed)),
      );
    }
    projects.push({
      project_id: project.id,
      owner_id: 1,
      owner_name: 'admin',
      name: project.name,
      creation_time: projectTime,
      update_time: projectTime,
      deleted: false,
      repo_count: project.repositories.length,
      togglable: true,
      current_user_role_id: 1,
      current_user_role_ids: [1],
      metadata: {
        public: 'false',
        auto_scan: 'true',
        prevent_vul: profile.harborPreventVul ? 'true' : 'false',
        severity: profile.harborSeverity,
        reuse_sys_cve_allowlist: 'true',
        enable_content_trust: 'false',
      },
      cve_allowlist: { id: project.id + 100, project_id: project.id, expires_at: null, items: [], creation_time: projectTime, update_time: projectTime },
    });
  }
  projects.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const scannerRandom = randomFor(seed, 'harbor-scanner');
  return {
    host: model.harborHost,
    health: {
      status: 'healthy',
      components: ['core', 'database', 'jobservice', 'portal', 'redis', 'registry', 'registryctl', 'trivy'].map((name) => ({ name, status: 'healthy' })),
    },
    systemInfo: {
      auth_mode: 'oidc_auth',
      banner_message: '',
      current_time: harborTime(model.nowMs),
      external_url: `https://${model.harborHost}`,
      harbor_version: 'v2.11.1-6b7ecba1',
      has_ca_root: false,
      notification_enable: true,
      oidc_provider_name: 'dex',
      primary_auth_mode: false,
      project_creation_restriction: 'adminonly',
      read_only: false,
      registry_storage_provider_name: 's3',
      registry_url: model.harborHost,
      self_registration: false,
      storage_per_project: '-1',
    },
    scanners: [
      {
        uuid: scannerRandom.uuid(),
        name: 'Trivy',
        description: 'The Trivy scanner adapter',
        url: 'http://harbor-trivy:8080',
        disabled: false,
        is_default: true,
        auth: '',
        skip_certVerify: false,
        use_internal_addr: true,
        create_time: createdTime,
        update_time: createdTime,
      },
    ],
    cveAllowlist: systemAllowlist,
    projects,
    repositories,
    artifacts,
  };
}

/** Harbor writes times as RFC 3339 in UTC with milliseconds. */
export function harborTime(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

function toRepository(repository: RepositoryModel, projectId: number): HarborRepository {
  const newest = repository.artifacts[0];
  return {
    id: repository.id,
    project_id: projectId,
    name: repository.name,
    description: '',
    artifact_count: repository.artifacts.length,
    pull_count: repository.pullCount,
    creation_time: harborTime(repository.createdMs),
    update_time: harborTime(newest?.pushedMs ?? repository.createdMs),
  };
}

/** Encodes a repository name for a Harbor URL: slashes inside it are encoded twice, as Harbor requires. */
export function encodeRepositoryName(repositoryName: string): string {
  return encodeURIComponent(encodeURIComponent(repositoryName));
}

function toArtifact(artifact: ArtifactModel, repository: RepositoryModel, projectId: number, projectName: string, seed: number): HarborArtifact {
  const random = randomFor(seed, `artifact:${artifact.digest}`);
  const repositoryPath = repository.name.slice(projectName.length + 1);
  const base = `/api/v2.0/projects/${projectName}/repositories/${encodeRepositoryName(repositoryPath)}/artifacts/${artifact.digest}`;
  const pushTime = harborTime(artifact.pushedMs);
  const pullTime = harborTime(artifact.pushedMs + random.int(1, 5) * 3_600_000);
  return {
    id: artifact.id,
    type: 'IMAGE',
    media_type: 'application/vnd.docker.container.image.v1+json',
    manifest_media_type: 'application/vnd.docker.distribution.manifest.v2+json',
    project_id: projectId,
    repository_id: repository.id,
    digest: artifact.digest,
    size: artifact.sizeBytes,
    push_time: pushTime,
    pull_time: pullTime,
    extra_attrs: { architecture: 'amd64', os: 'linux', author: '', created: harborTime(artifact.pushedMs - 600_000), config: { User: '10001', WorkingDir: '/app' } },
    annotations: null,
    references: null,
    tags: artifact.tags.map((name, index) => ({
      id: artifact.id * 10 + index,
      repository_id: repository.id,
      artifact_id: artifact.id,
      name,
      push_time: pushTime,
      pull_time: pullTime,
      immutable: false,
    })),
    labels: null,
    addition_links: {
      build_history: { href: `${base}/additions/build_history`, absolute: false },
      vulnerabilities: { href: `${base}/additions/vulnerabilities`, absolute: false },
    },
    scan_overview: { [HARBOR_REPORT_MIME_TYPE]: scanSummary(artifact, random.uuid()) },
  };
}

function scanSummary(artifact: ArtifactModel, reportId: string): HarborNativeReportSummary {
  const counts = artifact.vulnerabilities;
  const summary: HarborNativeReportSummary['summary']['summary'] = {};
  // Harbor lists only the severities that were found
  if (counts.critical > 0) summary.Critical = counts.critical;
  if (counts.high > 0) summary.High = counts.high;
  if (counts.medium > 0) summary.Medium = counts.medium;
  if (counts.low > 0) summary.Low = counts.low;
  if (counts.unknown > 0) summary.Unknown = counts.unknown;
  return {
    report_id: reportId,
    scan_status: 'Success',
    severity: highestSeverity(counts),
    duration: Math.round((artifact.scannedMs - artifact.pushedMs) / 1000) % 90 + 5,
    summary: { total: total(counts), fixable: artifact.fixable, summary },
    start_time: harborTime(artifact.scannedMs - 12_000),
    end_time: harborTime(artifact.scannedMs),
    complete_percent: 100,
    scanner: SCANNER,
  };
}

function highestSeverity(counts: SeverityCounts): HarborNativeReportSummary['severity'] {
  if (counts.critical > 0) return 'Critical';
  if (counts.high > 0) return 'High';
  if (counts.medium > 0) return 'Medium';
  if (counts.low > 0) return 'Low';
  if (counts.unknown > 0) return 'Unknown';
  return 'None';
}
