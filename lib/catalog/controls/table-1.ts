import type { ControlDefinition } from '../types';
import { table1LoggingControls } from './table-1-logging';
import { table1RuntimeControls, zeroTrustControl } from './table-1-runtime';
import { table1ScanningControls } from './table-1-scanning';

// Section 3, Table 1: the named security features the Reference Design expects of a privileged
// sidecar, each delivered by Compliant Kubernetes at the platform level instead — in Table 1's order.
export const table1Controls: ControlDefinition[] = [...table1LoggingControls, ...table1RuntimeControls, ...table1ScanningControls, zeroTrustControl];
