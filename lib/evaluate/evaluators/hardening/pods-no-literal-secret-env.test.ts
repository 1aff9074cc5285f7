import { describe, expect, it } from 'vitest';
import type { ContainerSummary, PodSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { hardcodedSecretProblem, podsNoLiteralSecretEnv } from './pods-no-literal-secret-env';

const { judge } = podsNoLiteralSecretEnv.spec;
const container = (env: ContainerSummary['env']): ContainerSummary => ({ name: 'app', image: 'app:1', isInit: false, droppedCapabilities: [], env });
const pod = (namespace: string, name: string, containers: ContainerSummary[]): PodSummary => ({ namespace, name, labels: {}, phase: 'Running', containers });
const literal = (name: string) => ({ name, hasLiteralValue: true });
const fromSecret = (name: string) => ({ name, hasLiteralValue: false });

describe('pods-no-literal-secret-env', () => {
  it.each([
    { state: 'secrets from valueFrom, literals not secret-like', pods: [pod('shop', 'web', [container([fromSecret('DB_PASSWORD'), literal('LOG_LEVEL')])])], expected: 'pass', summary: 'All 1 workload container take secrets from Secrets, not literals' },
    { state: 'a literal secret only in a system namespace', pods: [pod('monitoring', 'grafana', [container([literal('ADMIN_PASSWORD')])])], expected: 'not-applicable', summary: 'No running workload containers outside the system namespaces' },
    { state: 'a literal API key', pods: [pod('payments', 'api', [container([literal('STRIPE_API_KEY')])])], expected: 'fail', summary: '1 of 1 workload container carry a secret-like literal in their environment' },
  ])('$state → $expected', ({ pods, expected, summary }) => {
    const outcome = judge(pods, {}, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it.each([
    { names: ['DB_PASSWORD'], problem: 'literal value in env DB_PASSWORD (use a Secret via valueFrom or a mounted file)' },
    { names: ['github_token', 'AWS_ACCESS_KEY', 'HOME'], problem: 'literal value in env github_token, AWS_ACCESS_KEY (use a Secret via valueFrom or a mounted file)' },
    { names: ['CREDENTIAL', 'PRIVATEKEY', 'PASSPHRASE'], problem: 'literal value in env CREDENTIAL, PRIVATEKEY, PASSPHRASE (use a Secret via valueFrom or a mounted file)' },
    { names: ['LOG_LEVEL', 'PORT', 'KEYCLOAK_URL'], problem: undefined },
    { names: ['REFMAP_SESSION_SECRET_FILE', 'DB_PASSWORD_FILE'], problem: undefined },
    { names: ['DB_PASSWORD_FILE', 'DB_PASSWORD'], problem: 'literal value in env DB_PASSWORD (use a Secret via valueFrom or a mounted file)' },
  ])('literal $names → $problem', ({ names, problem }) => {
    expect(hardcodedSecretProblem(pod('shop', 'web', []), container(names.map(literal)))).toBe(problem);
  });
});
