import { describe, expect, it } from 'vitest';
import { CONTROLS, SECTIONS } from './index';
import { CONTAINER_HARDENING_ITEMS, GENERAL_TOOLS, TABLE_1_ROWS } from './reference-design';

const ids = new Set(CONTROLS.map((control) => control.id));

describe('the catalog', () => {
  it('has sections 1 to 5 in order', () => {
    expect(SECTIONS.map((section) => section.id)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('has at least 30 controls with unique ids, and controls in every section but the introduction', () => {
    expect(CONTROLS.length).toBeGreaterThanOrEqual(30);
    expect(ids.size).toBe(CONTROLS.length);
    for (const section of ['2', '3', '4', '5']) expect(CONTROLS.some((control) => control.sectionId === section), section).toBe(true);
    expect(CONTROLS.some((control) => control.sectionId === '1')).toBe(false);
  });

  it('keeps controls of a section together, in section order', () => {
    const sectionOrder = CONTROLS.map((control) => Number(control.sectionId));
    expect(sectionOrder).toEqual([...sectionOrder].sort((a, b) => a - b));
  });

  it.each(TABLE_1_ROWS)('covers the Table 1 row "$row"', ({ controlIds }) => {
    for (const id of controlIds) {
      expect(ids.has(id), id).toBe(true);
      expect(CONTROLS.find((control) => control.id === id)?.sectionId).toBe('3');
    }
  });

  it('maps every Table 1 control to a row of Table 1', () => {
    const mapped = new Set(TABLE_1_ROWS.flatMap((row) => row.controlIds));
    for (const control of CONTROLS.filter((candidate) => candidate.sectionId === '3')) expect(mapped.has(control.id), control.id).toBe(true);
  });

  it.each([...CONTAINER_HARDENING_ITEMS, ...GENERAL_TOOLS])('covers "$item"', ({ controlIds }) => {
    for (const id of controlIds) expect(ids.has(id), id).toBe(true);
  });

  it('gives every control its texts, and every automated control at least one check with a query and a rule', () => {
    for (const control of CONTROLS) {
      for (const text of [control.title, control.requirement, control.implementation, control.remediation]) expect(text.trim().length, control.id).toBeGreaterThan(10);
      if (control.isManual) {
        expect(control.checks, control.id).toEqual([]);
      } else if (control.derivedFrom) {
        for (const id of control.derivedFrom) expect(ids.has(id), `${control.id} derives from ${id}`).toBe(true);
      } else {
        expect(control.checks.length, control.id).toBeGreaterThan(0);
        for (const check of control.checks) {
          expect(check.query.trim().length, `${control.id}/${check.id}`).toBeGreaterThan(1);
          expect(check.rule.length, `${control.id}/${check.id}`).toBeGreaterThan(10);
        }
      }
    }
  });

  it('has manual controls for the items no cluster can show', () => {
    const manual = CONTROLS.filter((control) => control.isManual).map((control) => control.id);
    expect(manual).toEqual(expect.arrayContaining(['S5.OFFLINE-DEPS', 'S5.SETUID', 'S5.DEFAULT-CONFIG', 'S5.MINIMAL-PACKAGES']));
  });
});
