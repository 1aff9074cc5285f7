import { z } from 'zod';

/** Query parameters shared by several routes. */
export const clusterParam = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/, 'must be a cluster name (lower-case letters, digits, dots, dashes)')
  .optional();

/**
 * An ISO 8601 time with an offset. Postgres has no year 0 and dates past 9999 do not survive every
 * driver, so such times are bad input (400), not a database error.
 */
export const timeParam = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .refine((date) => date.getUTCFullYear() >= 1970 && date.getUTCFullYear() <= 9999, 'must be between 1970 and 9999');

export const atParam = timeParam.optional();

export const controlIdParam = z.string().regex(/^[A-Z0-9]+(\.[A-Z0-9-]+)+$/, 'must be a control id such as S5.NON-ROOT').max(80);
