import { describe, expect, it } from 'vitest';
import { durationToDays, toIsmPolicySummary } from './ism-policies';

describe('durationToDays', () => {
  it('reads OpenSearch time units', () => {
    expect(durationToDays('30d')).toBe(30);
    expect(durationToDays('36h')).toBe(1.5);
    expect(durationToDays('1440m')).toBe(1);
    expect(durationToDays('86400s')).toBe(1);
  });

  it('answers undefined for what it cannot read', () => {
    expect(durationToDays('30 days')).toBeUndefined();
    expect(durationToDays('')).toBeUndefined();
  });
});

describe('toIsmPolicySummary', () => {
  it('takes the earliest deletion when several transitions lead to a deleting state', () => {
    const summary = toIsmPolicySummary('logs', {
      states: [
        { name: 'hot', actions: [{ rollover: { min_index_age: '1d' } }], transitions: [{ state_name: 'delete', conditions: { min_index_age: '60d' } }, { state_name: 'warm', conditions: { min_index_age: '2d' } }] },
        { name: 'warm', actions: [{ read_only: {} }], transitions: [{ state_name: 'delete', conditions: { min_index_age: '14d' } }] },
        { name: 'delete', actions: [{ delete: {} }], transitions: [] },
      ],
      ism_template: { index_patterns: ['logs-*'] },
    });
    expect(summary).toEqual({ id: 'logs', indexPatterns: ['logs-*'], states: ['hot', 'warm', 'delete'], deleteAfterDays: 14 });
  });
});
