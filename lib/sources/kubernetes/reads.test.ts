import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startFixtureServer, type FixtureAnswer, type FixtureServer, type SeenRequest } from '@/lib/sources/test-support/fixture-server';
import { createKubernetesClient } from './client';
import { NON_RESOURCE_READS, READER_RULES_FILE, RESOURCE_READS, grantedRequests, rbacRequestOf, readerRoleRules, readerRulesFileText, type PolicyRule } from './reads';

// The reader ClusterRole must grant exactly what the client asks for. Every method of the client is
// called against a server that records the requests, so a new read shows up here without anyone
// remembering to list it.

const GATEKEEPER_DISCOVERY = '/apis/constraints.gatekeeper.sh/v1beta1';

/** Plausible empty answers: an empty list for every list, one constraint kind in Gatekeeper's discovery. */
function answer(request: SeenRequest): FixtureAnswer {
  if (request.rawPath === '/version') return { json: { major: '1', minor: '34', gitVersion: 'v1.34.2' } };
  if (request.rawPath === GATEKEEPER_DISCOVERY) {
    return { json: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'constraints.gatekeeper.sh/v1beta1', resources: [{ name: 'k8sallowedrepos', singularName: 'k8sallowedrepos', namespaced: false, kind: 'K8sAllowedRepos', verbs: ['list'] }] } };
  }
  return { json: { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] } };
}

let server: FixtureServer;
let requested: string[];

beforeAll(async () => {
  server = await startFixtureServer(answer);
  const client = createKubernetesClient({ kind: 'url', connection: { url: server.url, token: 'token', skipTlsVerify: false } }, { timeoutMs: 5000 });
  for (const [name, method] of Object.entries(client)) {
    // the generic list reads the paths the catalog names; lib/catalog/reader-role.test.ts holds those to the role
    if (name === 'listObjects') continue;
    const result: unknown = (method as () => unknown).call(client);
    if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
      for await (const _page of result as AsyncIterable<unknown>);
    } else {
      await result;
    }
  }
  requested = [...new Set(server.requests.map((request) => rbacRequestOf(request.rawPath)))].sort();
});

afterAll(() => server.close());

/** Whether a rule-form grant such as `constraints.gatekeeper.sh/*:list` covers a request. */
function covers(grant: string, request: string): boolean {
  if (grant === request) return true;
  const wildcard = /^(.*)\/\*:(\w+)$/.exec(grant);
  return wildcard !== null && request.startsWith(`${wildcard[1]}/`) && request.endsWith(`:${wildcard[2]}`);
}

describe('the reader ClusterRole', () => {
  it('maps request paths to what RBAC checks', () => {
    expect(rbacRequestOf('/api/v1/pods')).toBe('/pods:list');
    expect(rbacRequestOf('/apis/apps/v1/deployments')).toBe('apps/deployments:list');
    expect(rbacRequestOf('/version')).toBe('/version:get');
    expect(covers('constraints.gatekeeper.sh/*:list', 'constraints.gatekeeper.sh/k8sallowedrepos:list')).toBe(true);
    expect(covers('constraints.gatekeeper.sh/*:list', 'apps/deployments:list')).toBe(false);
  });

  it('declares every request the client makes', () => {
    const granted = grantedRequests(readerRoleRules());
    const undeclared = requested.filter((request) => !granted.some((grant) => covers(grant, request)));
    expect(undeclared, 'add these to RESOURCE_READS or NON_RESOURCE_READS in reads.ts').toEqual([]);
  });

  it('declares nothing the client does not request', () => {
    const granted = grantedRequests(readerRoleRules());
    const unused = granted.filter((grant) => !requested.some((request) => covers(grant, request)));
    expect(unused, 'remove these from reads.ts').toEqual([]);
    expect(granted).toHaveLength(RESOURCE_READS.length + NON_RESOURCE_READS.length);
  });

  it('never grants more than reading', () => {
    for (const rule of readerRoleRules()) expect(rule.verbs.every((verb) => verb === 'list' || verb === 'get')).toBe(true);
    expect(RESOURCE_READS.map((read) => read.resource)).not.toContain('secrets');
    expect(RESOURCE_READS.map((read) => read.resource)).not.toContain('configmaps');
  });

  it('is what the Helm chart installs (run `npm run chart:reader-role` after changing reads.ts)', () => {
    const file = readFileSync(path.resolve(import.meta.dirname, '../../..', READER_RULES_FILE), 'utf8');
    expect(file).toBe(readerRulesFileText());
    expect(parse(file) as PolicyRule[]).toEqual(readerRoleRules());
  });
});
