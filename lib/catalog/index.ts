import { containerHardeningControls } from './controls/container-hardening';
import { section2Controls } from './controls/section-2';
import { section4Controls } from './controls/section-4';
import { section5ToolControls } from './controls/section-5-tools';
import { table1Controls } from './controls/table-1';
import { SECTIONS } from './sections';
import type { ControlDefinition } from './types';

/** Bumped whenever a control, check or rule changes; stored with every snapshot. */
export const CATALOG_VERSION = '2026.11.2';

/** Every control, in matrix order (section, then the order of the Reference Design). */
export const CONTROLS: ControlDefinition[] = [
  ...section2Controls,
  ...table1Controls,
  ...section4Controls,
  ...containerHardeningControls,
  ...section5ToolControls,
];

export { SECTIONS };
