import { NIST_CATALOG_SOURCE } from '@/lib/catalog/nist';
import type { ControlStatus } from '@/lib/evaluate/types';
import {
  buildObservation,
  documentMetadata,
  evidenceAndManifestResources,
  inventoryItems,
  oscalIds,
  props,
  refmapComponent,
  toToken,
  uuidV5,
  type Ids,
  type OscalObservation,
  type OscalProp,
  type OscalResource,
} from './oscal-common';
import type { ReportControl, ReportModel } from './report-model';

/**
 * oscal.json: the snapshot as an OSCAL 1.1.2 assessment-results document (NIST's schema is in
 * lib/reports/oscal/). One result per snapshot; one finding per control, targeting the control id as
 * an objective; one observation per piece of evidence (collected = observed at); evidence bodies
 * and the snapshot manifest as back-matter resources whose rlinks carry their SHA-256 and point at
 * the files of the evidence bundle. Every UUID is derived from the snapshot (UUID v5), so the same
 * snapshot always exports the same document except the download metadata (metadata.last-modified
 * and the downloaded-by property).
 */

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

const FINDING_STATUS: Record<ControlStatus, { state: 'satisfied' | 'not-satisfied'; reason: 'pass' | 'fail' | 'other'; implementation?: 'partial' | 'not-applicable'; remarks?: string }> = {
  pass: { state: 'satisfied', reason: 'pass' },
  fail: { state: 'not-satisfied', reason: 'fail' },
  warn: { state: 'not-satisfied', reason: 'other', implementation: 'partial', remarks: 'Refmap status warn: partly met; see the observations.' },
  unknown: { state: 'not-satisfied', reason: 'other', remarks: 'Refmap status unknown: the evidence could not be collected, so the objective is not shown to be satisfied.' },
  manual: { state: 'not-satisfied', reason: 'other', remarks: 'Refmap status manual: not observable in the cluster; it needs a manual attestation.' },
  'not-applicable': { state: 'satisfied', reason: 'other', implementation: 'not-applicable', remarks: 'Refmap status not-applicable: excluded from scoring.' },
};

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
  const ids = oscalIds(snapshot.id);
  const assessmentPlan = uuidV5(`resource/${snapshot.id}/assessment-plan`);

  const observations: OscalObservation[] = [];
  const findings = model.controls.map((control) => {
    const own = control.checks.map((check) => buildObservation(control, check, ids));
    observations.push(...own);
    return buildFinding(control, own, ids);
  });
  const items = inventoryItems(model.controls, ids);

  return {
    'assessment-results': {
      uuid: uuidV5(`assessment-results/${snapshot.id}`),
      metadata: documentMetadata(model, `Refmap assessment results: cluster ${snapshot.cluster}, snapshot of ${snapshot.takenAt}`),
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
            components: [refmapComponent(model, ids)],
            ...(items.length > 0 ? { 'inventory-items': items } : {}),
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
          ...evidenceAndManifestResources(model, model.controls, ids),
        ],
      },
    },
  };
}

export function renderOscalJson(model: ReportModel): string {
  return `${JSON.stringify(buildOscalAssessmentResults(model), null, 2)}\n`;
}
