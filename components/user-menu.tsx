import Link from 'next/link';
import { getPageUser } from '@/lib/auth/page-session';
import { hasPermission } from '@/lib/auth/roles';

/**
 * Who is signed in, a sign-out button, the audit trail link for those who may read it, and — for the
 * local demo sign-in — a banner that says so on every page. Rendered by the site header.
 */
export async function UserMenu() {
  const user = await getPageUser();
  if (user === null) {
    return (
      <Link href="/signin" className="text-sm text-blue-800 underline">
        Sign in
      </Link>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      {hasPermission(user.roles, 'audit.read') ? (
        <Link href="/audit" className="text-blue-800 underline-offset-2 hover:underline">
          Audit trail
        </Link>
      ) : null}
      <span data-testid="signed-in-user">
        {user.name} <span className="text-gray-600">({user.roles.join(', ')})</span>
      </span>
      {user.via === 'local' ? (
        <span role="status" className="rounded bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-950">
          local demo sign-in
        </span>
      ) : null}
      <form method="post" action="/api/auth/signout">
        <button type="submit" className="text-blue-800 underline">
          Sign out
        </button>
      </form>
    </div>
  );
}
