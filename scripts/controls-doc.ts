// Writes docs/controls.md from the built-in catalog (lib/catalog/reference-design/*.yaml).
import { mkdirSync, writeFileSync } from 'node:fs';
import { CATALOG_VERSION, CONTROLS, SECTIONS } from '@/lib/catalog';
import { renderControlsDoc } from '@/lib/catalog/controls-doc';

mkdirSync('docs', { recursive: true });
writeFileSync('docs/controls.md', renderControlsDoc(SECTIONS, CONTROLS, CATALOG_VERSION));
console.log('wrote docs/controls.md');
