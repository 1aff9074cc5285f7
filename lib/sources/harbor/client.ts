import 'server-only';
import type { SourceConnection } from '@/lib/config';
import { requestJson } from '@/lib/sources/http/request-json';
import { SourceError } from '@/lib/sources/source-error';
import { projectListSchema } from './schemas';

export interface HarborProject {
  id: number;
  name: string;
  isAutoScanOn: boolean;
  /** "prevent vulnerable images from running" */
  isPreventVulOn: boolean;
  /** lowest severity that is blocked when prevent_vul is on (Harbor: none|low|medium|high|critical) */
  severity?: string;
}

export interface HarborClient {
  listProjects(): Promise<HarborProject[]>;
}

const PAGE_SIZE = 100;
// A guard against a source whose X-Total-Count never ends the loop.
const MAX_PAGES = 10_000;

export function createHarborClient(connection: SourceConnection, options: { timeoutMs: number }): HarborClient {
  return {
    async listProjects() {
      const projects: HarborProject[] = [];
      for (let page = 1; page <= MAX_PAGES; page++) {
        const { headers, body } = await requestJson({
          source: 'harbor',
          connection,
          path: '/api/v2.0/projects',
          query: { page, page_size: PAGE_SIZE, with_detail: 'true' },
          schema: projectListSchema,
          timeoutMs: options.timeoutMs,
        });
        for (const project of body) {
          projects.push({
            id: project.project_id,
            name: project.name,
            isAutoScanOn: project.metadata?.auto_scan === 'true',
            isPreventVulOn: project.metadata?.prevent_vul === 'true',
            severity: project.metadata?.severity,
          });
        }
        const total = Number(headers['x-total-count']);
        const isLastPage = body.length < PAGE_SIZE || (Number.isFinite(total) && projects.length >= total);
        if (isLastPage) return projects;
      }
      throw new SourceError({ source: 'harbor', kind: 'parse', path: '/api/v2.0/projects', message: `more than ${MAX_PAGES} pages` });
    },
  };
}
