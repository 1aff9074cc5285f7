import { createHash } from 'node:crypto';
import { NIST_CATALOG_SOURCE } from '@/lib/catalog/nist';
import type { ControlStatus } from '@/lib/evaluate/types';
import type { ReportCheck, ReportControl, ReportModel } from './report-model';

/**
 * oscal.json: the snapshot as an OSCAL 1.1.2 assessment-results document (NIST's schema is in
 * lib/reports/oscal/). One result per snapshot; one finding per control, targeting the control id as
 * an objective; one observation per piece of evidence (collected = observed at); evidence bodies
 * and the snapshot manifest as back-matter resources whose rlinks carry their SHA-256 and point at
 * the files of the evidence bundle. Every UUID is derived from the snapshot (UUID v5), so the same
 * snapshot always exports the same document except the download metadata (metadata.last-modified
 * and the downloaded-by property).
 */

export const OSCAL_VERSION = '1.1.2';
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

interface OscalResource {
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

export interface OscalFinding {
  uuid: string;
  title: string;
  description: string;
  props?: OscalProp[];
  origins: { actors: { type: 'tool'; 'actor-uuid': string }[] }[];
  target: {
    type: 'objective-id';
    'target-id': string;
    title: string;
    description: string;
    props?: OscalProp[];
    status: { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other'; remarks?: string };
    'implementation-status'?: { state: 'partial' | 'not-applicable' };
  };
  'related-observations'?: { 'observation-uuid': string }[];
}

export interface OscalAssessmentResults {
  'assessment-results': {
    uuid: string;
    metadata: { title: string; 'last-modified': string; version: string; 'oscal-version': string; props?: OscalProp[] };
    'import-ap': { href: string; remarks: string };
    results: {
      uuid: string;
      title: string;
      description: string;
      start: string;
      end: string;
      props?: OscalProp[];
      'local-definitions': {
        components: { uuid: string; type: 'software'; title: string; description: string; props?: OscalProp[]; status: { state: 'operational' } }[];
        'inventory-items'?: { uuid: string; description: string; props?: OscalProp[] }[];
      };
      'reviewed-controls': {
        description: string;
        'control-selections': ({ description: string; 'include-controls': { 'control-id': string }[] } | { 'include-all': Record<string, never> })[];
        'control-objective-selections'?: { description: string; 'include-objectives': { 'objective-id': string }[] }[];
      };
      observations?: OscalObservation[];
      findings?: OscalFinding[];
    }[];
    'back-matter': { resources: OscalResource[] };
  };
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
function oneLine(value: string): string {
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
function props(entries: [name: string, value: string | number | null | undefined][]): OscalProp[] | undefined {
  const list = entries.flatMap(([name, value]) => {
    const text = value === null || value === undefined ? '' : oneLine(String(value));
    return text === '' ? [] : [{ name, ns: REFMAP_OSCAL_NS, value: text }];
  });
  return list.length === 0 ? undefined : list;
}

const FINDING_STATUS: Record<ControlStatus, { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other'; implementation?: 'partial' | 'not-applicable'; remarks?: string }> = {
  pass: { state: 'satisfied', reason: 'pass' },
  fail: { state: 'not-satisfied', reason: 'fail' },
  warn: { state: 'not-satisfied', reason: 'other', implementation: 'partial', remarks: 'Refmap status warn: partly met; see the observations.' },
  unknown: { state: 'not-satisfied', reason: 'other', remarks: 'Refmap status unknown: the evidence could not be collected, so the objective is not shown to be satisfied.' },
  manual: { state: 'not-satisfied', reason: 'other', remarks: 'Refmap status manual: not observable in the cluster; it needs a manual attestation.' },
  'not-applicable': { state: 'satisfied', reason: 'other', implementation: 'not-applicable', remarks: 'Refmap status not-applicable: excluded from scoring.' },
};

/** Sources read over their live APIs are tests; derived verdicts and attestations examine other material. */
function methodOf(source: string): 'TEST' | 'EXAMINE' {
  return source === 'derived' || source === 'attestation' ? 'EXAMINE' : 'TEST';
}

interface Ids {
  snapshotId: string;
  tool: string;
  evidenceResource(bodySha256: string): string;
  inventoryItem(object: string): string;
}

function buildObservation(control: ReportControl, check: ReportCheck, ids: Ids): OscalObservation {
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

function buildFinding(control: ReportControl, observations: OscalObservation[], ids: Ids): OscalFinding {
  const status = FINDING_STATUS[control.status];
  return {
    uuid: uuidV5(`finding/${ids.snapshotId}/${control.id}`),
    title: `${control.id}: ${control.title}`,
    description: control.summary,
    props: props([
      ['control-id', control.id],
      ['status', control.status],
      ['section', control.sectionId],
      ['group', control.group],
      ['severity', control.nist.severity],
      // the NIST SP 800-53 rev5 controls this finding gives evidence for, as listed in reviewed-controls
      ...control.nist.nist.map((item): [string, string] => ['nist-sp800-53-control', item.oscalId]),
      ['result-hash', control.resultHash],
      // sign-offs in force when the snapshot was taken (Refmap's attestations and waivers, not OSCAL's assessor attestations)
      ['active-attestations', countActive(control.attestations)],
      ['active-waivers', countActive(control.waivers)],
    ]),
    origins: [{ actors: [{ type: 'tool', 'actor-uuid': ids.tool }] }],
    target: {
      type: 'objective-id',
      'target-id': toToken(control.id),
      title: control.title,
      description: control.requirement,
      props: props([['status', control.status]]),
      status: { state: status.state, reason: status.reason, ...(status.remarks ? { remarks: status.remarks } : {}) },
      ...(status.implementation ? { 'implementation-status': { state: status.implementation } } : {}),
    },
    ...(observations.length > 0 ? { 'related-observations': observations.map((observation) => ({ 'observation-uuid': observation.uuid })) } : {}),
  };
}

function countActive(signOffs: { state: string }[]): number | null {
  const count = signOffs.filter((item) => item.state === 'active').length;
  return count === 0 ? null : count;
}

function endOf(takenAt: string, durationMs: number): string {
  return new Date(new Date(takenAt).getTime() + durationMs).toISOString();
}

/**
 * The NIST SP 800-53 rev5 controls the snapshot's controls give evidence for (the controls of an SSP
 * this result can be rolled into), and Refmap's own controls as the objectives the findings target.
 */
function reviewedControls(model: ReportModel): OscalAssessmentResults['assessment-results']['results'][number]['reviewed-controls'] {
  const nistIds = [...new Set(model.controls.flatMap((control) => control.nist.nist.map((item) => item.oscalId)))].sort();
  return {
    description: 'The NIST SP 800-53 rev5 controls that the catalog’s controls give evidence for, and every control of the catalog evaluated in this snapshot as an assessment objective.',
    'control-selections': [
      nistIds.length > 0
        ? { description: `NIST SP 800-53 rev5 (${NIST_CATALOG_SOURCE.title}, ${NIST_CATALOG_SOURCE.version})`, 'include-controls': nistIds.map((id) => ({ 'control-id': id })) }
        : { 'include-all': {} },
    ],
    ...(model.controls.length > 0
      ? { 'control-objective-selections': [{ description: 'Refmap catalog controls, the targets of the findings', 'include-objectives': model.controls.map((control) => ({ 'objective-id': toToken(control.id) })) }] }
      : {}),
  };
}

/** The assessment-results document of one snapshot. */
export function buildOscalAssessmentResults(model: ReportModel): OscalAssessmentResults {
  const { snapshot } = model;
  const ids: Ids = {
    snapshotId: snapshot.id,
    // Refmap as the assessing tool: one identity across every export
    tool: uuidV5('component/refmap'),
    evidenceResource: (bodySha256) => uuidV5(`resource/${snapshot.id}/evidence/${bodySha256}`),
    inventoryItem: (object) => uuidV5(`inventory-item/${snapshot.id}/${object}`),
  };
  const assessmentPlan = uuidV5(`resource/${snapshot.id}/assessment-plan`);

  const observations: OscalObservation[] = [];
  const findings = model.controls.map((control) => {
    const own = control.checks.map((check) => buildObservation(control, check, ids));
    observations.push(...own);
    return buildFinding(control, own, ids);
  });

  const offenderObjects = [...new Set(model.controls.flatMap((control) => control.checks.flatMap((check) => check.offenders.map((offender) => offender.object))))].sort();
  const inventoryItems = offenderObjects.map((object) => ({
    uuid: ids.inventoryItem(object),
    description: `${oneLine(object) || 'unnamed object'}: named as an offending object by a check of this snapshot`,
    props: props([['object', object]]),
  }));

  const bodyUses = new Map<string, string[]>();
  for (const control of model.controls) {
    for (const check of control.checks) bodyUses.set(check.bodySha256, [...(bodyUses.get(check.bodySha256) ?? []), `${control.id}/${check.id}`]);
  }
  const evidenceResources: OscalResource[] = [...bodyUses].map(([bodySha256, uses]) => ({
    uuid: ids.evidenceResource(bodySha256),
    title: `Evidence body ${uses.join(', ')}`,
    description: 'What the check saw, without the time it saw it: canonical JSON of {checkId, source, query, status, summary, excerpt}, stored once by its SHA-256.',
    rlinks: [{ href: `evidence/${bodySha256}.json`, 'media-type': 'application/json', hashes: [{ algorithm: 'SHA-256', value: bodySha256 }] }],
  }));

  const manifestResources: OscalResource[] =
    snapshot.manifestHash === null
      ? []
      : [
          {
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
          },
        ];

  return {
    'assessment-results': {
      uuid: uuidV5(`assessment-results/${snapshot.id}`),
      metadata: {
        title: `Refmap assessment results: cluster ${snapshot.cluster}, snapshot of ${snapshot.takenAt}`,
        'last-modified': model.download.at,
        version: model.download.refmapVersion,
        'oscal-version': OSCAL_VERSION,
        props: props([
          ['cluster', snapshot.cluster],
          ['snapshot-id', snapshot.id],
          ['manifest-hash', snapshot.manifestHash],
          ['downloaded-by', `${model.download.by.name} (${model.download.by.sub})`],
        ]),
      },
      'import-ap': {
        href: `#${assessmentPlan}`,
        remarks: 'There is no separate assessment plan: Refmap assesses continuously, evaluating every control of its catalog against the live cluster at each snapshot.',
      },
      results: [
        {
          uuid: uuidV5(`result/${snapshot.id}`),
          title: `Snapshot ${snapshot.id} of cluster ${snapshot.cluster}`,
          description:
            'Automated assessment of the DoD Enterprise DevSecOps Reference Design: CNCF Kubernetes (v2.0), as Compliant Kubernetes maps it, from live evidence read from the cluster’s Prometheus, OpenSearch, Harbor and Kubernetes API.',
          start: snapshot.takenAt,
          end: endOf(snapshot.takenAt, snapshot.durationMs),
          props: props([
            ['score', snapshot.score === null ? null : snapshot.score.toFixed(4)],
            ['catalog-version', snapshot.catalogVersion],
            ['collected-by-refmap-version', snapshot.refmapVersion],
            ['chain-sequence', snapshot.sequence],
            ...snapshot.sourceErrors.map((error): [string, string] => ['source-error', `${error.source} (${error.kind}): ${error.message}`]),
          ]),
          'local-definitions': {
            components: [
              {
                uuid: ids.tool,
                type: 'software',
                title: 'Refmap',
                description: 'Collects live evidence from the platform and evaluates each control of the Reference Design catalog.',
                props: props([['version', snapshot.refmapVersion]]),
                status: { state: 'operational' },
              },
            ],
            ...(inventoryItems.length > 0 ? { 'inventory-items': inventoryItems } : {}),
          },
          'reviewed-controls': reviewedControls(model),
          ...(observations.length > 0 ? { observations } : {}),
          ...(findings.length > 0 ? { findings } : {}),
        },
      ],
      'back-matter': {
        resources: [
          {
            uuid: assessmentPlan,
            title: 'Assessment plan: continuous automated assessment',
            description: 'Refmap has no assessment plan document. The plan is its catalog: each control with its checks, the exact queries and the pass rules, evaluated at every snapshot.',
            props: props([['catalog-version', snapshot.catalogVersion]]),
          },
          ...manifestResources,
          ...evidenceResources,
        ],
      },
    },
  };
}

export function renderOscalJson(model: ReportModel): string {
  return `${JSON.stringify(buildOscalAssessmentResults(model), null, 2)}\n`;
}
