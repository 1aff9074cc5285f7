import Link from 'next/link';
import { z } from 'zod';
import { getPageUser } from '@/lib/auth/page-session';
import { safeReturnTo } from '@/lib/auth/return-to';
import { ROLES } from '@/lib/auth/roles';
import { getConfig } from '@/lib/config';

export const dynamic = 'force-dynamic';

const searchSchema = z.object({
  returnTo: z.string().optional(),
  error: z.enum(['no_role', 'invalid_flow', 'provider_error', 'provider_unreachable']).optional().catch(undefined),
});

const ERRORS: Record<NonNullable<z.infer<typeof searchSchema>['error']>, string> = {
  no_role: 'You signed in, but none of your groups gives a Refmap role. Ask an administrator to add you to one.',
  invalid_flow: 'The sign-in took too long or was started in another browser. Please start again.',
  provider_error: 'The identity provider did not complete the sign-in. Please try again.',
  provider_unreachable: 'The identity provider cannot be reached right now. Please try again shortly.',
};

const ROLE_HINTS: Record<(typeof ROLES)[number], string> = {
  viewer: 'browse the matrix and evidence',
  officer: 'also attest and waive controls, collect now',
  manager: 'also collect now',
  auditor: 'also download evidence packages and read the audit trail',
  admin: 'everything',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const parsed = searchSchema.safeParse(await searchParams);
  const returnTo = safeReturnTo(parsed.success ? parsed.data.returnTo : undefined);
  const error = parsed.success ? parsed.data.error : undefined;
  const { signIn } = getConfig();
  const user = await getPageUser();
  return (
    <section className="mx-auto max-w-md space-y-4 rounded border border-gray-200 bg-white p-6">
      <h1 className="text-xl font-semibold">Sign in to Refmap</h1>
      {error ? (
        <p role="alert" className="rounded bg-red-50 p-3 text-sm text-red-900">
          {ERRORS[error]}
        </p>
      ) : null}
      {user ? (
        <p className="text-sm text-gray-700">
          You are signed in as <strong>{user.name}</strong> ({user.roles.join(', ')}). <Link href={returnTo} className="text-blue-800 underline">Continue</Link>
        </p>
      ) : null}
      {signIn.mode === 'oidc' ? (
        <a href={`/api/auth/signin?returnTo=${encodeURIComponent(returnTo)}`} className="inline-block rounded bg-blue-800 px-4 py-2 text-white">
          Sign in with your organisation account
        </a>
      ) : (
        <>
          <div role="note" className="rounded border border-amber-300 bg-amber-100 p-3 text-sm text-amber-950">
            <strong>Local demo sign-in.</strong> No identity provider is configured (REFMAP_OIDC_ISSUER), so anyone who can reach this
            server may pick any role without a password. Use it for the demo and tests only.
          </div>
          <form method="post" action="/api/auth/local" className="space-y-3">
            <input type="hidden" name="returnTo" value={returnTo} />
            <div>
              <label htmlFor="role" className="block text-sm font-medium">
                Role
              </label>
              <select id="role" name="role" defaultValue="viewer" className="mt-1 w-full rounded border border-gray-300 p-2">
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {role} — {ROLE_HINTS[role]}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="name" className="block text-sm font-medium">
                Name <span className="font-normal text-gray-600">(optional, shown in the audit trail)</span>
              </label>
              <input id="name" name="name" type="text" maxLength={64} autoComplete="off" className="mt-1 w-full rounded border border-gray-300 p-2" />
            </div>
            <button type="submit" className="rounded bg-blue-800 px-4 py-2 text-white">
              Sign in (local demo)
            </button>
          </form>
        </>
      )}
    </section>
  );
}
