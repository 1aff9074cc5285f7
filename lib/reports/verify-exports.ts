import { z } from 'zod';
import { POAM_STATUSES } from './poam';
import type { SealedSnapshot } from './seal';

/**
 * The interoperability exports of an evidence bundle (results.hdf.json, poam.json) checked against
 * the sealed results, for verify-bundle.ts: each must name the bundle's snapshot and say what its
 * results say. Bundles made before these exports existed do not have them, so an absent file is not
 * a problem; a present one must agree.
 */

type Problem = (path: string, what: string) => void;

const decoder = new TextDecoder('utf-8');
const propsSchema = z.array(z.object({ name: z.string(), value: z.string() })).default([]);
const propOf = (props: { name: string; value: string }[], name: string) => props.find((prop) => prop.name === name)?.value;

const hdfSubsetSchema = z.object({
  passthrough: z.object({ refmap: z.object({ snapshotId: z.string() }) }),
  profiles: z.array(z.object({ controls: z.array(z.object({ id: z.string(), tags: z.object({ refmap_status: z.string() }) })) })).length(1),
});

const poamSubsetSchema = z.object({
  'plan-of-action-and-milestones': z.object({
    metadata: z.object({ props: propsSchema }),
    'poam-items': z.array(z.object({ props: propsSchema })),
  }),
});

function parse<T>(schema: z.ZodType<T>, data: Uint8Array): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(decoder.decode(data)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `[control id, status]` pairs, sorted, for comparing an export's verdicts with the sealed ones. */
function verdicts(pairs: [string, string][]): string {
  return pairs
    .map(([id, status]) => `${id}=${status}`)
    .sort()
    .join(',');
}

export function checkHdf(path: string, data: Uint8Array, sealed: SealedSnapshot, problem: Problem): void {
  const hdf = parse(hdfSubsetSchema, data);
  if (hdf === null) {
    problem(path, 'is not a Refmap HDF document');
    return;
  }
  if (hdf.passthrough.refmap.snapshotId !== sealed.id) problem(path, `names snapshot ${hdf.passthrough.refmap.snapshotId}, not ${sealed.id}`);
  const exported = verdicts(hdf.profiles[0]!.controls.map((control) => [control.id, control.tags.refmap_status]));
  if (exported !== verdicts(sealed.results.map((result) => [result.controlId, result.status]))) problem(path, 'its controls or their statuses differ from the sealed results in snapshot.json');
}

export function checkPoam(path: string, data: Uint8Array, sealed: SealedSnapshot, problem: Problem): void {
  const poam = parse(poamSubsetSchema, data)?.['plan-of-action-and-milestones'];
  if (poam === undefined) {
    problem(path, 'is not a Refmap OSCAL POA&M');
    return;
  }
  const snapshotId = propOf(poam.metadata.props, 'snapshot-id');
  if (snapshotId !== sealed.id) problem(path, `names snapshot ${snapshotId ?? 'none'}, not ${sealed.id}`);
  const exported = verdicts(poam['poam-items'].map((item) => [propOf(item.props, 'control-id') ?? '?', propOf(item.props, 'status') ?? '?']));
  const open = sealed.results.filter((result) => (POAM_STATUSES as readonly string[]).includes(result.status));
  if (exported !== verdicts(open.map((result) => [result.controlId, result.status]))) problem(path, 'its items differ from the failing, partly met and unknown controls of snapshot.json');
}
