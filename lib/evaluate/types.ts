import type { SourceName } from '@/lib/config';
import type { JsonValue } from './canonical-json';

/** The one status vocabulary (see the evidence catalog). */
export const CONTROL_STATUSES = ['pass', 'fail', 'warn', 'unknown', 'manual', 'not-applicable'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export type EvidenceSource = SourceName | 'derived' | 'attestation';

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
