import { describe, expect, it } from 'vitest';
import { findEvaluator } from '@/lib/evaluate/evaluators';
import { KUBERNETES_READER_REQUESTS, listPathRequest } from '@/lib/evaluate/kubernetes-requests';
import { grantedRequests, readerRoleRules } from '@/lib/sources/kubernetes/reads';
import { CONTROLS } from './index';

/** Every Kubernetes request the built-in catalog's checks make, from their evaluators and params. */
function catalogRequests(): Set<string> {
  const requests = new Set<string>();
  for (const check of CONTROLS.flatMap((control) => control.checks)) {
    const evaluator = findEvaluator(check.evaluator)!;
    for (const reader of evaluator.reads) for (const request of KUBERNETES_READER_REQUESTS[reader] ?? []) requests.add(request);
    for (const listPath of evaluator.objectPaths(check.params)) requests.add(listPathRequest(listPath));
  }
  return requests;
}

// The reader ClusterRole (deploy/helm/refmap/files/reader-rules.yaml, from lib/sources/kubernetes/reads.ts)
// is held to the catalog: a new read that the role does not grant fails here, and so does a grant
// that no check needs.
describe('the reader ClusterRole and the catalog', () => {
  const granted = new Set(grantedRequests(readerRoleRules()));

  it('grants every Kubernetes request a built-in check makes', () => {
    expect([...catalogRequests()].filter((request) => !granted.has(request))).toEqual([]);
  });

  // Grants no built-in check uses today, each with the reason it stays in the role.
  const KEPT_WITHOUT_A_CHECK: Record<string, string> = {
    'aquasecurity.github.io/vulnerabilityreports:list': 'trivy-operator VulnerabilityReports: the client reads them for per-image scan evidence; no built-in check judges them yet',
  };

  it('grants nothing the built-in checks do not read, but for the grants kept with a reason', () => {
    const needed = catalogRequests();
    expect([...granted].filter((request) => !needed.has(request) && KEPT_WITHOUT_A_CHECK[request] === undefined)).toEqual([]);
    expect(Object.keys(KEPT_WITHOUT_A_CHECK).filter((request) => needed.has(request) || !granted.has(request))).toEqual([]);
  });

  it('maps list paths, namespaced or not, to what RBAC checks', () => {
    expect(listPathRequest('/api/v1/pods')).toBe('/pods:list');
    expect(listPathRequest('/apis/rbac.authorization.k8s.io/v1/namespaces/shop/roles')).toBe('rbac.authorization.k8s.io/roles:list');
  });
});
