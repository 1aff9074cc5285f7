import 'server-only';
import { CONTROLS, SECTIONS } from '@/lib/catalog';
import { nistMappingOf, type NistMapping } from '@/lib/catalog/nist';
import type { ControlDefinition } from '@/lib/evaluate/types';
import { listAttestations, type AttestationView } from '@/lib/data/attestations';
import { readReportSnapshot, type ReportSnapshotData } from '@/lib/data/report-data';
import { listWaivers, type WaiverView } from '@/lib/data/waivers';
import type { Database } from '@/lib/db';
import type { JsonValue } from '@/lib/evaluate/canonical-json';
import { computeScore } from '@/lib/evaluate/score';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';
import { decodeEvidenceBody, type EvidenceBody } from '@/lib/snapshots/manifest';
import type { SourceFailure } from '@/lib/snapshots/store';
import { REFMAP_VERSION } from '@/lib/version';
import { checkSeal, type SealedSnapshot } from './seal';

/**
 * The one model every export is rendered from (pdf.ts, csv.ts, oscal.ts, bundle.ts): a snapshot read
 * once from the database, joined with the catalog's words for each control, plus who downloaded it.
 * Renderers are pure functions of this model, so the four formats always agree.
 */

export interface ReportRecipient {
  /** OIDC subject or `local:<name>` */
  sub: string;
  name: string;
  roles: readonly string[];
}

export interface ReportOffender {
  object: string;
  container?: string;
  reason: string;
}

export interface ReportCheck {
  id: string;
  source: string;
  /** the exact PromQL, API endpoint or derivation, as stored with the evidence */
  query: string;
  /** the pass rule from the catalog ('' when the catalog no longer has the check) */
  rule: string;
  status: ControlStatus;
  summary: string;
  observedAt: string;
  /** sha256 of the evidence with its observation time */
  sha256: string;
  /** the content address of the stored body (the bundle's evidence/<bodySha256>.json) */
  bodySha256: string;
  excerpt: { [key: string]: JsonValue };
  /** as stored: already capped by the check, in a stable order */
  offenders: ReportOffender[];
  totalOffenders: number;
}

export interface ReportControl {
  id: string;
  sectionId: string;
  group: string;
  title: string;
  requirement: string;
  implementation: string;
  remediation: string;
  /** not observable in a cluster: shown by attestation, not by checks */
  isManual: boolean;
  status: ControlStatus;
  summary: string;
  resultHash: string | null;
  checks: ReportCheck[];
  /** recorded by the snapshot time, newest first, each with its state at that time */
  attestations: AttestationView[];
  waivers: WaiverView[];
  /** severity and the NIST SP 800-53 controls it gives evidence for (lib/catalog/nist) */
  nist: NistMapping;
}

export type StatusCounts = Record<ControlStatus, number>;

export interface ReportSection {
  id: string;
  title: string;
  score: number | null;
  counts: StatusCounts;
}

export interface ReportIntegrity {
  /** every hash recomputed from the stored rows matched, the link to the predecessor holds, the signature verifies */
  isIntact: boolean;
  /** false for snapshots stored before sealing existed */
  isSealed: boolean;
  signature: 'valid' | 'invalid' | 'unsigned';
  problems: string[];
}

export interface ReportModel {
  snapshot: {
    id: string;
    cluster: string;
    takenAt: string;
    durationMs: number;
    catalogVersion: string;
    refmapVersion: string;
    score: number | null;
    sourceErrors: SourceFailure[];
    sequence: number | null;
    manifestHash: string | null;
    previousManifestHash: string | null;
    signature: string | null;
    publicKey: string | null;
  };
  /** the seal recomputed at download time */
  integrity: ReportIntegrity;
  /** Sections 1–5 in order, each with its score and status counts */
  sections: ReportSection[];
  /** in catalog order (controls the catalog no longer has come last, by id) */
  controls: ReportControl[];
  /** the rows the manifest hash is computed from: the bundle's snapshot.json */
  sealed: SealedSnapshot;
  /** stored evidence bodies by their sha256, byte for byte as in the database */
  evidenceBodies: ReadonlyMap<string, string>;
  download: { by: ReportRecipient; at: string; refmapVersion: string };
}

export interface ReportModelOptions {
  downloadedBy: ReportRecipient;
  downloadedAt?: Date;
  /** the catalog to take titles, requirements and rules from (default: the built-in one) */
  controls?: readonly ControlDefinition[];
}

function toStatus(value: string): ControlStatus {
  return (CONTROL_STATUSES as readonly string[]).includes(value) ? (value as ControlStatus) : 'unknown';
}

function emptyCounts(): StatusCounts {
  return Object.fromEntries(CONTROL_STATUSES.map((status) => [status, 0])) as StatusCounts;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Offenders as checks store them in their excerpt: `{offenders: [{object, reason, container?}], totalOffenders}`. */
function readOffenders(excerpt: { [key: string]: JsonValue }): { offenders: ReportOffender[]; total: number } {
  const list = Array.isArray(excerpt.offenders) ? excerpt.offenders : [];
  const offenders = list.filter(isObject).map((item) => ({
    object: String(item.object ?? ''),
    container: typeof item.container === 'string' ? item.container : undefined,
    reason: String(item.reason ?? ''),
  }));
  const total = typeof excerpt.totalOffenders === 'number' ? excerpt.totalOffenders : offenders.length;
  return { offenders, total };
}

/** A body that cannot be read still gets a page: the integrity section says what is wrong with it. */
function readBody(checkId: string, json: string): EvidenceBody {
  try {
    return decodeEvidenceBody(json);
  } catch {
    return { checkId, source: 'unreadable', query: 'unreadable', status: 'unknown', summary: 'The stored evidence body cannot be read: see the integrity check', excerpt: {} };
  }
}

function toSealed(data: ReportSnapshotData): SealedSnapshot {
  return {
    id: data.id,
    cluster: data.cluster,
    sequence: data.sequence,
    takenAt: data.takenAt.toISOString(),
    durationMs: data.durationMs,
    catalogVersion: data.catalogVersion,
    refmapVersion: data.refmapVersion,
    score: data.score,
    sourceErrors: data.rawSourceErrors,
    previousManifestHash: data.previousManifestHash,
    manifestHash: data.manifestHash,
    signature: data.signature,
    publicKey: data.publicKey,
    results: data.results.map((result) => ({
      controlId: result.controlId,
      sectionId: result.sectionId,
      status: result.status,
      summary: result.summary,
      resultHash: result.resultHash,
      evidence: result.evidence.map((item) => ({ checkId: item.checkId, observedAt: item.observedAt.toISOString(), sha256: item.sha256, bodySha256: item.bodySha256 })),
    })),
  };
}

function checkIntegrity(data: ReportSnapshotData, sealed: SealedSnapshot, bodies: ReadonlyMap<string, string>): ReportIntegrity {
  const seal = checkSeal(sealed, bodies);
  const problems = seal.problems.map((problem) => problem.what);
  if (data.sequence !== null && data.sequence > 1 && data.previousManifestHash !== data.predecessorManifestHash) {
    problems.push(`the link to chain position #${data.sequence - 1} is broken: this snapshot names a previous manifest hash that the chain does not have there`);
  }
  return {
    isIntact: problems.length === 0 && data.sequence !== null,
    isSealed: data.sequence !== null,
    signature: seal.isSignatureValid === null ? 'unsigned' : seal.isSignatureValid ? 'valid' : 'invalid',
    problems,
  };
}

/** Attestations and waivers of the snapshot's cluster as they stood when it was taken. */
export interface ReportSignOffs {
  attestations: AttestationView[];
  waivers: WaiverView[];
}

/** Builds the model from a snapshot read by readReportSnapshot and its cluster's sign-offs. Pure. */
export function buildReportModel(data: ReportSnapshotData, options: ReportModelOptions, signOffs: ReportSignOffs = { attestations: [], waivers: [] }): ReportModel {
  const catalog = options.controls ?? CONTROLS;
  const definitions = new Map(catalog.map((control) => [control.id, control]));
  const catalogOrder = new Map(catalog.map((control, index) => [control.id, index]));
  const evidenceBodies = new Map<string, string>();

  const controls: ReportControl[] = data.results.map((result) => {
    const definition = definitions.get(result.controlId);
    const rules = new Map((definition?.checks ?? []).map((check) => [check.id, check.rule]));
    const checks = result.evidence.map((item): ReportCheck => {
      evidenceBodies.set(item.bodySha256, item.bodyJson);
      const body = readBody(item.checkId, item.bodyJson);
      const { offenders, total } = readOffenders(body.excerpt);
      return {
        id: item.checkId,
        source: body.source,
        query: body.query,
        rule: rules.get(item.checkId) ?? '',
        status: toStatus(body.status),
        summary: body.summary,
        observedAt: item.observedAt.toISOString(),
        sha256: item.sha256,
        bodySha256: item.bodySha256,
        excerpt: body.excerpt,
        offenders,
        totalOffenders: total,
      };
    });
    return {
      id: result.controlId,
      sectionId: result.sectionId,
      group: definition?.group ?? '',
      // a control dropped from a newer catalog still shows under its id
      title: definition?.title ?? result.controlId,
      requirement: definition?.requirement ?? 'Not in the current catalog: the requirement text is not available.',
      implementation: definition?.implementation ?? '',
      remediation: definition?.remediation ?? '',
      isManual: definition?.isManual ?? false,
      status: toStatus(result.status),
      summary: result.summary,
      resultHash: result.resultHash,
      checks,
      attestations: signOffs.attestations.filter((item) => item.controlId === result.controlId),
      waivers: signOffs.waivers.filter((item) => item.controlId === result.controlId),
      nist: nistMappingOf(result.controlId),
    };
  });
  controls.sort(
    (a, b) => (catalogOrder.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (catalogOrder.get(b.id) ?? Number.MAX_SAFE_INTEGER) || a.id.localeCompare(b.id),
  );

  const sections: ReportSection[] = SECTIONS.map((section) => {
    const statuses = controls.filter((control) => control.sectionId === section.id).map((control) => control.status);
    const counts = emptyCounts();
    for (const status of statuses) counts[status] += 1;
    return { id: section.id, title: section.title, score: computeScore(statuses), counts };
  });

  const sealed = toSealed(data);
  return {
    snapshot: {
      id: data.id,
      cluster: data.cluster,
      takenAt: data.takenAt.toISOString(),
      durationMs: data.durationMs,
      catalogVersion: data.catalogVersion,
      refmapVersion: data.refmapVersion,
      score: data.score,
      sourceErrors: data.sourceErrors,
      sequence: data.sequence,
      manifestHash: data.manifestHash,
      previousManifestHash: data.previousManifestHash,
      signature: data.signature,
      publicKey: data.publicKey,
    },
    integrity: checkIntegrity(data, sealed, evidenceBodies),
    sections,
    controls,
    sealed,
    evidenceBodies,
    download: { by: options.downloadedBy, at: (options.downloadedAt ?? new Date()).toISOString(), refmapVersion: REFMAP_VERSION },
  };
}

/**
 * Reads one snapshot (NoSuchSnapshotError when there is none) with the attestations and waivers of
 * its cluster as they stood at the snapshot time — what applied to those verdicts — and builds its
 * report model.
 */
export async function loadReportModel(database: Database, snapshotId: string, options: ReportModelOptions): Promise<ReportModel> {
  const data = await readReportSnapshot(database, snapshotId);
  const [attestations, waivers] = await Promise.all([
    listAttestations(database, { clusterName: data.cluster, at: data.takenAt }),
    listWaivers(database, { clusterName: data.cluster, at: data.takenAt }),
  ]);
  return buildReportModel(data, options, { attestations, waivers });
}
