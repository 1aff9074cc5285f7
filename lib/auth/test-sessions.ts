import type { Role } from './roles';
import { createSessionToken, SESSION_COOKIE } from './session';

/** For tests: a session secret to put in REFMAP_SESSION_SECRET, and Cookie headers of signed-in users. */
export const TEST_SESSION_SECRET = 'test-only-session-secret-0123456789abcdef';

export async function sessionCookieFor(role: Role, options: { secret?: string; via?: 'local' | 'oidc'; now?: Date } = {}): Promise<string> {
  const token = await createSessionToken({ sub: `local:test-${role}`, name: `test-${role}`, roles: [role], via: options.via ?? 'local' }, options.secret ?? TEST_SESSION_SECRET, options.now);
  return `${SESSION_COOKIE}=${token}`;
}
