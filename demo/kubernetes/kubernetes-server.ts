import { type ApiBehaviour, type ApiRequest, type ApiResponse, hasBearerToken, jsonResponse } from '../http/simulated-api';
import type { DemoDataset, KubeObject, KubeResource } from '../types';
import { type Selector, SelectorError, matchesSelectors, parseFieldSelector, parseLabelSelector } from './selectors';

/**
 * The Kubernetes API server, read-only: discovery, /version, and list/get for every resource of
 * the dataset, built-in and custom. Lists are real List objects that honour `limit` and
 * `continue` (an opaque token that carries the next key, like the API server's).
 */

export function createKubernetesBehaviour(dataset: DemoDataset, token: string): ApiBehaviour {
  const api = new KubernetesApi(dataset);
  return {
    source: 'kubernetes',
    isAuthorized: (request) => hasBearerToken(request, token),
    unauthorized: () => jsonResponse(401, status(401, 'Unauthorized', 'Unauthorized')),
    serverError: () =>
      jsonResponse(500, {
        ...status(500, 'InternalError', 'Internal error occurred: etcdserver: request timed out'),
        details: { causes: [{ message: 'etcdserver: request timed out' }] },
      }),
    handle: (request) => api.handle(request),
  };
}

/** A Status object, the shape of every error answer of the API server. */
function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason };
  if (details !== undefined) result.details = details;
  result.code = code;
  return result;
}

const NOT_FOUND = status(404, 'NotFound', 'the server could not find the requested resource', {});

class BadRequestError extends Error {}

interface ListQuery {
  resource: KubeResource;
  namespace?: string;
  name?: string;
}

class KubernetesApi {
  private readonly resources = new Map<string, KubeResource>();
  /** per resource: namespace → [first, end) positions in its sorted items */
  private readonly namespaceRanges = new Map<KubeResource, Map<string, [number, number]>>();

  constructor(private readonly dataset: DemoDataset) {
    for (const resource of dataset.kubernetes.resources) this.resources.set(resourceKey(resource.group, resource.version, resource.plural), resource);
  }

  handle(request: ApiRequest): ApiResponse {
    if (request.method !== 'GET') {
      return jsonResponse(405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
    }
    const segments = request.rawPath.split('/').filter((segment) => segment !== '').map(safeDecode);
    if (segments.length === 1 && segments[0] === 'version') return jsonResponse(200, this.dataset.kubernetes.version);
    try {
      if (segments[0] === 'api') return this.route('', segments[1], segments.slice(2), request);
      if (segments[0] === 'apis') {
        if (segments.length === 1) return jsonResponse(200, this.groupList());
        return this.route(segments[1] ?? '', segments[2], segments.slice(3), request);
      }
    } catch (error) {
      if (error instanceof BadRequestError || error instanceof SelectorError) return jsonResponse(400, status(400, 'BadRequest', error.message));
      throw error;
    }
    return jsonResponse(404, NOT_FOUND);
  }

  private route(group: string, version: string | undefined, rest: string[], request: ApiRequest): ApiResponse {
    if (version === undefined) {
      if (group === '') return jsonResponse(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.10.4:6443' }] });
      const groupInfo = this.groupList().groups.find((candidate) => candidate.name === group);
      return groupInfo === undefined ? jsonResponse(404, NOT_FOUND) : jsonResponse(200, { kind: 'APIGroup', apiVersion: 'v1', ...groupInfo });
    }
    if (rest.length === 0) return this.resourceList(group, version);
    const query = this.parseResourcePath(group, version, rest);
    if (query === undefined) return jsonResponse(404, NOT_FOUND);
    return query.name === undefined ? this.list(query, request) : this.get(query, request);
  }

  /** Maps `plural[/name]` and `namespaces/{ns}/plural[/name]` onto a resource of this group/version. */
  private parseResourcePath(group: string, version: string, rest: string[]): ListQuery | undefined {
    const find = (plural: string | undefined): KubeResource | undefined => (plural === undefined ? undefined : this.resources.get(resourceKey(group, version, plural)));
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      const resource = find(rest[2]);
      if (resource === undefined || !resource.namespaced || rest.length > 4) return undefined;
      return { resource, namespace: rest[1], name: rest[3] };
    }
    const resource = find(rest[0]);
    if (resource === undefined || rest.length > 2) return undefined;
    if (resource.namespaced && rest.length === 2) return undefined;
    return { resource, name: rest[1] };
  }

  private list(query: ListQuery, request: ApiRequest): ApiResponse {
    const { resource } = query;
    const params = request.url.searchParams;
    const selectors: Selector[] = [...parseLabelSelector(params.get('labelSelector') ?? ''), ...parseFieldSelector(params.get('fieldSelector') ?? '')];
    const limitText = params.get('limit');
    const limit = limitText === null ? 0 : Number.parseInt(limitText, 10);
    const [first, end] = request.isEmpty ? [0, 0] : this.range(resource, query.namespace);
    const continueToken = params.get('continue');
    let position = continueToken === null || continueToken === '' ? first : this.positionAfter(resource, first, end, decodeContinue(continueToken));
    const items: KubeObject[] = [];
    const hasLimit = Number.isFinite(limit) && limit > 0;
    while (position < end && (!hasLimit || items.length < limit)) {
      const item = resource.items[position] as KubeObject;
      if (matchesSelectors(item, selectors)) items.push(item);
      position += 1;
    }
    const metadata: Record<string, unknown> = { resourceVersion: this.dataset.kubernetes.resourceVersion };
    if (position < end) {
      const last = resource.items[position - 1] as KubeObject;
      metadata.continue = encodeContinue(objectKey(last), this.dataset.kubernetes.resourceVersion);
      // like the API server, the remaining count is only given when no selector filters the list
      if (selectors.length === 0) metadata.remainingItemCount = end - position;
    }
    return jsonResponse(200, {
      kind: `${resource.kind}List`,
      apiVersion: groupVersion(resource),
      metadata,
      items,
    });
  }

  private get(query: ListQuery, request: ApiRequest): ApiResponse {
    const { resource, name } = query;
    const [first, end] = request.isEmpty ? [0, 0] : this.range(resource, query.namespace);
    for (let position = first; position < end; position += 1) {
      const item = resource.items[position] as KubeObject;
      if (item.metadata.name === name) {
        return jsonResponse(200, resource.isCustomResource ? item : { kind: resource.kind, apiVersion: groupVersion(resource), ...item });
      }
    }
    const details: Record<string, unknown> = { name };
    if (resource.group !== '') details.group = resource.group;
    details.kind = resource.plural;
    const qualified = resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
    return jsonResponse(404, status(404, 'NotFound', `${qualified} "${name ?? ''}" not found`, details));
  }

  /** Positions of a namespace's objects (all objects for cluster-wide lists); items are sorted by namespace. */
  private range(resource: KubeResource, namespace: string | undefined): [number, number] {
    if (namespace === undefined) return [0, resource.items.length];
    let ranges = this.namespaceRanges.get(resource);
    if (ranges === undefined) {
      ranges = new Map();
      resource.items.forEach((item, position) => {
        const key = item.metadata.namespace ?? '';
        const existing = ranges?.get(key);
        ranges?.set(key, existing === undefined ? [position, position + 1] : [existing[0], position + 1]);
      });
      this.namespaceRanges.set(resource, ranges);
    }
    return ranges.get(namespace) ?? [0, 0];
  }

  /** The first position in [first, end) whose key sorts at or after `startKey` (binary search). */
  private positionAfter(resource: KubeResource, first: number, end: number, startKey: string): number {
    let low = first;
    let high = end;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (objectKey(resource.items[middle] as KubeObject) < startKey) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private groupList(): { kind: string; apiVersion: string; groups: Array<{ name: string; versions: Array<{ groupVersion: string; version: string }>; preferredVersion: { groupVersion: string; version: string } }> } {
    const versionsByGroup = new Map<string, Set<string>>();
    for (const resource of this.resources.values()) {
      if (resource.group === '') continue;
      const versions = versionsByGroup.get(resource.group) ?? new Set<string>();
      versions.add(resource.version);
      versionsByGroup.set(resource.group, versions);
    }
    const groups = [...versionsByGroup].map(([name, versions]) => {
      const list = [...versions].map((version) => ({ groupVersion: `${name}/${version}`, version }));
      return { name, versions: list, preferredVersion: list[0] as { groupVersion: string; version: string } };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }

  private resourceList(group: string, version: string): ApiResponse {
    const resources = [...this.resources.values()].filter((resource) => resource.group === group && resource.version === version);
    if (resources.length === 0) return jsonResponse(404, NOT_FOUND);
    return jsonResponse(200, {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group === '' ? version : `${group}/${version}`,
      resources: resources.map((resource) => ({
        name: resource.plural,
        singularName: resource.kind.toLowerCase(),
        namespaced: resource.namespaced,
        kind: resource.kind,
        verbs: ['get', 'list', 'watch'],
      })),
    });
  }
}

function resourceKey(group: string, version: string, plural: string): string {
  return `${group}/${version}/${plural}`;
}

function groupVersion(resource: KubeResource): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** The etcd-style key objects are listed by: `namespace/name`, or `name` for cluster-scoped ones. */
function objectKey(item: KubeObject): string {
  return item.metadata.namespace === undefined ? item.metadata.name : `${item.metadata.namespace}/${item.metadata.name}`;
}

/** Continue tokens look like the API server's: base64url of {v, rv, start} with start = next key. */
function encodeContinue(lastKey: string, resourceVersion: string): string {
  const token = { v: 'meta.k8s.io/v1', rv: Number(resourceVersion), start: `${lastKey}\u0000` };
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeContinue(token: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && 'v' in decoded && decoded.v === 'meta.k8s.io/v1' && 'start' in decoded && typeof decoded.start === 'string') {
      return decoded.start;
    }
  } catch {
    // fall through to the API server's answer for a token it cannot read
  }
  throw new BadRequestError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
