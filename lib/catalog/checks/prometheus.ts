import type { PromSample } from '@/lib/sources/prometheus/client';
import { SourceError } from '@/lib/sources/source-error';
import type { CheckContext } from '../types';

/** Runs an instant query at the collection's time; the check's `query` is exactly what is sent. */
export async function instantQuery(context: CheckContext, query: string): Promise<{ samples: PromSample[]; warnings: string[] }> {
  const prometheus = context.sources.clients.prometheus;
  if (!prometheus) throw new SourceError({ source: 'prometheus', kind: 'not-configured', message: 'prometheus is not configured' });
  return prometheus.instantQuery(query, context.now);
}

/** A label value for evidence, `?` when the series lacks it. */
export function label(sample: PromSample, name: string): string {
  return sample.labels[name] ?? '?';
}
