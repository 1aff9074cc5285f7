import { z } from 'zod';

/** Log aliases (and the index-name prefixes of their indices), e.g. kubernetes, kubeaudit, authlog, other. */
export const logAliases = z.array(z.string().trim().min(1)).min(1);

/** How old the newest document of an alias may be before silence means logs are lost. */
export const logFreshness = z
  .array(
    z
      .object({
        alias: z.string().trim().min(1),
        maxAgeHours: z.number().positive(),
      })
      .strict(),
  )
  .min(1);
