import { containerHardeningControls } from './controls/container-hardening';
import { table1Controls } from './controls/table-1';
import { SECTIONS } from './sections';
import type { ControlDefinition } from './types';

/** Bumped whenever a control, check or rule changes; stored with every snapshot. */
export const CATALOG_VERSION = '2026.11.1';

export const CONTROLS: ControlDefinition[] = [...table1Controls, ...containerHardeningControls];

export { SECTIONS };

export function findControl(controlId: string): ControlDefinition | undefined {
  return CONTROLS.find((control) => control.id === controlId);
}
