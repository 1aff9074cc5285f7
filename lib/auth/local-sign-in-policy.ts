import 'server-only';
import type { Config } from '@/lib/config';

/**
 * Fail closed: the local sign-in (pick a role, no password) runs only
 * - in demo mode (no source configured: there is nothing real to protect), or
 * - with REFMAP_ALLOW_LOCAL_SIGNIN=true on a loopback bind (`next start -H 127.0.0.1`), so that only
 *   this machine can reach it;
 * never because NODE_ENV happens not to be `production`. And a production server (NODE_ENV=production)
 * shows the built-in demo cluster only when REFMAP_DEMO=true says it is meant.
 *
 * The server refuses to start otherwise (lib/server-start.ts), and POST /api/auth/local refuses too.
 */

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** The address the server was told to listen on: `next start -H HOST` / `--hostname HOST`, or HOSTNAME for a standalone server. */
export function bindHostOf(argv: readonly string[], env: Record<string, string | undefined>): string | undefined {
  for (const [index, argument] of argv.entries()) {
    if (argument === '-H' || argument === '--hostname') return argv[index + 1];
    if (argument.startsWith('--hostname=')) return argument.slice('--hostname='.length);
  }
  // a standalone server.js listens on HOSTNAME; `next start` ignores it, so only trust it without `next`
  const isNextCli = argv.some((argument) => /(^|\/)next(\.js)?$/.test(argument) || argument.endsWith('/next/dist/bin/next'));
  return isNextCli ? undefined : env.HOSTNAME;
}

/** Why this server may not start as configured, or null when it may. */
export function signInRefusal(config: Pick<Config, 'isDemo' | 'signIn'>, argv: readonly string[], env: Record<string, string | undefined>): { variable: string; reason: string } | null {
  if (config.isDemo && env.NODE_ENV === 'production' && config.signIn.allowDemoInProduction !== true) {
    return {
      variable: 'REFMAP_DEMO',
      reason: 'no source is configured, so this server would show the built-in demo cluster; a production server (NODE_ENV=production) does so only with REFMAP_DEMO=true',
    };
  }
  if (config.signIn.mode !== 'local' || config.isDemo) return null;
  if (config.signIn.allowLocalSignIn !== true) {
    return {
      variable: 'REFMAP_OIDC_ISSUER',
      reason: 'is required: sources are configured, and the local sign-in (anyone picks a role, no password) runs only in demo mode or with REFMAP_ALLOW_LOCAL_SIGNIN=true on a loopback bind',
    };
  }
  const host = bindHostOf(argv, env);
  if (host === undefined || !LOOPBACK_HOSTS.test(host)) {
    return {
      variable: 'REFMAP_ALLOW_LOCAL_SIGNIN',
      reason: `runs the local sign-in only on a loopback bind (start with \`next start -H 127.0.0.1\`); this server listens on ${host ?? 'every address'}`,
    };
  }
  return null;
}
