import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Severity } from '@/lib/catalog/nist';
import type { ControlStatus } from '@/lib/evaluate/types';
import { HDF_CONTROL_STATUS, type HdfControlStatus } from './hdf';

/**
 * MITRE SAF threshold files (`saf validate threshold -T FILE`) applied to a snapshot, with the answer
 * `saf validate threshold` gives for the snapshot's HDF export: the same counts (each control's HDF
 * status, hdf.ts), the same compliance (passed / (passed + failed + not reviewed + profile error),
 * rounded to a whole percent) and the same checks in the same order, stopping at the first unmet one.
 *
 *   compliance: { min: 80 }
 *   passed: { total: { min: 10 }, critical: { min: 1 } }
 *   failed: { critical: { max: 0 }, high: { max: 2, controls: [S2.NETPOL] } }
 *
 * A flattened file (`compliance.min: 80`, `failed.critical.max: 0`) means the same.
 */

const STATUS_KEYS = ['passed', 'failed', 'skipped', 'no_impact', 'error'] as const;
type StatusKey = (typeof STATUS_KEYS)[number];
const SEVERITY_KEYS = ['critical', 'high', 'medium', 'low', 'none'] as const;
/** The order SAF checks statuses in per severity (its totals go in STATUS_KEYS order). */
const SEVERITY_CHECK_ORDER: readonly StatusKey[] = ['passed', 'failed', 'skipped', 'error', 'no_impact'];

const HDF_STATUS_OF: Record<StatusKey, HdfControlStatus> = { passed: 'Passed', failed: 'Failed', skipped: 'Not Reviewed', no_impact: 'Not Applicable', error: 'Profile Error' };

const bound = z.object({ min: z.number().optional(), max: z.number().optional() }).strict();
const bySeverity = bound.extend({ controls: z.array(z.string()).optional() }).strict();
const statusThreshold = z
  .object({
    total: z.union([z.number(), bound]).optional(),
    ...Object.fromEntries(SEVERITY_KEYS.map((severity) => [severity, bySeverity.optional()])),
  })
  .strict();

export const safThresholdSchema = z
  .object({
    compliance: bound.optional(),
    ...Object.fromEntries(STATUS_KEYS.map((status) => [status, statusThreshold.optional()])),
  })
  .strict();

type Bound = z.infer<typeof bound>;
type BySeverity = z.infer<typeof bySeverity>;
export interface SafThreshold {
  compliance?: Bound;
  passed?: StatusThreshold;
  failed?: StatusThreshold;
  skipped?: StatusThreshold;
  no_impact?: StatusThreshold;
  error?: StatusThreshold;
}
type StatusThreshold = { total?: number | Bound } & Partial<Record<(typeof SEVERITY_KEYS)[number], BySeverity>>;

/** `{'failed.critical.max': 0}` → `{failed: {critical: {max: 0}}}`, as SAF reads a flattened file. */
function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(flat)) {
    const [left = '', middle = '', right] = key.split('.');
    nested[left] ??= {};
    nested[left][middle] = right === undefined ? value : { ...(nested[left][middle] as object | undefined), [right]: value };
  }
  return nested;
}

/** Parses a SAF threshold file; throws with the field at fault. */
export function parseSafThreshold(text: string): SafThreshold {
  const raw: unknown = parseYaml(text);
  const isFlat = typeof raw === 'object' && raw !== null && Object.values(raw).every((value) => typeof value === 'number');
  const parsed = safThresholdSchema.safeParse(isFlat ? unflatten(raw as Record<string, unknown>) : raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data as SafThreshold;
}

export interface ThresholdControl {
  id: string;
  status: ControlStatus;
  severity: Severity;
}

export interface ThresholdVerdict {
  isMet: boolean;
  /** SAF's own words: `All validation tests passed`, or the first threshold not met */
  message: string;
  compliance: number;
}

function countOf(controls: ThresholdControl[], status: StatusKey, severity?: string): number {
  return controls.filter((control) => HDF_CONTROL_STATUS[control.status] === HDF_STATUS_OF[status] && (severity === undefined || control.severity === severity)).length;
}

/** The compliance SAF computes: a whole percent, 0 when nothing counts. */
export function safCompliance(controls: ThresholdControl[]): number {
  const counted = controls.filter((control) => HDF_CONTROL_STATUS[control.status] !== 'Not Applicable');
  const passed = countOf(controls, 'passed');
  return counted.length === 0 ? 0 : Math.round((100 * passed) / counted.length);
}

/** Every check of the threshold, in SAF's order; the first unmet one decides. */
export function evaluateSafThreshold(controls: ThresholdControl[], threshold: SafThreshold): ThresholdVerdict {
  const compliance = safCompliance(controls);
  const unmet = (message: string): ThresholdVerdict => ({ isMet: false, message, compliance });
  // SAF skips a limit of 0 here (it tests `min && …`)
  if (threshold.compliance?.min && compliance < threshold.compliance.min) return unmet('Overall compliance minimum was not satisfied');
  if (threshold.compliance?.max && compliance > threshold.compliance.max) return unmet('Overall compliance maximum was not satisfied');

  for (const status of STATUS_KEYS) {
    const total = threshold[status]?.total;
    if (typeof total === 'number' && countOf(controls, status) !== total) {
      return unmet(`${status}.total: Threshold not met. Number of received total ${status} controls (${countOf(controls, status)}) is not equal to your set threshold for the number of ${status} controls (${total})`);
    }
  }
  for (const side of ['min', 'max'] as const) {
    for (const status of STATUS_KEYS.filter((key) => key !== 'no_impact')) {
      const total = threshold[status]?.total;
      const limit = typeof total === 'object' ? total[side] : undefined;
      const count = countOf(controls, status);
      if (limit !== undefined && (side === 'min' ? count < limit : count > limit)) {
        return unmet(`${status}.total.${side}: Threshold not met. Number of received total ${status} controls (${count}) is ${side === 'min' ? 'less' : 'greater'} than your set threshold for the number of ${status} controls (${limit})`);
      }
    }
  }
  for (const severity of SEVERITY_KEYS) {
    for (const status of severity === 'none' ? (['no_impact'] as const) : SEVERITY_CHECK_ORDER) {
      for (const side of ['min', 'max'] as const) {
        const limit = threshold[status]?.[severity]?.[side];
        const count = countOf(controls, status, severity);
        if (limit !== undefined && (side === 'min' ? count < limit : count > limit)) {
          return unmet(`${status}.${severity}.${side}: Threshold not met. Number of received total ${status} controls (${count}) is ${side === 'min' ? 'less' : 'greater'} than your set threshold for the number of ${status} controls (${limit})`);
        }
      }
    }
  }
  for (const severity of SEVERITY_KEYS) {
    for (const status of SEVERITY_CHECK_ORDER) {
      const expected = threshold[status]?.[severity]?.controls;
      if (expected === undefined) continue;
      const actual = controls.filter((control) => HDF_CONTROL_STATUS[control.status] === HDF_STATUS_OF[status] && control.severity === severity).map((control) => control.id);
      const missing = expected.find((id) => !actual.includes(id));
      if (missing !== undefined) return unmet(`Expected ${status}.${severity}.controls to contain ${missing} controls but it only contained [${actual.join(', ')}]`);
      if (expected.length !== actual.length) return unmet(`Expected ${status}.${severity}.controls to contain ${expected.length} controls but it contained ${actual.length}`);
    }
  }
  return { isMet: true, message: 'All validation tests passed', compliance };
}
