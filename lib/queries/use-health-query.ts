'use client';

import { useQuery } from '@tanstack/react-query';
// zod/mini: the same checks, a fraction of the JavaScript every page sends (see BENCHMARKS.md, pages)
import { z } from 'zod/mini';
import { queryKeys } from './keys';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  demo: z.boolean(),
  database: z.object({ ok: z.boolean() }),
  lastSnapshot: z.nullable(z.object({ id: z.string(), takenAt: z.string() })),
});

export type HealthAnswer = z.infer<typeof healthSchema>;

/** Polls /api/health so pages notice a new snapshot without a manual reload. */
export function useHealthQuery(refetchIntervalMs: number) {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: async (): Promise<HealthAnswer> => {
      const response = await fetch('/api/health', { cache: 'no-store' });
      return healthSchema.parse(await response.json());
    },
    refetchInterval: refetchIntervalMs,
  });
}
