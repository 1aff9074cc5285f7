import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderControlsDoc } from './controls-doc';
import { CATALOG_VERSION, CONTROLS, SECTIONS } from './index';

describe('docs/controls.md', () => {
  it('is what the catalog says now (regenerate with `npm run docs:controls`)', () => {
    expect(readFileSync('docs/controls.md', 'utf8')).toBe(renderControlsDoc(SECTIONS, CONTROLS, CATALOG_VERSION));
  });

  it('names every check with its evaluator, query and rule', () => {
    const doc = renderControlsDoc(SECTIONS, CONTROLS, CATALOG_VERSION);
    for (const control of CONTROLS) {
      expect(doc).toContain(`### ${control.id} — `);
      for (const check of control.checks) expect(doc, `${control.id}/${check.id}`).toContain(`| \`${check.id}\` | \`${check.evaluator}\``);
    }
  });
});
