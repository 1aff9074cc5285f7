/**
 * Matching an 800-53 filter such as `AC-6` against mapped ids, without the mapping file: the matrix
 * filters in the browser with this, the server with the same function.
 */

/** An 800-53 control or enhancement as typed in a filter: `AC-6`, `ac-6(9)`. */
export const NIST_FILTER = /^[A-Za-z]{2}-\d{1,2}(\(\d{1,2}\))?$/;

/**
 * Whether `id` (as NIST writes it) is the control `filter` names or one of its enhancements; case-insensitive.
 * @example isNistMatch('AC-6(9)', 'ac-6') // true
 * @example isNistMatch('AC-61', 'AC-6') // false
 */
export function isNistMatch(id: string, filter: string): boolean {
  const wanted = filter.trim().toUpperCase();
  return id === wanted || (!wanted.includes('(') && id.startsWith(`${wanted}(`));
}
