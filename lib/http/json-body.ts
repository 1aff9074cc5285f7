import type { z } from 'zod';
import { readCappedText } from './body-limit';
import { HttpError } from './errors';

/**
 * Reads a JSON request body and parses it with a zod schema; anything else is a 400 that names the
 * first bad field. An empty body counts as `{}`, so that optional-only bodies (a revocation without a
 * reason) need none. A body over MAX_BODY_BYTES is a 413.
 */
export async function parseJsonBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const text = await readCappedText(request);
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_request', 'the body must be JSON');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, 'bad_request', `invalid ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
