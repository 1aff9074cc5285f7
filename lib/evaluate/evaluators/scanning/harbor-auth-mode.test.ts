import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { harborAuthMode } from './harbor-auth-mode';

const { judge } = harborAuthMode.spec;
const info = (authMode: string, isReadOnly = false) => ({ harborVersion: 'v2.11.0', authMode, isReadOnly });

describe('harbor-auth-mode', () => {
  it.each([
    { state: 'OIDC, writable', info: info('oidc_auth'), expected: 'pass', summary: 'Harbor v2.11.0 signs users in with oidc_auth' },
    { state: 'database authentication', info: info('db_auth'), expected: 'warn', summary: 'Harbor v2.11.0 uses db_auth, not oidc_auth' },
    { state: 'no mode reported', info: info(''), expected: 'warn', summary: 'Harbor v2.11.0 uses an unknown mode, not oidc_auth' },
    { state: 'read-only', info: info('oidc_auth', true), expected: 'warn', summary: 'Harbor v2.11.0 is in read-only mode' },
  ])('$state → $expected', ({ info: systemInfo, expected, summary }) => {
    const outcome = judge(systemInfo, {}, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('follows the harborAuthMode setting', () => {
    expect(judge(info('ldap_auth'), {}, testEnv({ harborAuthMode: 'ldap_auth' })).status).toBe('pass');
    expect(judge(info('oidc_auth'), {}, testEnv({ harborAuthMode: 'ldap_auth' })).excerpt).toEqual({
      harborVersion: 'v2.11.0',
      authMode: 'oidc_auth',
      readOnly: false,
      expectedAuthMode: 'ldap_auth',
    });
  });
});
