import { z } from 'zod';

/** Query parameters shared by several routes. */
export const clusterParam = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$/, 'must be a cluster name (lower-case letters, digits, dots, dashes)')
  .optional();

export const atParam = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .optional();

export const controlIdParam = z.string().regex(/^[A-Z0-9]+(\.[A-Z0-9-]+)+$/, 'must be a control id such as S5.NON-ROOT').max(80);
