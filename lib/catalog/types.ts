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
  /** what the configuration says about the cluster under evaluation, for checks about topology */
  cluster?: {
    name: string;
    role?: 'management' | 'workload';
    /** the cluster whose OpenSearch stores this cluster's logs (itself when unset) */
    logsStoredIn?: string;
  };
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
  /**
   * A control whose verdict is the worst of other controls' verdicts (e.g. zero trust reuses the
   * service-mesh evidence); it has no checks of its own and says so in its evidence.
   */
  derivedFrom?: string[];
  checks: CheckDefinition[];
}
