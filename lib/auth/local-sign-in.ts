import { z } from 'zod';
import { readCappedText } from '@/lib/http/body-limit';
import { ROLES } from './roles';

/** The local demo sign-in's body: a role, an optional display name, where to go next. */
export const localSignInSchema = z.object({
  role: z.enum(ROLES),
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 ._@-]{1,64}$/, 'must be 1-64 letters, digits, spaces or . _ @ -')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  returnTo: z.string().max(2000).optional(),
});

/** The body of a form post (the sign-in page) or of a JSON request (tests, scripts). */
export async function readLocalSignIn(request: Request): Promise<{ body: unknown; isForm: boolean }> {
  const contentType = request.headers.get('content-type') ?? '';
  const text = await readCappedText(request);
  if (contentType.includes('application/json')) {
    try {
      return { body: JSON.parse(text) as unknown, isForm: false };
    } catch {
      return { body: undefined, isForm: false };
    }
  }
  const form = await new Response(text, { headers: { 'content-type': contentType } }).formData().catch(() => undefined);
  if (form === undefined) return { body: undefined, isForm: true };
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  return { body: { role: field('role'), name: field('name'), returnTo: field('returnTo') }, isForm: true };
}
