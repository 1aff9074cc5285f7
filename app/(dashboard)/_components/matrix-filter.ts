import { isNistMatch, NIST_FILTER } from '@/lib/catalog/nist/match';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';
import type { MatrixViewControl } from '@/lib/data/matrix-view';

/**
 * The matrix filters, kept in the URL so that a filtered view is a link to share:
 * `?status=fail,warn&source=harbor&section=5&mark=waived&nist=AC-6&q=root`. Pure, so the page and tests agree.
 */

export const SOURCE_CHOICES = ['prometheus', 'opensearch', 'harbor', 'kubernetes', 'manual', 'derived'] as const;
export const MARK_CHOICES = ['attested', 'waived', 'none'] as const;
export type MarkChoice = (typeof MARK_CHOICES)[number];

export interface MatrixFilter {
  statuses: ControlStatus[];
  source: string | null;
  section: string | null;
  /** attested, waived, or neither */
  mark: MarkChoice | null;
  /** an 800-53 control (`AC-6`, matching its enhancements too) or enhancement (`AC-6(9)`) */
  nist: string | null;
  text: string;
}

const FILTER_KEYS = ['status', 'source', 'section', 'mark', 'nist', 'q'] as const;

function oneOf<T extends string>(value: string | null, choices: readonly T[]): T | null {
  return value !== null && (choices as readonly string[]).includes(value) ? (value as T) : null;
}

/** `ac-6` → `AC-6`; anything that is not an 800-53 id → null (no filter). */
export function readNistFilter(value: string): string | null {
  const trimmed = value.trim();
  return NIST_FILTER.test(trimmed) ? trimmed.toUpperCase() : null;
}

/** Unknown values are ignored rather than refused: an old link still opens. */
export function readMatrixFilter(params: URLSearchParams): MatrixFilter {
  const statuses = (params.get('status') ?? '')
    .split(',')
    .filter((status): status is ControlStatus => (CONTROL_STATUSES as readonly string[]).includes(status));
  const section = params.get('section');
  return {
    statuses: [...new Set(statuses)],
    source: oneOf(params.get('source'), SOURCE_CHOICES),
    section: section !== null && /^[1-5]$/.test(section) ? section : null,
    mark: oneOf(params.get('mark'), MARK_CHOICES),
    nist: readNistFilter(params.get('nist') ?? ''),
    text: (params.get('q') ?? '').slice(0, 200),
  };
}

/** The URL parameters for a filter; other parameters (cluster, at) are kept. */
export function writeMatrixFilter(params: URLSearchParams, filter: MatrixFilter): URLSearchParams {
  const next = new URLSearchParams(params.toString());
  for (const key of FILTER_KEYS) next.delete(key);
  if (filter.statuses.length > 0) next.set('status', filter.statuses.join(','));
  if (filter.source) next.set('source', filter.source);
  if (filter.section) next.set('section', filter.section);
  if (filter.mark) next.set('mark', filter.mark);
  if (filter.nist) next.set('nist', filter.nist);
  if (filter.text.trim() !== '') next.set('q', filter.text);
  return next;
}

export function isFilterActive(filter: MatrixFilter): boolean {
  return filter.statuses.length > 0 || filter.source !== null || filter.section !== null || filter.mark !== null || filter.nist !== null || filter.text.trim() !== '';
}

/** A control matches when any of its clusters matches the status and mark filters. */
export function matchesFilter(control: MatrixViewControl, filter: MatrixFilter): boolean {
  const cells = control.cells.flatMap((cell) => (cell ? [cell] : []));
  if (filter.statuses.length > 0 && !cells.some((cell) => filter.statuses.includes(cell.status))) return false;
  if (filter.source !== null && !control.sources.includes(filter.source)) return false;
  if (filter.section !== null && control.sectionId !== filter.section) return false;
  if (filter.mark === 'attested' && !cells.some((cell) => cell.isAttested)) return false;
  if (filter.mark === 'waived' && !cells.some((cell) => cell.isWaived)) return false;
  if (filter.mark === 'none' && cells.some((cell) => cell.isAttested || cell.isWaived)) return false;
  if (filter.nist !== null && !control.nist.some((id) => isNistMatch(id, filter.nist!))) return false;
  const text = filter.text.trim().toLowerCase();
  if (text !== '') {
    const haystack = [control.id, control.title, control.group, ...cells.map((cell) => cell.summary)].join(' ').toLowerCase();
    if (!haystack.includes(text)) return false;
  }
  return true;
}
