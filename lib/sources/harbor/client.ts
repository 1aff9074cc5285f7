import 'server-only';
import type { SourceConnection } from '@/lib/sources/connection';
import { createLimiter, DEFAULT_CONCURRENCY } from '@/lib/sources/http/limiter';
import type { HarborArtifact, HarborCveAllowlist, HarborHealth, HarborProject, HarborScanner, HarborSystemInfo } from '@/lib/sources/types';

export type { HarborProject };
import { listProjectsArtifacts, listRepositoryArtifacts, listRepositoryNames } from './artifacts';
import { getOne, listAllPages, type HarborContext } from './pagination';
import { cveAllowlistSchema, healthSchema, projectListSchema, scannerListSchema, systemInfoSchema } from './schemas';

export interface HarborClient {
  listProjects(): Promise<HarborProject[]>;
  getHealth(): Promise<HarborHealth>;
  getSystemInfo(): Promise<HarborSystemInfo>;
  listScanners(): Promise<HarborScanner[]>;
  /** full repository names (`project/repo`) of one project */
  listRepositories(projectName: string): Promise<string[]>;
  /** the artifacts of one repository, with tags and scan overview */
  listArtifacts(projectName: string, repositoryName: string): Promise<HarborArtifact[]>;
  /** the artifacts of every repository of the given projects, fetched with bounded concurrency */
  listAllArtifacts(projectNames: string[]): Promise<HarborArtifact[]>;
  getCveAllowlist(): Promise<HarborCveAllowlist>;
}

const API = '/api/v2.0';

export function createHarborClient(connection: SourceConnection, options: { timeoutMs: number; concurrency?: number }): HarborClient {
  const context: HarborContext = { connection, timeoutMs: options.timeoutMs, limiter: createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY) };
  return {
    async listProjects() {
      const projects = await listAllPages(context, { path: `${API}/projects`, query: { with_detail: 'true' }, schema: projectListSchema });
      return projects.map((project) => ({
        id: project.project_id,
        name: project.name,
        isAutoScanOn: project.metadata?.auto_scan === 'true',
        isPreventVulOn: project.metadata?.prevent_vul === 'true',
        severity: project.metadata?.severity ?? undefined,
        isPublic: project.metadata?.public === 'true',
        isReusingSystemCveAllowlist: project.metadata?.reuse_sys_cve_allowlist === 'true',
      }));
    },

    async getHealth() {
      const health = await getOne(context, `${API}/health`, healthSchema);
      return { status: health.status, components: (health.components ?? []).map(({ name, status }) => ({ name, status })) };
    },

    async getSystemInfo() {
      const info = await getOne(context, `${API}/systeminfo`, systemInfoSchema);
      // harbor_version is hidden from anonymous callers; an empty string says "not shown", not "unknown version"
      return { harborVersion: info.harbor_version ?? '', authMode: info.auth_mode ?? '', isReadOnly: info.read_only ?? false };
    },

    async listScanners() {
      const scanners = await listAllPages(context, { path: `${API}/scanners`, schema: scannerListSchema });
      return scanners.map((scanner) => ({
        name: scanner.name,
        vendor: scanner.vendor ?? '',
        version: scanner.version ?? '',
        isDefault: scanner.is_default ?? false,
        isDisabled: scanner.disabled ?? false,
        health: scanner.health ?? undefined,
      }));
    },

    listRepositories: (projectName) => listRepositoryNames(context, projectName),
    listArtifacts: (projectName, repositoryName) => listRepositoryArtifacts(context, projectName, repositoryName),
    listAllArtifacts: (projectNames) => listProjectsArtifacts(context, projectNames),

    async getCveAllowlist() {
      const allowlist = await getOne(context, `${API}/system/CVEAllowlist`, cveAllowlistSchema);
      const expiresAt = allowlist.expires_at ? new Date(allowlist.expires_at * 1000).toISOString() : undefined;
      return { cveIds: (allowlist.items ?? []).map((item) => item.cve_id), expiresAt };
    },
  };
}
