import { describe, expect, it } from 'vitest';
import { selectSnapshotsToThin } from './retention';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const POLICY = { isEnabled: true, hourlyForMs: 7 * DAY, dailyForMs: 90 * DAY };
const NOW = new Date('2026-06-10T12:30:00Z'); // a Wednesday

function at(iso: string) {
  return { id: iso, takenAt: new Date(iso) };
}

describe('selectSnapshotsToThin', () => {
  it('keeps every snapshot of the current hour and the newest of each past hour', () => {
    const snapshots = ['2026-06-10T10:00:00Z', '2026-06-10T10:15:00Z', '2026-06-10T10:45:00Z', '2026-06-10T11:59:59Z', '2026-06-10T12:05:00Z', '2026-06-10T12:20:00Z'].map(at);
    expect(selectSnapshotsToThin(snapshots, POLICY, NOW).sort()).toEqual(['2026-06-10T10:00:00Z', '2026-06-10T10:15:00Z']);
  });

  it('keeps one per day after hourlyFor and one per week (Monday to Sunday, UTC) after dailyFor', () => {
    const snapshots = [
      // 8 days old: daily (the whole day is older than 7 days)
      '2026-06-02T01:00:00Z',
      '2026-06-02T13:00:00Z',
      '2026-06-02T23:00:00Z',
      // more than 90 days old: weekly; 2026-02-23 is a Monday
      '2026-02-23T00:00:00Z',
      '2026-02-25T12:00:00Z',
      '2026-03-01T23:59:59Z',
      '2026-03-02T00:00:00Z',
    ].map(at);
    expect(selectSnapshotsToThin(snapshots, POLICY, NOW).sort()).toEqual(['2026-02-23T00:00:00Z', '2026-02-25T12:00:00Z', '2026-06-02T01:00:00Z', '2026-06-02T13:00:00Z']);
  });

  it('never removes the newest snapshot, and removes nothing when disabled', () => {
    const snapshots = ['2026-01-01T00:00:00Z', '2026-01-01T00:10:00Z'].map(at);
    expect(selectSnapshotsToThin(snapshots, POLICY, NOW)).toEqual(['2026-01-01T00:00:00Z']);
    expect(selectSnapshotsToThin(snapshots, { ...POLICY, isEnabled: false }, NOW)).toEqual([]);
  });

  it('thinning step by step removes exactly what thinning once, later, would', () => {
    const snapshots = Array.from({ length: 24 * 20 }, (_, index) => ({ id: String(index), takenAt: new Date(NOW.getTime() - index * HOUR - 7 * 60_000) }));
    const first = new Set(selectSnapshotsToThin(snapshots, { ...POLICY, hourlyForMs: 2 * DAY, dailyForMs: 10 * DAY }, NOW));
    const kept = snapshots.filter((snapshot) => !first.has(snapshot.id));
    const later = new Date(NOW.getTime() + 5 * DAY);
    const second = selectSnapshotsToThin(kept, { ...POLICY, hourlyForMs: 2 * DAY, dailyForMs: 10 * DAY }, later);
    const keptLater = kept.filter((snapshot) => !second.includes(snapshot.id));
    // what survives is exactly what thinning all snapshots at once would keep
    const atOnce = new Set(selectSnapshotsToThin(snapshots, { ...POLICY, hourlyForMs: 2 * DAY, dailyForMs: 10 * DAY }, later));
    expect(keptLater.map((snapshot) => snapshot.id)).toEqual(snapshots.filter((snapshot) => !atOnce.has(snapshot.id)).map((snapshot) => snapshot.id));
  });

  it('keeps, in a bucket it thins, every snapshot where a status changed: a failure and its fix survive', () => {
    // one old hour: pass, pass, FAIL, fail, pass (fixed), pass — then a newer snapshot
    const statuses = ['pass', 'pass', 'fail', 'fail', 'pass', 'pass'];
    const snapshots = statuses.map((status, index) => ({ id: `s${index}`, takenAt: new Date(Date.parse('2026-06-10T09:00:00Z') + index * 5 * 60_000), statuses: `S5.NON-ROOT=${status}` }));
    const thinned = selectSnapshotsToThin([...snapshots, { id: 'later', takenAt: new Date('2026-06-10T12:10:00Z'), statuses: 'S5.NON-ROOT=pass' }], POLICY, NOW);
    // s0 (first), s2 (the failure began), s4 (fixed) and s5 (newest of the hour) stay
    expect(thinned.sort()).toEqual(['s1', 's3']);
    // without status digests, only the newest of the hour would stay
    expect(selectSnapshotsToThin(snapshots.map(({ id, takenAt }) => ({ id, takenAt })), POLICY, NOW).sort()).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });
});
