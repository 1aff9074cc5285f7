import 'server-only';
import type { SourceName } from '@/lib/sources/connection';
import { observeSourceRequest } from '@/lib/metrics/observe';

/** Runs one request to a source and records its duration and outcome in Refmap's own metrics. */
export async function measured<T>(source: SourceName, send: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  try {
    const result = await send();
    observeSourceRequest(source, performance.now() - startedAt, 'ok');
    return result;
  } catch (error) {
    observeSourceRequest(source, performance.now() - startedAt, 'error');
    throw error;
  }
}
