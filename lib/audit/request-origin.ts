/**
 * Where a request came from, for the audit trail and the logs.
 *
 * IP: Next.js puts the socket's address in x-forwarded-for when the request has none; behind an
 * ingress (nginx appends the address it saw), the rightmost entry is the one our own ingress added —
 * entries to its left are whatever the client claimed, so they are not trusted.
 */

export const REQUEST_ID_HEADER = 'x-request-id';

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

function clip(value: string | null, max: number): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed.slice(0, max);
}

export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) {
    const hops = forwarded.split(',').map((hop) => hop.trim()).filter((hop) => hop !== '');
    const nearest = hops.at(-1);
    if (nearest) return clip(nearest, 64);
  }
  return clip(headers.get('x-real-ip'), 64);
}

export function requestOrigin(request: Request): RequestOrigin {
  return {
    ip: clientIp(request.headers),
    userAgent: clip(request.headers.get('user-agent'), 512),
    requestId: clip(request.headers.get(REQUEST_ID_HEADER), 128),
  };
}
