import 'server-only';
import { getConfig } from '@/lib/config';
import type { ControlDefinition } from './types';

/**
 * The controls this server evaluates: the built-in catalog with the config file's catalog section
 * applied (organisation controls included). Pages and read models look controls up here, so that a
 * control added in REFMAP_CONFIG has its title and drilldown like any other.
 */
export function activeControls(): ControlDefinition[] {
  return getConfig().catalog.controls;
}

export function findActiveControl(controlId: string): ControlDefinition | undefined {
  return activeControls().find((control) => control.id === controlId);
}
