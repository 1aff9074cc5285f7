import { createHash } from 'node:crypto';
import type { ReportCheck, ReportControl, ReportModel } from './report-model';

/**
 * What Refmap's OSCAL documents share (assessment results in oscal.ts, the POA&M in poam.ts): stable
 * UUIDs, props, one observation per piece of evidence, and the evidence bodies and the snapshot
 * manifest as hashed back-matter resources pointing at the files of the evidence bundle.
 */

const OSCAL_VERSION = '1.1.2';
/** Namespace of Refmap's own props (OSCAL props without `ns` are NIST-defined names). */
export const REFMAP_OSCAL_NS = 'urn:refmap:oscal';
/** The UUID v5 namespace of every UUID Refmap derives. */
const REFMAP_UUID_NAMESPACE = '6d2fef5d-5aec-4959-b327-6d0c610ba69b';

export interface OscalProp {
  name: string;
  value: string;
  ns?: string;
}

interface OscalHash {
  algorithm: 'SHA-256';
  value: string;
}

export interface OscalResource {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProp[];
  rlinks?: { href: string; 'media-type': string; hashes: OscalHash[] }[];
}

interface OscalSubject {
  'subject-uuid': string;
  type: 'inventory-item';
  title: string;
  props?: OscalProp[];
}

export interface OscalObservation {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProp[];
  methods: ('TEST' | 'EXAMINE')[];
  types: ['control-objective'];
  origins: { actors: { type: 'tool'; 'actor-uuid': string }[] }[];
  subjects?: OscalSubject[];
  'relevant-evidence': { href: string; description: string; props?: OscalProp[] }[];
  collected: string;
}

/**
 * A name-based UUID (RFC 4122 version 5: SHA-1 of namespace and name), so that exports are stable.
 * @example uuidV5('finding/0199…/S5.NON-ROOT') // the same UUID on every export
 */
export function uuidV5(name: string, namespace: string = REFMAP_UUID_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replaceAll('-', ''), 'hex')).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** OSCAL prop values are single-line, without surrounding whitespace, and never empty. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * Control ids as OSCAL tokens, which must start with a letter or `_`: a custom catalog may use an id
 * like `1.X`, exported as `_1.X` (the id as written stays in the `control-id` prop).
 * @example toToken('S5.NON-ROOT') // 'S5.NON-ROOT'
 */
export function toToken(id: string): string {
  const cleaned = id.replace(/[^\p{L}\p{N}._-]/gu, '_');
  return /^(\p{L}|_)/u.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** Refmap props; empty values are left out rather than invented, and so is an empty list (OSCAL lists have at least one item). */
export function props(entries: [name: string, value: string | number | null | undefined][]): OscalProp[] | undefined {
  const list = entries.flatMap(([name, value]) => {
    const text = value === null || value === undefined ? '' : oneLine(String(value));
    return text === '' ? [] : [{ name, ns: REFMAP_OSCAL_NS, value: text }];
  });
  return list.length === 0 ? undefined : list;
}

/** Sources read over their live APIs are tests; derived verdicts and attestations examine other material. */
function methodOf(source: string): 'TEST' | 'EXAMINE' {
  return source === 'derived' || source === 'attestation' ? 'EXAMINE' : 'TEST';
}

export interface Ids {
  snapshotId: string;
  tool: string;
  evidenceResource(bodySha256: string): string;
  inventoryItem(object: string): string;
}

export function buildObservation(control: ReportControl, check: ReportCheck, ids: Ids): OscalObservation {
  const subjects = check.offenders.map((offender) => ({
    'subject-uuid': ids.inventoryItem(offender.object),
    type: 'inventory-item' as const,
    title: oneLine(offender.object) || 'unnamed object',
    props: props([
      ['reason', offender.reason],
      ['container', offender.container],
    ]),
  }));
  const rule = check.rule === '' ? '' : `\n\nRule: ${check.rule}`;
  return {
    uuid: uuidV5(`observation/${ids.snapshotId}/${control.id}/${check.id}/${check.sha256}`),
    title: `${control.id} / ${check.id}`,
    description: `${check.summary}\n\nQuery (${check.source}): ${check.query}${rule}`,
    props: props([
      ['control-id', control.id],
      ['check-id', check.id],
      ['status', check.status],
      ['source', check.source],
      ['evidence-sha256', check.sha256],
      ['offenders-total', check.totalOffenders > 0 ? check.totalOffenders : null],
      ['offenders-listed', check.totalOffenders > 0 ? check.offenders.length : null],
    ]),
    methods: [methodOf(check.source)],
    types: ['control-objective'],
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': ids.tool }] }],
    ...(subjects.length > 0 ? { subjects } : {}),
    'relevant-evidence': [
      {
        href: `#${ids.evidenceResource(check.bodySha256)}`,
        description: `The evidence body as stored (canonical JSON, SHA-256 ${check.bodySha256}); with the observation time it hashes to ${check.sha256}.`,
        props: props([['evidence-sha256', check.sha256]]),
      },
    ],
    collected: check.observedAt,
  };
}

/** The UUIDs of one snapshot's OSCAL objects: the same snapshot always gets the same ones. */
export function oscalIds(snapshotId: string): Ids {
  return {
    snapshotId,
    // Refmap as the assessing tool: one identity across every export
    tool: uuidV5('component/refmap'),
    evidenceResource: (bodySha256) => uuidV5(`resource/${snapshotId}/evidence/${bodySha256}`),
    inventoryItem: (object) => uuidV5(`inventory-item/${snapshotId}/${object}`),
  };
}

/** Refmap as the tool behind every observation and finding. */
export function refmapComponent(model: ReportModel, ids: Ids) {
  return {
    uuid: ids.tool,
    type: 'software' as const,
    title: 'Refmap',
    description: 'Collects live evidence from the platform and evaluates each control of the Reference Design catalog.',
    props: props([['version', model.snapshot.refmapVersion]]),
    status: { state: 'operational' as const },
  };
}

/** Each object a check named as offending, once, for observations to name as their subjects. */
export function inventoryItems(controls: readonly ReportControl[], ids: Ids): { uuid: string; description: string; props?: OscalProp[] }[] {
  const objects = [...new Set(controls.flatMap((control) => control.checks.flatMap((check) => check.offenders.map((offender) => offender.object))))].sort();
  return objects.map((object) => ({
    uuid: ids.inventoryItem(object),
    description: `${oneLine(object) || 'unnamed object'}: named as an offending object by a check of this snapshot`,
    props: props([['object', object]]),
  }));
}

/** The evidence bodies the observations of `controls` point at, and the manifest that seals the snapshot. */
export function evidenceAndManifestResources(model: ReportModel, controls: readonly ReportControl[], ids: Ids): OscalResource[] {
  const { snapshot } = model;
  const bodyUses = new Map<string, string[]>();
  for (const control of controls) {
    for (const check of control.checks) bodyUses.set(check.bodySha256, [...(bodyUses.get(check.bodySha256) ?? []), `${control.id}/${check.id}`]);
  }
  const evidenceResources: OscalResource[] = [...bodyUses].map(([bodySha256, uses]) => ({
    uuid: ids.evidenceResource(bodySha256),
    title: `Evidence body ${uses.join(', ')}`,
    description: 'What the check saw, without the time it saw it: canonical JSON of {checkId, source, query, status, summary, excerpt}, stored once by its SHA-256.',
    rlinks: [{ href: `evidence/${bodySha256}.json`, 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: bodySha256 }] }],
  }));
  if (snapshot.manifestHash === null) return evidenceResources;
  const manifest: OscalResource = {
    uuid: uuidV5(`resource/${snapshot.id}/manifest`),
    title: `Snapshot manifest, chain position #${snapshot.sequence}`,
    description:
      'The snapshot manifest (canonical JSON): cluster, time, versions, score, source errors, the previous manifest hash of the cluster’s chain and every result hash. Its SHA-256 is the manifest hash that seals the snapshot.',
    props: props([
      ['chain-sequence', snapshot.sequence],
      ['previous-manifest-hash', snapshot.previousManifestHash],
      ['signed', snapshot.signature === null ? 'no' : 'ed25519'],
    ]),
    rlinks: [{ href: 'manifest.json', 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: snapshot.manifestHash }] }],
  };
  return [manifest, ...evidenceResources];
}

/** The metadata of every Refmap OSCAL document: which snapshot, its seal, who downloaded it and when. */
export function documentMetadata(model: ReportModel, title: string): { title: string; 'last-modified': string; version: string; 'oscal-version': string; props?: OscalProp[] } {
  return {
    title,
    'last-modified': model.download.at,
    version: model.download.refmapVersion,
    'oscal-version': OSCAL_VERSION,
    props: props([
      ['cluster', model.snapshot.cluster],
      ['snapshot-id', model.snapshot.id],
      ['manifest-hash', model.snapshot.manifestHash],
      ['downloaded-by', `${model.download.by.name} (${model.download.by.sub})`],
    ]),
  };
}
