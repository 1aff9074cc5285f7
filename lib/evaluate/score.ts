import type { ControlStatus } from './types';

/** Higher is worse. A control with several checks takes its worst check's status. */
const SEVERITY: Record<ControlStatus, number> = { 'not-applicable': 0, pass: 1, manual: 2, warn: 3, unknown: 4, fail: 5 };

/**
 * The worst of several statuses; no statuses at all → not-applicable.
 * @example worstStatus(['pass', 'warn', 'pass']) // 'warn'
 */
export function worstStatus(statuses: ControlStatus[]): ControlStatus {
  return statuses.reduce<ControlStatus>((worst, status) => (SEVERITY[status] > SEVERITY[worst] ? status : worst), 'not-applicable');
}

/**
 * pass / (pass + fail + warn + unknown); manual and not-applicable do not count. null when nothing counts.
 * @example computeScore(['pass', 'fail', 'manual', 'unknown']) // 1/3
 */
export function computeScore(statuses: ControlStatus[]): number | null {
  let passed = 0;
  let counted = 0;
  for (const status of statuses) {
    if (status === 'manual' || status === 'not-applicable') continue;
    counted++;
    if (status === 'pass') passed++;
  }
  return counted === 0 ? null : passed / counted;
}
/** A score as a percentage; "—" when nothing counts towards it. */
export function formatScore(score: number | null): string {
  return score === null ? '—' : `${Math.round(score * 100)}%`;
}
