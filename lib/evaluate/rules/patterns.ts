import { z } from 'zod';

/** A regular expression given as a string in catalog data; refused at load time when it does not compile. */
export const regexSource = z
  .string()
  .min(1)
  .refine((source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  }, 'must be a valid regular expression');

/**
 * Joins names as English prose, so that summaries read naturally whatever the params list.
 * @example proseList(['kubernetes', 'kubeaudit', 'authlog']) // 'kubernetes, kubeaudit and authlog'
 */
export function proseList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
