import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { ConfigError } from '@/lib/config';
import { isDatabaseUnavailable } from '@/lib/db-errors';
import { log } from '@/lib/log';

/** The one error envelope: `{ error: { code, message } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function notFound(message: string): HttpError {
  return new HttpError(404, 'not_found', message);
}

export function errorResponse(status: number, code: string, message: string): NextResponse {
  return NextResponse.json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store' } });
}

/** Parses query parameters with a zod schema; a bad parameter is a 400 that names it. */
export function parseSearchParams<T>(schema: z.ZodType<T>, searchParams: URLSearchParams): T {
  const raw: Record<string, string> = {};
  for (const [key, value] of searchParams) raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, 'bad_request', `invalid parameter ${issue?.path.join('.') || '(query)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Turns any error thrown by a route into the envelope; unexpected errors never leak a stack trace. */
export function toErrorResponse(error: unknown): NextResponse {
  if (error instanceof HttpError) return errorResponse(error.status, error.code, error.message);
  if (error instanceof ConfigError) return errorResponse(500, 'config_error', error.message);
  // a database that is down or restarting is an outage to report, not a bug: 503, and it recovers by itself
  if (isDatabaseUnavailable(error)) {
    log.warn({ event: 'http.database_unavailable', err: { message: (error as Error).message } }, 'the database is unavailable');
    return errorResponse(503, 'database_unavailable', 'the database is unavailable; try again shortly');
  }
  log.error({ event: 'http.unexpected_error', err: error }, 'unexpected error in a route handler');
  return errorResponse(500, 'internal_error', 'an unexpected error occurred');
}
