import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { bindHostOf, signInRefusal } from './local-sign-in-policy';

const NEXT_START = ['node', '/app/node_modules/next/dist/bin/next', 'start', '-p', '3000'];
const SOURCES = { PROMETHEUS_URL: 'http://prometheus.example.com' };

const refusalOf = (env: Record<string, string>, argv: string[] = NEXT_START) => signInRefusal(loadConfig(env), argv, env)?.variable ?? null;

describe('the local sign-in fails closed', () => {
  it.each([
    ['staging, sources, no OIDC', { ...SOURCES, NODE_ENV: 'staging' }, NEXT_START, 'REFMAP_OIDC_ISSUER'],
    ['development, sources, no OIDC', { ...SOURCES, NODE_ENV: 'development' }, NEXT_START, 'REFMAP_OIDC_ISSUER'],
    ['allowed, but listening on every address', { ...SOURCES, REFMAP_ALLOW_LOCAL_SIGNIN: 'true' }, NEXT_START, 'REFMAP_ALLOW_LOCAL_SIGNIN'],
    ['allowed, but bound to a public address', { ...SOURCES, REFMAP_ALLOW_LOCAL_SIGNIN: 'true' }, [...NEXT_START, '-H', '10.0.0.5'], 'REFMAP_ALLOW_LOCAL_SIGNIN'],
    ['allowed, HOSTNAME says loopback but next start ignores it', { ...SOURCES, REFMAP_ALLOW_LOCAL_SIGNIN: 'true', HOSTNAME: '127.0.0.1' }, NEXT_START, 'REFMAP_ALLOW_LOCAL_SIGNIN'],
    ['the demo cluster in production without REFMAP_DEMO', { NODE_ENV: 'production' }, NEXT_START, 'REFMAP_DEMO'],
  ])('refuses %s', (_, env, argv, variable) => {
    expect(refusalOf(env, argv)).toBe(variable);
  });

  it.each([
    ['demo mode', { NODE_ENV: 'staging' }, NEXT_START],
    ['demo mode in production with REFMAP_DEMO=true', { NODE_ENV: 'production', REFMAP_DEMO: 'true' }, NEXT_START],
    ['allowed on loopback', { ...SOURCES, REFMAP_ALLOW_LOCAL_SIGNIN: 'true' }, [...NEXT_START, '-H', '127.0.0.1']],
    ['allowed on ::1', { ...SOURCES, REFMAP_ALLOW_LOCAL_SIGNIN: 'true' }, [...NEXT_START, '--hostname=::1']],
  ])('allows %s', (_, env, argv) => {
    expect(refusalOf(env, argv)).toBeNull();
  });

  it('reads the bind address from next start, or HOSTNAME for a standalone server', () => {
    expect(bindHostOf([...NEXT_START, '--hostname', 'localhost'], {})).toBe('localhost');
    expect(bindHostOf(['node', 'server.js'], { HOSTNAME: '127.0.0.1' })).toBe('127.0.0.1');
    expect(bindHostOf(NEXT_START, { HOSTNAME: '127.0.0.1' })).toBeUndefined();
  });
});
