// POST /api/auth/local — the LOCAL demo sign-in: pick a role, no password (only when no OIDC issuer is configured)
import { NextResponse } from 'next/server';
import { recordAuditEvent } from '@/lib/audit';
import { localSignInSchema, readLocalSignIn } from '@/lib/auth/local-sign-in';
import { signInRefusal } from '@/lib/auth/local-sign-in-policy';
import { safeReturnTo } from '@/lib/auth/return-to';
import { redirectToPath, setSessionCookie } from '@/lib/auth/session-cookie';
import { getConfig } from '@/lib/config';
import { HttpError, toErrorResponse } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<NextResponse> {
  try {
    const config = getConfig();
    if (config.signIn.mode !== 'local') throw new HttpError(404, 'not_found', 'the local sign-in is off: this server signs in through OIDC');
    // the server does not start this way; refused here too, should it run anyway
    if (signInRefusal(config, process.argv, process.env)) throw new HttpError(404, 'not_found', 'the local sign-in is off on this server');
    const { body, isForm } = await readLocalSignIn(request);
    const parsed = localSignInSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, 'bad_request', `invalid ${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const name = parsed.data.name ?? `local-${parsed.data.role}`;
    const user = { sub: `local:${name}`, name, roles: [parsed.data.role], via: 'local' as const };
    await recordAuditEvent({ request, user, action: 'signin', details: { method: 'local' } });
    const response = isForm ? redirectToPath(safeReturnTo(parsed.data.returnTo)) : NextResponse.json({ user }, { headers: { 'cache-control': 'no-store' } });
    await setSessionCookie(response, request, user, config);
    return response;
  } catch (error) {
    return toErrorResponse(error);
  }
}
