import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import type { z } from 'zod';

/** Reading an evidence bundle's zip for verify-bundle.ts: bounded against zip bombs, every damaged entry named. */

/** Limits against zip bombs: the declared sizes bound what is inflated (fflate never grows past them). */
export interface BundleLimits {
  maxEntries: number;
  maxInflatedBytes: number;
}

// A window bundle of 50 snapshots with a few hundred evidence bodies each stays far below both.
export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { maxEntries: 100_000, maxInflatedBytes: 1024 * 1024 * 1024 };

export const decoder = new TextDecoder('utf-8');
export const sha256Of = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
export const short = (hash: string | null | undefined) => (hash ? `${hash.slice(0, 12)}…` : 'none');

export function parseJson<T>(schema: z.ZodType<T>, data: Uint8Array): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(decoder.decode(data)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The zip's entries by name; an entry that cannot be decompressed is a problem naming it. */
export function readEntries(zip: Uint8Array, limits: BundleLimits, problem: (path: string, what: string) => void): Map<string, Uint8Array> | null {
  const names: string[] = [];
  let inflatedBytes = 0;
  try {
    // reads the central directory only: nothing is inflated yet
    unzipSync(zip, { filter: (file) => ((inflatedBytes += file.originalSize), names.push(file.name), false) });
  } catch (error) {
    problem('(the bundle itself)', `is not a readable zip file (${(error as Error).message})`);
    return null;
  }
  if (names.length > limits.maxEntries || inflatedBytes > limits.maxInflatedBytes) {
    problem('(the bundle itself)', `holds ${names.length} files of ${inflatedBytes} bytes in all, over the limit of ${limits.maxEntries} files and ${limits.maxInflatedBytes} bytes: not unpacked (a zip bomb?)`);
    return null;
  }
  for (const name of new Set(names.filter((name, index) => names.indexOf(name) !== index))) problem(name, 'appears twice in the zip');
  try {
    return new Map(Object.entries(unzipSync(zip)));
  } catch {
    // find which entries are damaged, one at a time
    const entries = new Map<string, Uint8Array>();
    for (const name of names) {
      try {
        const data = unzipSync(zip, { filter: (file) => file.name === name })[name];
        if (data) entries.set(name, data);
      } catch {
        problem(name, 'cannot be decompressed: the bytes of this file inside the zip were changed');
      }
    }
    return entries;
  }
}
