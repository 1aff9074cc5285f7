/** TanStack Query keys, in one place so that invalidation stays consistent. */
export const queryKeys = {
  health: ['health'] as const,
  /** attestations and waivers (mutations only: pages read them on the server and refresh) */
  signOffs: ['sign-offs'] as const,
};
