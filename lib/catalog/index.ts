import type { ControlDefinition } from '@/lib/evaluate/types';
import { builtInControls, CATALOG_VERSION } from './built-in';
import { SECTIONS } from './sections';

export { CATALOG_VERSION, SECTIONS };

/** Every built-in control, in matrix order (section, then the order of the Reference Design). */
export const CONTROLS: ControlDefinition[] = builtInControls();

/** The built-in catalog, before any configuration is applied. */
export function builtInCatalog(): { version: string; controls: ControlDefinition[] } {
  return { version: CATALOG_VERSION, controls: CONTROLS };
}
