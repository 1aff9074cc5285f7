import type { IsmPolicySummary } from '@/lib/sources/types';
import type { RawIsmPolicy } from './schemas';

const DAY_MS = 86_400_000;
// OpenSearch time units (TimeValue), in milliseconds
const UNIT_MS: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS };

/**
 * An OpenSearch duration such as `30d`, `720h` or `90m` in days (fractions kept); undefined when unreadable.
 * @example durationToDays('36h') // 1.5
 */
export function durationToDays(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(nanos|micros|ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return undefined;
  return (Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN)) / DAY_MS;
}

function hasDeleteAction(state: RawIsmPolicy['states'][number]): boolean {
  return (state.actions ?? []).some((action) => 'delete' in action);
}

/**
 * The age at which the policy deletes an index: the min_index_age of a transition into a state that
 * deletes. With several such transitions the smallest wins, because that is when data is lost first.
 */
function deleteAfterDays(policy: RawIsmPolicy): number | undefined {
  const deletingStates = new Set(policy.states.filter(hasDeleteAction).map((state) => state.name));
  let smallest: number | undefined;
  for (const state of policy.states) {
    for (const transition of state.transitions ?? []) {
      if (!deletingStates.has(transition.state_name)) continue;
      const age = transition.conditions?.min_index_age;
      const days = age === undefined ? undefined : durationToDays(age);
      if (days !== undefined && (smallest === undefined || days < smallest)) smallest = days;
    }
  }
  return smallest;
}

export function toIsmPolicySummary(id: string, policy: RawIsmPolicy): IsmPolicySummary {
  const templates = Array.isArray(policy.ism_template) ? policy.ism_template : policy.ism_template ? [policy.ism_template] : [];
  return {
    id,
    indexPatterns: templates.flatMap((template) => template.index_patterns ?? []),
    states: policy.states.map((state) => state.name),
    deleteAfterDays: deleteAfterDays(policy),
  };
}
