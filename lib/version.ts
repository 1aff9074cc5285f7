import packageJson from '@/package.json' with { type: 'json' };

/** Refmap's own version, stored with every snapshot and printed on reports. */
export const REFMAP_VERSION: string = packageJson.version;
