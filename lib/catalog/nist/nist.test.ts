import { describe, expect, it } from 'vitest';
import { CONTROLS } from '@/lib/catalog';
import { findNistCatalogFile, readNistCatalog } from './nist-catalog-source';
import { mappedControlIds, mappedNistIds, mappingForControl, matchesNist, nistMappingOf, nistTitle, parseNistMapping } from './index';
import shipped from './sp800-53-rev5-high.json';

describe('the NIST SP 800-53 mapping', () => {
  it.each(CONTROLS.map((control) => control.id))('maps built-in control %s with a severity and at least one 800-53 control', (controlId) => {
    const mapping = mappingForControl(controlId);
    expect(mapping, `mapping.yaml has no entry for ${controlId}`).toBeDefined();
    expect(mapping!.nist.length).toBeGreaterThan(0);
    expect(mapping!.severityReason).not.toBe('');
  });

  it('names only controls of the catalog', () => {
    // an entry for a control that no longer exists is a stale claim
    const builtIn = new Set(CONTROLS.map((control) => control.id));
    expect(mappedControlIds().filter((id) => !builtIn.has(id))).toEqual([]);
  });

  it('gives controls it does not list a medium severity, "not mapped", and no 800-53 ids', () => {
    expect(mappingForControl('ORG.OPA-UP')).toBeUndefined();
    expect(nistMappingOf('ORG.OPA-UP')).toEqual({ severity: 'medium', severityReason: 'not mapped', nist: [], isMapped: false });
  });

  it('refuses an id NIST does not have, or written the OSCAL way, naming the control', () => {
    expect(() => parseNistMapping('X.Y: { severity: low, severityReason: r, nist: [{ id: "AC-99", rationale: r }] }')).toThrow(/X\.Y\.nist\.0\.id: is not a control/);
    expect(() => parseNistMapping('X.Y: { severity: low, severityReason: r, nist: [{ id: "ac-6.9", rationale: r }] }')).toThrow(/as NIST writes it/);
    expect(() => parseNistMapping('X.Y: { severity: severe, severityReason: r, nist: [{ id: "AC-6", rationale: r }] }')).toThrow(/X\.Y\.severity/);
  });

  it('shows NIST titles and matches a filter to a control and its enhancements', () => {
    expect(nistTitle('AC-6(9)')).toBe('Log Use of Privileged Functions');
    const mapping = mappingForControl('S2.LEAST-PRIVILEGE')!;
    expect(mapping.nist.find((item) => item.id === 'AC-6(5)')).toMatchObject({ oscalId: 'ac-6.5', title: 'Privileged Accounts' });
    expect(matchesNist(mapping, 'ac-6')).toBe(true);
    expect(matchesNist(mapping, 'AC-6(5)')).toBe(true);
    expect(matchesNist(mapping, 'AC-6(9)')).toBe(false);
    expect(matchesNist(mapping, 'AC-61')).toBe(false);
  });
});

// The shipped copy is generated from NIST's catalog; where the original is at hand, hold both to it.
const original = findNistCatalogFile();
describe.runIf(original !== undefined)('against NIST’s original catalog', () => {
  it('the shipped ids and titles are NIST’s, and every mapped id is in NIST’s catalog', () => {
    const nist = readNistCatalog(original!);
    expect(shipped).toEqual(nist);
    const ids = new Set(nist.controls.map((control) => control.id));
    expect(mappedNistIds().filter((id) => !ids.has(id))).toEqual([]);
  });
});
