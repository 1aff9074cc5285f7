import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getConfig } from '@/lib/config';
import { hasPermission, type Permission } from './roles';
import { SESSION_COOKIE, verifySessionToken, type SessionUser } from './session';
import { getSessionSecret } from './session-secret';

/** The signed-in user of the page being rendered, or null. */
export async function getPageUser(): Promise<SessionUser | null> {
  const config = getConfig();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (token === undefined) return null;
  return verifySessionToken(token, getSessionSecret(config), config.signIn.mode);
}

/**
 * For server components: the user, or a redirect to the sign-in page. proxy.ts has already
 * refused the request otherwise; a page that states what it needs stays safe if it is ever moved.
 * Returns `{ user, isAllowed: false }` when signed in without the permission, so the page can say so.
 */
export async function requirePageUser(permission: Permission, returnTo: string): Promise<{ user: SessionUser; isAllowed: boolean }> {
  const user = await getPageUser();
  if (user === null) redirect(`/signin?returnTo=${encodeURIComponent(returnTo)}`);
  return { user, isAllowed: hasPermission(user.roles, permission) };
}
