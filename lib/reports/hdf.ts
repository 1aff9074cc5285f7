import { createHash } from 'node:crypto';
import type { Severity } from '@/lib/catalog/nist';
import type { ControlStatus } from '@/lib/evaluate/types';
import type { ReportCheck, ReportControl, ReportModel } from './report-model';

/**
 * results.hdf.json: the snapshot in MITRE's Heimdall Data Format (HDF, the InSpec exec-json shape),
 * for Heimdall, the SAF CLI (to CSV, to a DISA STIG Viewer checklist, thresholds) and eMASS tooling.
 * One profile per snapshot; one control per Refmap control with its NIST SP 800-53 tags and an
 * impact from its severity; one result per check.
 *
 * HDF tools compute a control's status from its results and impact (inspecjs): any `error` →
 * Profile Error, impact 0 → Not Applicable, any `failed` → Failed, any `passed` → Passed, only
 * `skipped` → Not Reviewed. Results are written so that this gives back Refmap's verdict
 * (HDF_CONTROL_STATUS): a check that could not be evaluated is an `error` only where it decided the
 * control, and is `skipped` where a failure or a not-applicable decision outranks it.
 */

export const HDF_IMPACT: Record<Severity, number> = { low: 0.3, medium: 0.5, high: 0.7, critical: 0.9 };

export type HdfControlStatus = 'Passed' | 'Failed' | 'Not Applicable' | 'Not Reviewed' | 'Profile Error';

/** How each Refmap status reads in Heimdall and the SAF CLI. warn is a failure there: partly met is not met. */
export const HDF_CONTROL_STATUS: Record<ControlStatus, HdfControlStatus> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Failed',
  unknown: 'Profile Error',
  manual: 'Not Reviewed',
  'not-applicable': 'Not Applicable',
};

type HdfResultStatus = 'passed' | 'failed' | 'skipped' | 'error';

export interface HdfResult {
  status: HdfResultStatus;
  code_desc: string;
  message?: string;
  skip_message?: string;
  start_time: string;
}

export interface HdfControl {
  id: string;
  title: string;
  desc: string;
  descriptions: { label: string; data: string }[];
  impact: number;
  refs: never[];
  tags: { nist: string[]; severity: Severity; [key: string]: string | string[] | number };
  code: string;
  source_location: { ref: string };
  results: HdfResult[];
  waiver_data?: { justification: string; expiration_date: string; run: true; skipped_due_to_waiver: false; message: string };
  attestation_data?: { control_id: string; explanation: string; frequency: string; status: 'passed'; updated: string; updated_by: string };
}

export interface HdfDocument {
  platform: { name: string; release: string; target_id: string };
  version: string;
  statistics: { duration: number };
  profiles: {
    name: string;
    title: string;
    version: string;
    maintainer: string;
    summary: string;
    sha256: string;
    status: 'loaded';
    supports: { 'platform-name': string }[];
    attributes: never[];
    groups: { id: string; title: string; controls: string[] }[];
    controls: HdfControl[];
  }[];
  passthrough: { refmap: Record<string, string | number | null> };
}

const DAY_MS = 24 * 60 * 60 * 1000;

function resultStatus(check: ControlStatus, control: ControlStatus): HdfResultStatus {
  if (control === 'manual') return 'skipped';
  switch (check) {
    case 'pass':
      return 'passed';
    case 'fail':
    case 'warn':
      return 'failed';
    case 'unknown':
      return control === 'unknown' ? 'error' : 'skipped';
    default:
      return 'skipped';
  }
}

/** The summary and the offending objects, one per line (HDF messages are plain text). */
function messageOf(check: ReportCheck): string {
  const offenders = check.offenders.map((offender) => `- ${offender.object}${offender.container ? ` (${offender.container})` : ''}: ${offender.reason}`);
  const more = check.totalOffenders > check.offenders.length ? [`… and ${check.totalOffenders - check.offenders.length} more`] : [];
  return [`${check.status}: ${check.summary}`, ...offenders, ...more].join('\n');
}

function buildResult(control: ReportControl, check: ReportCheck): HdfResult {
  const status = resultStatus(check.status, control.status);
  const base = { status, code_desc: `${check.id} (${check.source}): ${check.query}`, start_time: check.observedAt };
  return status === 'skipped' ? { ...base, skip_message: messageOf(check) } : { ...base, message: messageOf(check) };
}

/** A control without evidence (e.g. a manual one) still needs one result, or HDF tools call it a profile error. */
function verdictResult(control: ReportControl, takenAt: string): HdfResult {
  const status = resultStatus(control.status, control.status);
  const base = { status, code_desc: `${control.id}: Refmap verdict`, start_time: takenAt };
  return status === 'skipped' ? { ...base, skip_message: `${control.status}: ${control.summary}` } : { ...base, message: `${control.status}: ${control.summary}` };
}

function signOffData(control: ReportControl): Pick<HdfControl, 'waiver_data' | 'attestation_data'> {
  // newest first, as of the snapshot time: the one in force is the first active record
  const waiver = control.waivers.find((item) => item.state === 'active');
  const attestation = control.attestations.find((item) => item.state === 'active');
  const days = (from: string, to: string) => Math.max(1, Math.round((new Date(to).getTime() - new Date(from).getTime()) / DAY_MS));
  return {
    ...(waiver
      ? {
          // the verdict stays as collected: a waiver accepts the risk, it does not make the control pass
          waiver_data: { justification: waiver.reason, expiration_date: waiver.expiresAt.slice(0, 10), run: true, skipped_due_to_waiver: false, message: `Risk accepted by ${waiver.owner}: ${waiver.risk}` },
        }
      : {}),
    ...(attestation
      ? {
          attestation_data: {
            control_id: control.id,
            explanation: `${attestation.statement} (evidence: ${attestation.evidenceUrl}; owner: ${attestation.owner})`,
            // HDF tools read the frequency as how long the attestation lasts from `updated`
            frequency: `${days(attestation.createdAt, attestation.expiresAt)}d`,
            status: 'passed',
            updated: attestation.createdAt,
            updated_by: attestation.author.name,
          },
        }
      : {}),
  };
}

function buildControl(control: ReportControl, takenAt: string): HdfControl {
  const { nist } = control;
  const checks = control.checks.map((check) => buildResult(control, check));
  const rules = control.checks.filter((check) => check.rule !== '').map((check) => `${check.id}: ${check.rule}`);
  return {
    id: control.id,
    title: control.title,
    desc: control.requirement,
    descriptions: [
      { label: 'default', data: control.requirement },
      ...(control.implementation ? [{ label: 'rationale', data: control.implementation }] : []),
      ...(rules.length > 0 ? [{ label: 'check', data: rules.join('\n') }] : []),
      ...(control.remediation ? [{ label: 'fix', data: control.remediation }] : []),
    ],
    impact: control.status === 'not-applicable' ? 0 : HDF_IMPACT[nist.severity],
    refs: [],
    tags: {
      nist: nist.nist.length > 0 ? [...nist.nist.map((item) => item.id), 'Rev_5'] : [],
      severity: nist.severity,
      severity_reason: nist.severityReason,
      refmap_status: control.status,
      refmap_summary: control.summary,
      section: control.sectionId,
      ...(control.group ? { group: control.group } : {}),
    },
    code: '',
    source_location: { ref: 'Refmap catalog' },
    results: checks.length > 0 ? checks : [verdictResult(control, takenAt)],
    ...signOffData(control),
  };
}

/** The Kubernetes version the snapshot saw, when its version check recorded one. */
function kubernetesVersion(model: ReportModel): string {
  const excerpt = model.controls.find((control) => control.id === 'S2.K8S-VERSION')?.checks.find((check) => check.id === 'api-server-version')?.excerpt;
  return typeof excerpt?.gitVersion === 'string' ? excerpt.gitVersion : 'unknown';
}

/** The HDF document of one snapshot. The same snapshot always gives the same document except `passthrough.refmap.downloaded*`. */
export function buildHdf(model: ReportModel): HdfDocument {
  const { snapshot } = model;
  const controls = model.controls.map((control) => buildControl(control, snapshot.takenAt));
  const groups = model.sections
    .map((section) => ({ id: `section-${section.id}`, title: `Section ${section.id}: ${section.title}`, controls: model.controls.filter((control) => control.sectionId === section.id).map((control) => control.id) }))
    .filter((group) => group.controls.length > 0);
  return {
    platform: { name: 'kubernetes', release: kubernetesVersion(model), target_id: snapshot.cluster },
    version: snapshot.refmapVersion,
    statistics: { duration: snapshot.durationMs / 1000 },
    profiles: [
      {
        name: 'refmap-dod-devsecops-reference-design',
        title: `DoD Enterprise DevSecOps Reference Design (CNCF Kubernetes): cluster ${snapshot.cluster}, snapshot of ${snapshot.takenAt}`,
        version: snapshot.catalogVersion,
        maintainer: 'Refmap',
        summary: 'Controls of the DoD Enterprise DevSecOps Reference Design: CNCF Kubernetes (v2.0), as Compliant Kubernetes maps it, evaluated by Refmap from live evidence.',
        // identifies the catalog the results were evaluated against: its version and its controls
        sha256: createHash('sha256').update(`${snapshot.catalogVersion}\n${model.controls.map((control) => control.id).join('\n')}`).digest('hex'),
        status: 'loaded',
        supports: [{ 'platform-name': 'kubernetes' }],
        attributes: [],
        groups,
        controls,
      },
    ],
    passthrough: {
      refmap: {
        cluster: snapshot.cluster,
        snapshotId: snapshot.id,
        takenAt: snapshot.takenAt,
        manifestHash: snapshot.manifestHash,
        chainSequence: snapshot.sequence,
        score: snapshot.score,
        downloadedBy: `${model.download.by.name} (${model.download.by.sub})`,
        downloadedAt: model.download.at,
      },
    },
  };
}

export function renderHdfJson(model: ReportModel): string {
  return `${JSON.stringify(buildHdf(model), null, 2)}\n`;
}
