import type { SourceName } from '@/lib/sources/connection';

export type SourceErrorKind = 'http' | 'timeout' | 'network' | 'parse' | 'auth' | 'tls' | 'not-configured';

/**
 * The one error type for every source. Its message names the source and the URL path (never the
 * query string's secrets, never a credential) so that it can be shown to users and stored as evidence.
 */
export class SourceError extends Error {
  readonly source: SourceName;
  readonly kind: SourceErrorKind;
  readonly status?: number;
  readonly path?: string;

  constructor(init: { source: SourceName; kind: SourceErrorKind; message: string; status?: number; path?: string }) {
    super(`${init.source}${init.path ? ` ${init.path}` : ''}: ${init.message}`);
    this.name = 'SourceError';
    this.source = init.source;
    this.kind = init.kind;
    this.status = init.status;
    this.path = init.path;
  }

  toJSON(): { source: SourceName; kind: SourceErrorKind; status?: number; path?: string; message: string } {
    return { source: this.source, kind: this.kind, status: this.status, path: this.path, message: this.message };
  }
}

export function isSourceError(error: unknown): error is SourceError {
  return error instanceof SourceError;
}

/** What a reader answers when the cluster's configuration names no such source. */
export function notConfiguredError(source: SourceName): SourceError {
  return new SourceError({ source, kind: 'not-configured', message: `${source} is not configured` });
}
