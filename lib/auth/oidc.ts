import 'server-only';
import * as oidc from 'openid-client';
import { SignJWT, jwtVerify } from 'jose';
import { z } from 'zod';
import type { OidcConfig } from '@/lib/config';
import { log } from '@/lib/log';
import { readGroupsClaim, rolesForGroups } from './role-mapping';
import type { SessionUser } from './session';

/**
 * OpenID Connect sign-in (authorization code flow with PKCE, state and nonce) through
 * openid-client. Between the redirect to the identity provider and the callback, the PKCE verifier,
 * state, nonce and return path travel in a short-lived signed cookie: nothing is kept in memory, so
 * any replica can finish a sign-in that another one started.
 */

export const FLOW_COOKIE = 'refmap_oidc_flow';
export const FLOW_COOKIE_PATH = '/api/auth/callback';
export const FLOW_TTL_SECONDS = 10 * 60;
const FLOW_AUDIENCE = 'refmap-oidc-flow';

const flowSchema = z.object({ verifier: z.string().min(43), state: z.string().min(1), nonce: z.string().min(1), returnTo: z.string() });
type Flow = z.infer<typeof flowSchema>;

export class SignInError extends Error {
  constructor(
    readonly code: 'no_role' | 'invalid_flow' | 'provider_error' | 'provider_unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

const globalForOidc = globalThis as unknown as { refmapOidc?: { issuer: string; configuration: Promise<oidc.Configuration> } };

/** The identity provider's metadata, discovered once per process (again after a failure). */
function getProviderConfiguration(settings: OidcConfig): Promise<oidc.Configuration> {
  const cached = globalForOidc.refmapOidc;
  if (cached?.issuer === settings.issuer) return cached.configuration;
  const isLoopbackHttp = settings.issuer.startsWith('http://');
  const configuration = oidc
    .discovery(new URL(settings.issuer), settings.clientId, undefined, oidc.ClientSecretPost(settings.clientSecret), {
      // plain http is accepted by the configuration only for an issuer on this machine (tests)
      execute: isLoopbackHttp ? [oidc.allowInsecureRequests] : [],
      timeout: 10,
    })
    .catch((error: unknown) => {
      globalForOidc.refmapOidc = undefined;
      log.warn({ event: 'oidc.discovery_failed', issuer: settings.issuer, err: { message: (error as Error).message } }, 'OIDC discovery failed');
      throw new SignInError('provider_unreachable', 'the identity provider cannot be reached; try again shortly');
    });
  globalForOidc.refmapOidc = { issuer: settings.issuer, configuration };
  return configuration;
}

export function callbackUrl(publicUrl: string): string {
  return `${publicUrl}/api/auth/callback`;
}

/** Step 1: the provider URL to send the browser to, and the flow cookie to set. */
export async function beginSignIn(settings: OidcConfig, publicUrl: string, returnTo: string, secret: string): Promise<{ redirectTo: URL; flowToken: string }> {
  const configuration = await getProviderConfiguration(settings);
  const flow: Flow = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce(), returnTo };
  const redirectTo = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: callbackUrl(publicUrl),
    scope: settings.scopes,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  const flowToken = await new SignJWT(flow)
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(FLOW_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${FLOW_TTL_SECONDS}s`)
    .sign(new TextEncoder().encode(secret));
  return { redirectTo, flowToken };
}

async function readFlow(flowToken: string | undefined, secret: string): Promise<Flow> {
  if (flowToken === undefined) throw new SignInError('invalid_flow', 'the sign-in took too long or was started in another browser; start again');
  try {
    const { payload } = await jwtVerify(flowToken, new TextEncoder().encode(secret), { audience: FLOW_AUDIENCE, algorithms: ['HS256'] });
    return flowSchema.parse(payload);
  } catch {
    throw new SignInError('invalid_flow', 'the sign-in took too long or was started in another browser; start again');
  }
}

/**
 * Step 2, at the callback: exchanges the code (checking state, nonce and PKCE), reads the groups
 * from the ID token — or from userinfo when the token does not carry them — and maps them to roles.
 */
export async function completeSignIn(
  settings: OidcConfig,
  publicUrl: string,
  search: URLSearchParams,
  flowToken: string | undefined,
  secret: string,
): Promise<{ user: SessionUser; returnTo: string }> {
  const flow = await readFlow(flowToken, secret);
  const configuration = await getProviderConfiguration(settings);
  // the URL the provider redirected to, as the provider knows it (not as the ingress rewrote it)
  const currentUrl = new URL(callbackUrl(publicUrl));
  for (const [key, value] of search) currentUrl.searchParams.append(key, value);
  let claims: Record<string, unknown>;
  let accessToken: string;
  try {
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: flow.verifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    claims = { ...(tokens.claims() ?? {}) };
    accessToken = tokens.access_token;
  } catch (error) {
    // the provider's own error (e.g. access_denied) or a failed check; its text names no secret
    throw new SignInError('provider_error', `the identity provider did not complete the sign-in: ${(error as Error).message}`);
  }
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  let groups = readGroupsClaim(claims, settings.groupsClaim);
  if (groups.length === 0 && configuration.serverMetadata().userinfo_endpoint) {
    try {
      const userInfo = await oidc.fetchUserInfo(configuration, accessToken, subject);
      groups = readGroupsClaim(userInfo as Record<string, unknown>, settings.groupsClaim);
    } catch (error) {
      log.warn({ event: 'oidc.userinfo_failed', err: { message: (error as Error).message } }, 'could not read groups from userinfo');
    }
  }
  const name = [claims.preferred_username, claims.email, claims.name, subject].find((value): value is string => typeof value === 'string' && value !== '') ?? subject;
  const roles = rolesForGroups(settings.roleMapping, groups);
  if (roles.length === 0) {
    throw new SignInError('no_role', `${name} signed in, but none of their groups (${groups.length === 0 ? 'none' : groups.join(', ')}) gives a Refmap role`);
  }
  return { user: { sub: subject, name: name.slice(0, 256), roles, via: 'oidc' }, returnTo: flow.returnTo };
}
