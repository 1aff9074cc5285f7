import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { ControlDefinition } from '@/lib/evaluate/types';
import { checkDerivations, parseCatalogDocument, resolveControls, CatalogFileError } from './build';

/** Bumped whenever a built-in control, check or rule changes; stored with every snapshot. */
export const CATALOG_VERSION = '2026.12.1';

/**
 * Where the built-in catalog files are. They are read at start-up from the app's directory (the
 * standalone server copies them there, see next.config.js).
 */
export const BUILT_IN_CATALOG_DIR = path.join(process.cwd(), 'lib', 'catalog', 'reference-design');

/**
 * Reads and validates every built-in file, in file-name order (which is matrix order). A mistake
 * throws a CatalogFileError naming the file, the control and the field.
 */
export function loadBuiltInControls(directory = BUILT_IN_CATALOG_DIR): ControlDefinition[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  const taken = new Set<string>();
  const controls: ControlDefinition[] = [];
  for (const name of files) {
    const file = path.join('lib', 'catalog', 'reference-design', name);
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(path.join(directory, name), 'utf8'));
    } catch (error) {
      throw new CatalogFileError(file, '(root)', `not valid YAML: ${(error as Error).message}`);
    }
    const document = parseCatalogDocument(raw, { file, prefix: '' });
    if (Object.keys(document.overrides).length > 0 || Object.keys(document.settings).length > 0) {
      throw new CatalogFileError(file, '(root)', 'built-in files hold controls only (settings and overrides belong in REFMAP_CONFIG)');
    }
    controls.push(...resolveControls(document, { file, prefix: '' }, taken));
  }
  checkDerivations(controls, { file: path.join('lib', 'catalog', 'reference-design'), prefix: '' });
  return controls;
}

let builtIn: ControlDefinition[] | undefined;

/** The built-in controls, read once per process. */
export function builtInControls(): ControlDefinition[] {
  builtIn ??= loadBuiltInControls();
  return builtIn;
}
