import { describe, expect, it } from 'vitest';
import type { ControlStatus } from '@/lib/evaluate/types';
import type { MatrixView, MatrixViewControl } from './matrix-view';
import { buildNistView } from './nist-view';

function control(id: string, statuses: (ControlStatus | null)[]): MatrixViewControl {
  return { id, title: id, group: '', sectionId: '5', sources: [], nist: [], cells: statuses.map((status) => (status ? { status, summary: '', isAttested: false, isWaived: false } : null)) };
}

const view: MatrixView = {
  clusters: [
    { name: 'a', snapshot: null, score: null },
    { name: 'b', snapshot: null, score: null },
  ],
  sections: [{ id: '5', title: '', summary: '', scores: [null, null], controls: [control('S5.NON-ROOT', ['pass', 'pass']), control('S2.LEAST-PRIVILEGE', ['fail', null]), control('ORG.OWN', ['pass', 'pass'])] }],
};

describe('buildNistView', () => {
  const nist = buildNistView(view);

  it('lists each mapped 800-53 control in NIST’s order with the Refmap controls behind it', () => {
    const ids = nist.rows.map((row) => row.id);
    expect(ids.indexOf('AC-2')).toBeLessThan(ids.indexOf('AC-6'));
    expect(ids.indexOf('AC-6')).toBeLessThan(ids.indexOf('AC-6(5)'));
    expect(nist.rows.find((row) => row.id === 'AC-6')).toMatchObject({ title: 'Least Privilege', controls: [{ id: 'S5.NON-ROOT' }, { id: 'S2.LEAST-PRIVILEGE' }] });
  });

  it('gives each cluster the worst verdict of the controls it has, and none without them', () => {
    expect(nist.rows.find((row) => row.id === 'AC-6')!.statuses).toEqual(['fail', 'pass']);
    expect(nist.rows.find((row) => row.id === 'AC-6(5)')!.statuses).toEqual(['fail', null]);
  });

  it('names the controls without a mapping instead of dropping them', () => {
    expect(nist.unmapped).toEqual([{ id: 'ORG.OWN', title: 'ORG.OWN' }]);
  });
});
