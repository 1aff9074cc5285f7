/** A score as a percentage; "—" when nothing counts towards it. */
export function formatScore(score: number | null): string {
  return score === null ? '—' : `${Math.round(score * 100)}%`;
}
