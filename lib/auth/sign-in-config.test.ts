import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@/lib/config';

const OIDC = {
  REFMAP_OIDC_ISSUER: 'https://dex.example.com',
  REFMAP_OIDC_CLIENT_ID: 'refmap',
  REFMAP_OIDC_CLIENT_SECRET: 'client-secret',
  REFMAP_ROLE_MAPPING: 'admin=platform-admins;officer=compliance;auditor=audit;manager=managers;viewer=*',
  REFMAP_SESSION_SECRET: 'x'.repeat(32),
  REFMAP_PUBLIC_URL: 'https://refmap.example.com/',
};

function failingVariable(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.variable;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function without(name: keyof typeof OIDC): Record<string, string> {
  const env: Record<string, string> = { ...OIDC };
  delete env[name];
  return env;
}

describe('sign-in configuration', () => {
  it('uses the local demo sign-in when no issuer is configured', () => {
    expect(loadConfig({}).signIn).toEqual({ mode: 'local', sessionSecret: undefined, publicUrl: undefined, allowLocalSignIn: false, allowDemoInProduction: false });
  });

  it('reads REFMAP_ALLOW_LOCAL_SIGNIN and REFMAP_DEMO as strict booleans, whatever NODE_ENV says', () => {
    expect(loadConfig({ NODE_ENV: 'production', REFMAP_ALLOW_LOCAL_SIGNIN: 'true' }).signIn).toMatchObject({ mode: 'local', allowLocalSignIn: true });
    expect(loadConfig({ NODE_ENV: 'staging' }).signIn).toMatchObject({ mode: 'local', allowLocalSignIn: false, allowDemoInProduction: false });
    expect(failingVariable({ REFMAP_ALLOW_LOCAL_SIGNIN: 'yes' })).toBe('REFMAP_ALLOW_LOCAL_SIGNIN');
    expect(failingVariable({ REFMAP_DEMO: 'yes' })).toBe('REFMAP_DEMO');
  });

  it('reads OIDC settings with their defaults', () => {
    const { signIn } = loadConfig({ ...OIDC, NODE_ENV: 'production' });
    expect(signIn.mode).toBe('oidc');
    expect(signIn.publicUrl).toBe('https://refmap.example.com');
    expect(signIn.oidc).toMatchObject({ issuer: 'https://dex.example.com', clientId: 'refmap', clientSecret: 'client-secret', groupsClaim: 'groups', scopes: 'openid profile email groups' });
    expect(signIn.oidc?.roleMapping).toHaveLength(5);
  });

  it('reads the client secret and the session secret from files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'refmap-signin-'));
    writeFileSync(path.join(dir, 'client'), 'secret-from-file\n');
    writeFileSync(path.join(dir, 'session'), `${'s'.repeat(40)}\n`);
    const env: Record<string, string> = { ...OIDC, REFMAP_OIDC_CLIENT_SECRET_FILE: path.join(dir, 'client'), REFMAP_SESSION_SECRET_FILE: path.join(dir, 'session') };
    delete env.REFMAP_OIDC_CLIENT_SECRET;
    delete env.REFMAP_SESSION_SECRET;
    const { signIn } = loadConfig(env);
    expect(signIn.oidc?.clientSecret).toBe('secret-from-file');
    expect(signIn.sessionSecret).toBe('s'.repeat(40));
  });

  it.each([
    [without('REFMAP_OIDC_CLIENT_ID'), 'REFMAP_OIDC_CLIENT_ID'],
    [without('REFMAP_OIDC_CLIENT_SECRET'), 'REFMAP_OIDC_CLIENT_SECRET'],
    [without('REFMAP_ROLE_MAPPING'), 'REFMAP_ROLE_MAPPING'],
    [without('REFMAP_SESSION_SECRET'), 'REFMAP_SESSION_SECRET'],
    [without('REFMAP_PUBLIC_URL'), 'REFMAP_PUBLIC_URL'],
    [{ ...OIDC, REFMAP_SESSION_SECRET: 'too-short' }, 'REFMAP_SESSION_SECRET'],
    [{ ...OIDC, REFMAP_ROLE_MAPPING: 'root=ops' }, 'REFMAP_ROLE_MAPPING'],
    [{ ...OIDC, REFMAP_OIDC_ISSUER: 'http://dex.example.com' }, 'REFMAP_OIDC_ISSUER'],
    [{ ...OIDC, REFMAP_OIDC_GROUPS_CLAIM: 'groups[0]' }, 'REFMAP_OIDC_GROUPS_CLAIM'],
    [{ ...OIDC, REFMAP_OIDC_SCOPES: 'profile email' }, 'REFMAP_OIDC_SCOPES'],
    [{ ...OIDC, REFMAP_METRICS_TOKEN: 'a', REFMAP_METRICS_TOKEN_FILE: '/x' }, 'REFMAP_METRICS_TOKEN'],
  ])('stops on a bad or missing setting, naming %#: %s', (env, variable) => {
    expect(failingVariable(env)).toBe(variable);
  });

  it('never puts the secret in the message', () => {
    try {
      loadConfig({ ...OIDC, REFMAP_SESSION_SECRET: 'short-PLANTED' });
    } catch (error) {
      expect((error as Error).message).not.toContain('PLANTED');
      return;
    }
    throw new Error('expected a ConfigError');
  });

  it('reads the metrics token', () => {
    expect(loadConfig({ REFMAP_METRICS_TOKEN: 'scrape-me' }).metricsToken).toBe('scrape-me');
  });
});
