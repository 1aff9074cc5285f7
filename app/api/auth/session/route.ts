// GET /api/auth/session — who is signed in: name, roles, what they may do, and how they signed in
import { NextResponse } from 'next/server';
import { requirePermission } from '@/lib/auth/request-auth';
import { permissionsOf } from '@/lib/auth/roles';
import { toErrorResponse } from '@/lib/http/errors';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<NextResponse> {
  try {
    const user = await requirePermission(request, 'view');
    return NextResponse.json({ user: { sub: user.sub, name: user.name, roles: user.roles, via: user.via }, permissions: permissionsOf(user.roles) }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
