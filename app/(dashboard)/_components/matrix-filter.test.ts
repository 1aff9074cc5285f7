import { describe, expect, it } from 'vitest';
import type { MatrixViewControl } from '@/lib/data/matrix-view';
import { isFilterActive, matchesFilter, readMatrixFilter, writeMatrixFilter } from './matrix-filter';

function control(overrides: Partial<MatrixViewControl> = {}): MatrixViewControl {
  return {
    id: 'S5.NON-ROOT',
    title: 'Containers do not run as root',
    group: 'Container hardening',
    sectionId: '5',
    sources: ['kubernetes'],
    nist: ['AC-6', 'AC-6(10)', 'SC-39'],
    cells: [{ status: 'fail', summary: '3 pods run as root', isAttested: false, isWaived: false }],
    ...overrides,
  };
}

describe('the matrix filter in the URL', () => {
  it('reads what it wrote, and keeps the other parameters', () => {
    const filter = { statuses: ['fail' as const, 'warn' as const], source: 'harbor', section: '5', mark: 'waived' as const, nist: 'AC-6(9)', text: 'root' };
    const params = writeMatrixFilter(new URLSearchParams('cluster=wc1&at=2026-01-01T00:00:00Z&status=pass'), filter);
    expect(params.toString()).toBe('cluster=wc1&at=2026-01-01T00%3A00%3A00Z&status=fail%2Cwarn&source=harbor&section=5&mark=waived&nist=AC-6%289%29&q=root');
    expect(readMatrixFilter(params)).toEqual(filter);
  });

  it('ignores values it does not know, so that an old link still opens', () => {
    expect(readMatrixFilter(new URLSearchParams('status=fail,broken&source=splunk&section=9&mark=maybe&nist=AC6'))).toEqual({ statuses: ['fail'], source: null, section: null, mark: null, nist: null, text: '' });
    expect(isFilterActive(readMatrixFilter(new URLSearchParams('')))).toBe(false);
  });
});

describe('matchesFilter', () => {
  const none = readMatrixFilter(new URLSearchParams(''));

  it('matches on status in any cluster, source, section, mark and text', () => {
    expect(matchesFilter(control(), none)).toBe(true);
    expect(matchesFilter(control(), { ...none, statuses: ['fail'] })).toBe(true);
    expect(matchesFilter(control(), { ...none, statuses: ['pass'] })).toBe(false);
    expect(matchesFilter(control(), { ...none, source: 'kubernetes' })).toBe(true);
    expect(matchesFilter(control(), { ...none, source: 'harbor' })).toBe(false);
    expect(matchesFilter(control(), { ...none, section: '2' })).toBe(false);
    expect(matchesFilter(control(), { ...none, text: 'AS ROOT' })).toBe(true);
    expect(matchesFilter(control(), { ...none, text: '3 pods' })).toBe(true);
    expect(matchesFilter(control(), { ...none, text: 'network' })).toBe(false);
  });

  it('tells waived and attested controls from the rest', () => {
    const waived = control({ cells: [{ status: 'fail', summary: '', isAttested: false, isWaived: true }, null] });
    expect(matchesFilter(waived, { ...none, mark: 'waived' })).toBe(true);
    expect(matchesFilter(waived, { ...none, mark: 'attested' })).toBe(false);
    expect(matchesFilter(waived, { ...none, mark: 'none' })).toBe(false);
    expect(matchesFilter(control(), { ...none, mark: 'none' })).toBe(true);
  });
});

describe('the nist= filter', () => {
  const none = readMatrixFilter(new URLSearchParams(''));

  it('matches a control mapped to the 800-53 control or one of its enhancements, written either way', () => {
    expect(matchesFilter(control(), readMatrixFilter(new URLSearchParams('nist=ac-6')))).toBe(true);
    expect(matchesFilter(control(), { ...none, nist: 'AC-6(10)' })).toBe(true);
    expect(matchesFilter(control(), { ...none, nist: 'AC-6(9)' })).toBe(false);
    expect(matchesFilter(control(), { ...none, nist: 'AC-61' })).toBe(false);
    expect(matchesFilter(control({ nist: [] }), { ...none, nist: 'AC-6' })).toBe(false);
  });
});
