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
});
