import type { SourceName } from '@/lib/sources/connection';
import type { JsonValue } from './canonical-json';

/** The one status vocabulary (see the evidence catalog). */
export const CONTROL_STATUSES = ['pass', 'fail', 'warn', 'unknown', 'manual', 'not-applicable'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export type EvidenceSource = SourceName | 'derived' | 'attestation' | 'configuration';

export type SectionId = '1' | '2' | '3' | '4' | '5';

/** What one check concluded, before it is stamped with time and hash. */
export interface CheckOutcome {
  status: ControlStatus;
  summary: string;
  /** bounded and secret-free: offending objects are capped and carry a total */
  excerpt: { [key: string]: JsonValue };
}

export interface Evidence {
  checkId: string;
  source: EvidenceSource;
  /** exact PromQL, API endpoint or derivation */
  query: string;
  observedAt: string;
  status: ControlStatus;
  summary: string;
  excerpt: { [key: string]: JsonValue };
  /** sha256 of the canonical JSON of {checkId, source, query, observedAt, status, summary, excerpt} */
  sha256: string;
}

export interface ControlResult {
  controlId: string;
  sectionId: string;
  status: ControlStatus;
  summary: string;
  evidence: Evidence[];
}

/** An object that fails a rule, named so that someone can go and fix it. */
export interface Offender {
  [key: string]: JsonValue;
  object: string;
  reason: string;
}

/** What the configuration says about the cluster under evaluation, for checks about topology. */
export interface ClusterFacts {
  name: string;
  role?: 'management' | 'workload';
  /** the cluster whose OpenSearch stores this cluster's logs (itself when unset) */
  logsStoredIn?: string;
}

/**
 * One check of a control, as data: which evaluator judges it and with which parameters. `params`
 * has been validated against the evaluator's schema when the catalog was loaded; `query` is what the
 * evaluator sends for these parameters, recorded with the evidence.
 */
export interface CheckDefinition {
  id: string;
  evaluator: string;
  params: Record<string, unknown>;
  /** the pass rule in one sentence */
  rule: string;
  source: SourceName;
  query: string;
}

/** A control excluded from scoring by configuration, with who decided it, why and until when. */
export interface NotApplicableMark {
  reason: string;
  owner?: string;
  /** ISO 8601; after it the mark no longer applies */
  expires?: string;
}

export interface ControlDefinition {
  id: string;
  sectionId: SectionId;
  /** e.g. "Table 1: Logging agent" or "Container hardening" */
  group: string;
  /** the seed's Table 1 row, hardening item or section this control covers */
  reference: string;
  title: string;
  requirement: string;
  implementation: string;
  remediation: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  /** not observable in a cluster: `manual` until attested */
  isManual?: boolean;
  /**
   * A control whose verdict is the worst of other controls' verdicts (e.g. zero trust reuses the
   * service-mesh evidence); it has no checks of its own and says so in its evidence.
   */
  derivedFrom?: string[];
  notApplicable?: NotApplicableMark;
  checks: CheckDefinition[];
}

export interface SectionDefinition {
  id: SectionId;
  title: string;
  /** what the Reference Design section is about and how Compliant Kubernetes reads it, in our words */
  summary: string;
}
