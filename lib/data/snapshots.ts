import 'server-only';
import { findActiveControl } from '@/lib/app-context';
import type { Database } from '@/lib/db';
import type { JsonValue } from '@/lib/evaluate/canonical-json';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';
import { decodeEvidenceBody } from '@/lib/snapshots/manifest';
import { NoSuchClusterError, toSourceFailures } from './matrix';

export interface SnapshotListItem {
  id: string;
  cluster: string;
  takenAt: string;
  durationMs: number;
  score: number | null;
  catalogVersion: string;
  sourceErrors: { source: string; kind: string; message: string }[];
  /** place in the cluster's hash chain; null for snapshots stored before sealing existed */
  sequence: number | null;
  manifestHash: string | null;
  isSigned: boolean;
}

export interface SnapshotEvidence {
  checkId: string;
  source: string;
  query: string;
  observedAt: string;
  status: ControlStatus;
  summary: string;
  excerpt: JsonValue;
  /** sha256 of the evidence with its observation time */
  sha256: string;
  /** sha256 of the evidence without its observation time: equal when a check saw the same thing */
  contentSha256: string;
}

export interface SnapshotDetail extends SnapshotListItem {
  refmapVersion: string;
  previousManifestHash: string | null;
  signature: string | null;
  publicKey: string | null;
  sections: { id: string; pass: number; fail: number; warn: number; unknown: number; manual: number; notApplicable: number; score: number | null }[];
  results: { controlId: string; sectionId: string; status: ControlStatus; summary: string; resultHash: string | null; evidence: SnapshotEvidence[] }[];
}

export interface SnapshotDiff {
  snapshot: { id: string; cluster: string; takenAt: string; score: number | null };
  against: { id: string; cluster: string; takenAt: string; score: number | null };
  /** controls whose status differs (or that exist in only one of the two snapshots) */
  controls: { controlId: string; sectionId: string; title: string; before: ControlStatus | null; after: ControlStatus | null; summary: string | null }[];
  /** evidence whose content hash differs (or that exists in only one of the two snapshots) */
  evidence: { controlId: string; checkId: string; before: string | null; after: string | null }[];
}

export class NoSuchSnapshotError extends Error {
  constructor(readonly snapshotId: string) {
    super(`no snapshot with id ${snapshotId}`);
    this.name = 'NoSuchSnapshotError';
  }
}

/** The snapshot has no earlier one to compare with. */
export class NoPreviousSnapshotError extends Error {
  constructor(readonly snapshotId: string) {
    super(`snapshot ${snapshotId} is the first of its cluster: name one to compare with (?against=)`);
    this.name = 'NoPreviousSnapshotError';
  }
}

function toStatus(value: string): ControlStatus {
  return (CONTROL_STATUSES as readonly string[]).includes(value) ? (value as ControlStatus) : 'unknown';
}

const listSelect = {
  id: true,
  takenAt: true,
  durationMs: true,
  score: true,
  catalogVersion: true,
  sourceErrors: true,
  sequence: true,
  manifestHash: true,
  signature: true,
} as const;

function toListItem(cluster: string, row: { id: string; takenAt: Date; durationMs: number; score: number | null; catalogVersion: string; sourceErrors: unknown; sequence: number | null; manifestHash: string | null; signature: string | null }): SnapshotListItem {
  return {
    id: row.id,
    cluster,
    takenAt: row.takenAt.toISOString(),
    durationMs: row.durationMs,
    score: row.score,
    catalogVersion: row.catalogVersion,
    sourceErrors: toSourceFailures(row.sourceErrors),
    sequence: row.sequence,
    manifestHash: row.manifestHash,
    isSigned: row.signature !== null,
  };
}

/** Snapshots of one cluster, newest first, optionally within [from, to]. */
export async function listSnapshots(database: Database, options: { clusterName: string; from?: Date; to?: Date; limit: number }): Promise<SnapshotListItem[]> {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: options.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(options.clusterName);
  const rows = await database.prisma.snapshot.findMany({
    where: { clusterId: cluster.id, takenAt: { gte: options.from, lte: options.to } },
    orderBy: { takenAt: 'desc' },
    take: options.limit,
    select: listSelect,
  });
  return rows.map((row) => toListItem(options.clusterName, row));
}

function sectionScore(counts: { pass: number; fail: number; warn: number; unknown: number }): number | null {
  const counted = counts.pass + counts.fail + counts.warn + counts.unknown;
  return counted === 0 ? null : counts.pass / counted;
}

/** One snapshot with its seal, per-section counts, results and evidence (with excerpts). */
export async function readSnapshot(database: Database, snapshotId: string): Promise<SnapshotDetail> {
  const row = await database.prisma.snapshot.findUnique({
    where: { id: snapshotId },
    select: {
      ...listSelect,
      refmapVersion: true,
      previousManifestHash: true,
      publicKey: true,
      cluster: { select: { name: true } },
      sections: {
        orderBy: { sectionId: 'asc' },
        select: { sectionId: true, passCount: true, failCount: true, warnCount: true, unknownCount: true, manualCount: true, notApplicableCount: true },
      },
      results: {
        orderBy: { controlId: 'asc' },
        select: {
          controlId: true,
          sectionId: true,
          status: true,
          summary: true,
          resultHash: true,
          evidence: { orderBy: { checkId: 'asc' }, select: { checkId: true, observedAt: true, sha256: true, bodySha256: true, body: { select: { json: true } } } },
        },
      },
    },
  });
  if (!row) throw new NoSuchSnapshotError(snapshotId);
  return {
    ...toListItem(row.cluster.name, row),
    refmapVersion: row.refmapVersion,
    previousManifestHash: row.previousManifestHash,
    signature: row.signature,
    publicKey: row.publicKey,
    sections: row.sections.map((section) => {
      const counts = { pass: section.passCount, fail: section.failCount, warn: section.warnCount, unknown: section.unknownCount };
      return { id: section.sectionId, ...counts, manual: section.manualCount, notApplicable: section.notApplicableCount, score: sectionScore(counts) };
    }),
    results: row.results.map((result) => ({
      controlId: result.controlId,
      sectionId: result.sectionId,
      status: toStatus(result.status),
      summary: result.summary,
      resultHash: result.resultHash,
      evidence: result.evidence.map((item) => {
        const body = decodeEvidenceBody(item.body.json);
        return {
          checkId: item.checkId,
          source: body.source,
          query: body.query,
          observedAt: item.observedAt.toISOString(),
          status: toStatus(body.status),
          summary: body.summary,
          excerpt: body.excerpt,
          sha256: item.sha256,
          contentSha256: item.bodySha256,
        };
      }),
    })),
  };
}

const diffSelect = {
  id: true,
  takenAt: true,
  score: true,
  clusterId: true,
  cluster: { select: { name: true } },
  results: {
    select: { controlId: true, sectionId: true, status: true, summary: true, evidence: { select: { checkId: true, bodySha256: true } } },
  },
} as const;

/**
 * What changed from `againstId` (default: the previous snapshot of the same cluster) to `snapshotId`:
 * controls whose status changed and evidence whose content hash changed. The observation time is
 * not content, so evidence that merely was seen again does not count as changed.
 */
export async function diffSnapshots(database: Database, snapshotId: string, againstId?: string): Promise<SnapshotDiff> {
  const after = await database.prisma.snapshot.findUnique({ where: { id: snapshotId }, select: diffSelect });
  if (!after) throw new NoSuchSnapshotError(snapshotId);
  let before;
  if (againstId === undefined) {
    before = await database.prisma.snapshot.findFirst({
      where: { clusterId: after.clusterId, takenAt: { lt: after.takenAt } },
      orderBy: { takenAt: 'desc' },
      select: diffSelect,
    });
    if (!before) throw new NoPreviousSnapshotError(snapshotId);
  } else {
    before = await database.prisma.snapshot.findUnique({ where: { id: againstId }, select: diffSelect });
    if (!before) throw new NoSuchSnapshotError(againstId);
  }

  const beforeResults = new Map(before.results.map((result) => [result.controlId, result]));
  const afterResults = new Map(after.results.map((result) => [result.controlId, result]));
  const controlIds = [...new Set([...beforeResults.keys(), ...afterResults.keys()])].sort();

  const controls: SnapshotDiff['controls'] = [];
  const evidence: SnapshotDiff['evidence'] = [];
  for (const controlId of controlIds) {
    const old = beforeResults.get(controlId);
    const now = afterResults.get(controlId);
    if (old?.status !== now?.status) {
      controls.push({
        controlId,
        sectionId: (now ?? old)!.sectionId,
        // a control dropped from a newer catalog still shows under its id
        title: findActiveControl(controlId)?.title ?? controlId,
        before: old ? toStatus(old.status) : null,
        after: now ? toStatus(now.status) : null,
        summary: now?.summary ?? null,
      });
    }
    const oldEvidence = new Map((old?.evidence ?? []).map((item) => [item.checkId, item.bodySha256]));
    const newEvidence = new Map((now?.evidence ?? []).map((item) => [item.checkId, item.bodySha256]));
    for (const checkId of [...new Set([...oldEvidence.keys(), ...newEvidence.keys()])].sort()) {
      const beforeHash = oldEvidence.get(checkId) ?? null;
      const afterHash = newEvidence.get(checkId) ?? null;
      if (beforeHash !== afterHash) evidence.push({ controlId, checkId, before: beforeHash, after: afterHash });
    }
  }
  const describe = (snapshot: typeof after) => ({ id: snapshot.id, cluster: snapshot.cluster.name, takenAt: snapshot.takenAt.toISOString(), score: snapshot.score });
  return { snapshot: describe(after), against: describe(before), controls, evidence };
}

/** Whether the database holds any snapshot at all (the demo writes its history only into an empty one). */
export async function hasAnySnapshot(database: Database): Promise<boolean> {
  return (await database.prisma.snapshot.findFirst({ select: { id: true } })) !== null;
}
