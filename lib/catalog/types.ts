import type { SourceName } from '@/lib/config';
import type { CheckOutcome } from '@/lib/evaluate/types';
import type { SourceReaders } from '@/lib/evaluate/source-readers';
import type { CatalogSettings } from './settings';

export type SectionId = '1' | '2' | '3' | '4' | '5';

export interface SectionDefinition {
  id: SectionId;
  title: string;
  /** what the Reference Design section is about and how Compliant Kubernetes reads it, in our words */
  summary: string;
}

export interface CheckContext {
  sources: SourceReaders;
  settings: CatalogSettings;
  now: Date;
}

export interface CheckDefinition {
  /** unique within its control, e.g. `pods-run-as-non-root` */
  id: string;
  source: SourceName;
  /** the exact PromQL or API endpoint, shown to users and stored with the evidence */
  query: string;
  /** the pass rule in one sentence */
  rule: string;
  run(context: CheckContext): Promise<CheckOutcome>;
}

export interface ControlDefinition {
  id: string;
  sectionId: SectionId;
  /** e.g. "Table 1: Logging agent" or "Container hardening" */
  group: string;
  title: string;
  requirement: string;
  implementation: string;
  remediation: string;
  /** not observable in a cluster: `manual` until attested */
  isManual?: boolean;
  checks: CheckDefinition[];
}
