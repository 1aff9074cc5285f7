/** TanStack Query keys, in one place so that invalidation stays consistent. */
export const queryKeys = {
  health: ['health'] as const,
};
