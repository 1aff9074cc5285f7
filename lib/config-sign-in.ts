import 'server-only';
import { z } from 'zod';
import { parseRoleMapping, type RoleMapping } from './auth/role-mapping';
import { ConfigError, nonEmpty, readBoolean, readSecret, readUrl, type Env } from './config-env';

/** How people sign in, read from the environment that getConfig (lib/config.ts) passes down. */

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** the ID token / userinfo claim that lists the user's groups (a dotted path for nested claims) */
  groupsClaim: string;
  scopes: string;
  roleMapping: RoleMapping;
}

export interface SignInConfig {
  /** `local`: pick a role, no password — only in demo mode or on a loopback bind (lib/auth/local-sign-in-policy.ts) */
  mode: 'oidc' | 'local';
  oidc?: OidcConfig;
  /** HMAC key of the session cookie; unset only in local mode (a key is then generated in dataDir) */
  sessionSecret?: string;
  /** the URL users reach Refmap at (OIDC redirect URI, Secure cookies); required with OIDC */
  publicUrl?: string;
  /** REFMAP_ALLOW_LOCAL_SIGNIN=true: the local sign-in outside demo mode, on a loopback bind only (lib/auth/local-sign-in-policy.ts) */
  allowLocalSignIn?: boolean;
  /** REFMAP_DEMO=true: a production server may run the built-in demo cluster */
  allowDemoInProduction?: boolean;
}

const SESSION_SECRET_MIN_LENGTH = 32;

function readOidcIssuer(env: Env): string | undefined {
  const issuer = readUrl(env, 'REFMAP_OIDC_ISSUER');
  if (issuer === undefined) return undefined;
  // plain http only for an issuer on this machine (a test identity provider)
  const { protocol, hostname } = new URL(issuer);
  if (protocol !== 'https:' && !['localhost', '127.0.0.1', '[::1]'].includes(hostname)) {
    throw new ConfigError('REFMAP_OIDC_ISSUER', 'must be an https:// URL');
  }
  return issuer;
}

function required<T>(value: T | undefined, name: string, reason: string): T {
  if (value === undefined) throw new ConfigError(name, reason);
  return value;
}

/**
 * Sign-in: OIDC when REFMAP_OIDC_ISSUER is set, otherwise the local demo sign-in. Whether this server
 * may run the local sign-in (demo mode, or REFMAP_ALLOW_LOCAL_SIGNIN on a loopback bind) is decided
 * at server start-up by lib/auth/local-sign-in-policy.ts, never by NODE_ENV: command-line tools
 * (collect, verify, gate) read the same configuration and sign nobody in.
 */
export function readSignIn(env: Env): SignInConfig {
  const sessionSecret = readSecret(env, 'REFMAP_SESSION_SECRET');
  if (sessionSecret !== undefined && !z.string().min(SESSION_SECRET_MIN_LENGTH).safeParse(sessionSecret).success) {
    throw new ConfigError('REFMAP_SESSION_SECRET', `must be at least ${SESSION_SECRET_MIN_LENGTH} characters (e.g. \`openssl rand -base64 48\`)`);
  }
  const publicUrl = readUrl(env, 'REFMAP_PUBLIC_URL');
  const issuer = readOidcIssuer(env);
  if (issuer === undefined) {
    return { mode: 'local', sessionSecret, publicUrl, allowLocalSignIn: readBoolean(env, 'REFMAP_ALLOW_LOCAL_SIGNIN'), allowDemoInProduction: readBoolean(env, 'REFMAP_DEMO') };
  }
  const because = 'is required when REFMAP_OIDC_ISSUER is set';
  const mappingText = required(nonEmpty(env, 'REFMAP_ROLE_MAPPING'), 'REFMAP_ROLE_MAPPING', `${because} (e.g. admin=platform-admins;officer=compliance;auditor=audit;manager=managers;viewer=*)`);
  const parsedMapping = parseRoleMapping(mappingText);
  if ('error' in parsedMapping) throw new ConfigError('REFMAP_ROLE_MAPPING', parsedMapping.error);
  const groupsClaim = nonEmpty(env, 'REFMAP_OIDC_GROUPS_CLAIM') ?? 'groups';
  if (!/^[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*$/.test(groupsClaim)) {
    throw new ConfigError('REFMAP_OIDC_GROUPS_CLAIM', 'must be a claim name, or a dotted path such as realm_access.roles');
  }
  const scopes = nonEmpty(env, 'REFMAP_OIDC_SCOPES') ?? 'openid profile email groups';
  if (!scopes.split(/\s+/).includes('openid')) throw new ConfigError('REFMAP_OIDC_SCOPES', 'must include openid');
  return {
    mode: 'oidc',
    oidc: {
      issuer,
      clientId: required(nonEmpty(env, 'REFMAP_OIDC_CLIENT_ID'), 'REFMAP_OIDC_CLIENT_ID', because),
      clientSecret: required(readSecret(env, 'REFMAP_OIDC_CLIENT_SECRET'), 'REFMAP_OIDC_CLIENT_SECRET', `${because} (or REFMAP_OIDC_CLIENT_SECRET_FILE)`),
      groupsClaim,
      scopes,
      roleMapping: parsedMapping.mapping,
    },
    sessionSecret: required(sessionSecret, 'REFMAP_SESSION_SECRET', `${because} (or REFMAP_SESSION_SECRET_FILE; at least ${SESSION_SECRET_MIN_LENGTH} characters)`),
    publicUrl: required(publicUrl, 'REFMAP_PUBLIC_URL', `${because}: the redirect URI is <REFMAP_PUBLIC_URL>/api/auth/callback`),
    allowDemoInProduction: readBoolean(env, 'REFMAP_DEMO'),
  };
}
