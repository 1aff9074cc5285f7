import { type ApiBehaviour, type ApiRequest, type ApiResponse, hasBasicAuth, jsonResponse } from '../http/simulated-api';
import type { DemoDataset, HarborArtifact, HarborProject } from '../types';

/**
 * Harbor's REST API v2.0 (read-only part): health, system info, scanners, projects, repositories,
 * artifacts with scan overviews, and the system CVE allow-list. Lists are paginated with `page`
 * and `page_size` (at most 100) and carry Harbor's X-Total-Count and Link headers.
 */

const PREFIX = '/api/v2.0';
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;

export function createHarborBehaviour(dataset: DemoDataset, username: string, password: string): ApiBehaviour {
  let requestCount = 0;
  return {
    source: 'harbor',
    isAuthorized: (request) => hasBasicAuth(request, username, password),
    unauthorized: () => harborError(401, 'UNAUTHORIZED', 'unauthorized'),
    serverError: () => harborError(500, 'UNKNOWN', 'unknown: internal server error'),
    handle(request) {
      requestCount += 1;
      const answer = handleHarbor(dataset, request);
      // Harbor tags every answer with a request id
      answer.headers = { ...answer.headers, 'x-request-id': `demo-${requestCount.toString(16).padStart(8, '0')}` };
      return answer;
    },
  };
}

function harborError(status: number, code: string, message: string): ApiResponse {
  return jsonResponse(status, { errors: [{ code, message }] });
}

class ValidationError extends Error {}

function handleHarbor(dataset: DemoDataset, request: ApiRequest): ApiResponse {
  if (!request.rawPath.startsWith(`${PREFIX}/`)) return harborError(404, 'NOT_FOUND', 'not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return harborError(405, 'METHOD_NOT_ALLOWED', 'method not allowed');
  // one decoding step, as the HTTP router does: a still-encoded %2F stays inside its segment
  const segments = request.rawPath.slice(PREFIX.length + 1).split('/').map(decodeOnce);
  if (segments.some((segment) => segment === undefined || segment.includes('/'))) return harborError(404, 'NOT_FOUND', 'not found');
  const path = segments as string[];
  const harbor = dataset.harbor;
  try {
    const [first, projectName, second, repositoryName, third, ...rest] = path;
    if (path.length === 1 && first === 'health') return jsonResponse(200, harbor.health);
    if (path.length === 1 && first === 'systeminfo') return jsonResponse(200, harbor.systemInfo);
    if (path.length === 2 && first === 'system' && projectName === 'CVEAllowlist') {
      return jsonResponse(200, request.isEmpty ? { ...harbor.cveAllowlist, items: [] } : harbor.cveAllowlist);
    }
    if (path.length === 1 && first === 'scanners') return paginated(request, request.isEmpty ? [] : harbor.scanners);
    if (first !== 'projects') return harborError(404, 'NOT_FOUND', 'not found');
    if (path.length === 1) return paginated(request, request.isEmpty ? [] : harbor.projects);
    const project = request.isEmpty ? undefined : findProject(harbor.projects, projectName ?? '', request);
    if (project === undefined) return harborError(404, 'NOT_FOUND', `project ${projectName ?? ''} not found`);
    if (path.length === 2) return jsonResponse(200, project);
    if (second !== 'repositories' || rest.length > 0) return harborError(404, 'NOT_FOUND', 'not found');
    const repositories = harbor.repositories.get(project.name) ?? [];
    if (path.length === 3) return paginated(request, repositories);
    // Harbor unescapes the repository name a second time: clients encode slashes inside it twice
    const fullName = `${project.name}/${decodeOnce(repositoryName ?? '') ?? ''}`;
    const repository = repositories.find((candidate) => candidate.name === fullName);
    if (repository === undefined) return harborError(404, 'NOT_FOUND', `repository ${fullName} not found`);
    if (path.length === 4) return jsonResponse(200, repository);
    if (third !== 'artifacts' || path.length !== 5) return harborError(404, 'NOT_FOUND', 'not found');
    const params = request.url.searchParams;
    const withScanOverview = params.get('with_scan_overview') === 'true';
    const withTag = params.get('with_tag') !== 'false';
    const artifacts = harbor.artifacts.get(fullName) ?? [];
    return paginated(request, artifacts, (artifact) => shapeArtifact(artifact, withScanOverview, withTag));
  } catch (error) {
    if (error instanceof ValidationError) return harborError(422, 'UNPROCESSABLE_ENTITY', error.message);
    throw error;
  }
}

/** A project by name, or by id when the path holds a number (and X-Is-Resource-Name is not set). */
function findProject(projects: HarborProject[], nameOrId: string, request: ApiRequest): HarborProject | undefined {
  const isName = request.headers['x-is-resource-name'] === 'true' || !/^\d+$/.test(nameOrId);
  return projects.find((project) => (isName ? project.name === nameOrId : project.project_id === Number(nameOrId)));
}

function shapeArtifact(artifact: HarborArtifact, withScanOverview: boolean, withTag: boolean): Record<string, unknown> {
  const { scan_overview: scanOverview, tags, ...rest } = artifact;
  const shaped: Record<string, unknown> = { ...rest };
  if (withTag) shaped.tags = tags;
  if (withScanOverview && scanOverview !== undefined) shaped.scan_overview = scanOverview;
  return shaped;
}

/** One page of a list with Harbor's pagination headers; only the page itself is copied. */
function paginated<T>(request: ApiRequest, items: readonly T[], shape: (item: T) => unknown = (item) => item): ApiResponse {
  const params = request.url.searchParams;
  const page = readPositiveInteger(params.get('page'), 1, 'page');
  const pageSize = readPositiveInteger(params.get('page_size'), DEFAULT_PAGE_SIZE, 'page_size');
  if (pageSize > MAX_PAGE_SIZE) throw new ValidationError(`validation failure list:\npage_size in query should be less than or equal to ${MAX_PAGE_SIZE}`);
  const start = (page - 1) * pageSize;
  const pageItems = items.slice(start, start + pageSize).map(shape);
  const headers: Record<string, string> = { 'x-total-count': String(items.length) };
  const link = linkHeader(request, items.length, page, pageSize);
  if (link !== '') headers.link = link;
  return jsonResponse(200, pageItems, headers);
}

function readPositiveInteger(text: string | null, fallback: number, name: string): number {
  if (text === null || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new ValidationError(`validation failure list:\n${name} in query must be of type int64: "${text}"`);
  if (value < 1) throw new ValidationError(`validation failure list:\n${name} in query should be greater than or equal to 1`);
  return value;
}

/** Harbor's Link header: `<path?page=1&page_size=10>; rel="prev" , <path?page=3&page_size=10>; rel="next"`. */
function linkHeader(request: ApiRequest, total: number, page: number, pageSize: number): string {
  const linkTo = (targetPage: number): string => {
    const params = new URLSearchParams(request.url.search);
    params.set('page', String(targetPage));
    params.set('page_size', String(pageSize));
    params.sort();
    return `${request.rawPath}?${decodeURIComponent(params.toString())}`;
  };
  const links: string[] = [];
  if (page > 1 && (page - 1) * pageSize < total) links.push(`<${linkTo(page - 1)}>; rel="prev"`);
  if (page * pageSize < total) links.push(`<${linkTo(page + 1)}>; rel="next"`);
  return links.join(' , ');
}

function decodeOnce(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
