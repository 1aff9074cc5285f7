import { describe, expect, it } from 'vitest';
import { compareAttention, streakStart, type AttentionItem } from './attention';

function item(overrides: Partial<AttentionItem>): AttentionItem {
  return { cluster: 'wc1', controlId: 'X', sectionId: '2', status: 'fail', summary: '', since: '2026-06-01T00:00:00.000Z', offenders: 0, owners: [], isWaived: false, ...overrides };
}

describe('compareAttention', () => {
  it('puts fail before unknown before warn, whatever their age', () => {
    const sorted = [item({ controlId: 'W', status: 'warn', since: '2026-01-01T00:00:00.000Z' }), item({ controlId: 'U', status: 'unknown' }), item({ controlId: 'F' })].sort(compareAttention);
    expect(sorted.map((entry) => entry.controlId)).toEqual(['F', 'U', 'W']);
  });

  it('within a status, the oldest first, then the one with more offenders', () => {
    const sorted = [
      item({ controlId: 'new', since: '2026-06-05T00:00:00.000Z', offenders: 50 }),
      item({ controlId: 'few', offenders: 1 }),
      item({ controlId: 'many', offenders: 9 }),
    ].sort(compareAttention);
    expect(sorted.map((entry) => entry.controlId)).toEqual(['many', 'few', 'new']);
  });
});

describe('streakStart', () => {
  const at = (day: number) => new Date(Date.UTC(2026, 5, day));

  it('finds where the newest run of the status began', () => {
    const history = [
      { at: at(1), status: 'fail' },
      { at: at(2), status: 'pass' },
      { at: at(3), status: 'fail' },
      { at: at(4), status: 'fail' },
    ];
    expect(streakStart(history, 'fail')).toEqual(at(3));
  });

  it('is null when the newest status is another one', () => {
    expect(streakStart([{ at: at(1), status: 'fail' }, { at: at(2), status: 'warn' }], 'fail')).toBeNull();
  });
});
