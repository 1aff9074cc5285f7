import 'server-only';
import type { Database } from '@/lib/db';
import type { JsonValue } from '@/lib/evaluate/canonical-json';
import { NoSuchClusterError, toSourceFailures } from './matrix';
import { NoSuchSnapshotError } from './snapshots';

/**
 * What the exports (PDF, CSV, OSCAL, bundle) read: one snapshot exactly as stored — its seal, its
 * results and every evidence row with the stored body text byte for byte — so that the reports and
 * the bundle's raw evidence come from one read and can be re-hashed without Refmap.
 */

export interface ReportEvidenceRow {
  checkId: string;
  observedAt: Date;
  /** evidence.sha256: the body plus observedAt */
  sha256: string;
  /** the content address of the body */
  bodySha256: string;
  /** evidence_body.json as stored (canonical JSON) */
  bodyJson: string;
}

export interface ReportResultRow {
  controlId: string;
  sectionId: string;
  status: string;
  summary: string;
  resultHash: string | null;
  evidence: ReportEvidenceRow[];
}

export interface ReportSnapshotData {
  id: string;
  cluster: string;
  takenAt: Date;
  durationMs: number;
  catalogVersion: string;
  refmapVersion: string;
  score: number | null;
  sourceErrors: { source: string; kind: string; message: string }[];
  /** as stored, for re-hashing the manifest (sourceErrors above is the cleaned-up view) */
  rawSourceErrors: JsonValue;
  sequence: number | null;
  manifestHash: string | null;
  previousManifestHash: string | null;
  signature: string | null;
  publicKey: string | null;
  /** the manifest hash the cluster's previous link (snapshot or retention tombstone) really has; null when there is none */
  predecessorManifestHash: string | null;
  results: ReportResultRow[];
}

/** One snapshot with everything the exports need, or NoSuchSnapshotError. */
export async function readReportSnapshot(database: Database, snapshotId: string): Promise<ReportSnapshotData> {
  const row = await database.prisma.snapshot.findUnique({
    where: { id: snapshotId },
    select: {
      id: true,
      clusterId: true,
      takenAt: true,
      durationMs: true,
      catalogVersion: true,
      refmapVersion: true,
      score: true,
      sourceErrors: true,
      sequence: true,
      manifestHash: true,
      previousManifestHash: true,
      signature: true,
      publicKey: true,
      cluster: { select: { name: true } },
      results: {
        orderBy: { controlId: 'asc' },
        select: {
          controlId: true,
          sectionId: true,
          status: true,
          summary: true,
          resultHash: true,
          evidence: {
            orderBy: [{ checkId: 'asc' }, { observedAt: 'asc' }],
            select: { checkId: true, observedAt: true, sha256: true, bodySha256: true, body: { select: { json: true } } },
          },
        },
      },
    },
  });
  if (!row) throw new NoSuchSnapshotError(snapshotId);
  const predecessorManifestHash = row.sequence === null || row.sequence <= 1 ? null : await findLinkHash(database, row.clusterId, row.sequence - 1);
  return {
    id: row.id,
    cluster: row.cluster.name,
    takenAt: row.takenAt,
    durationMs: row.durationMs,
    catalogVersion: row.catalogVersion,
    refmapVersion: row.refmapVersion,
    score: row.score,
    sourceErrors: toSourceFailures(row.sourceErrors),
    rawSourceErrors: row.sourceErrors as JsonValue,
    sequence: row.sequence,
    manifestHash: row.manifestHash,
    previousManifestHash: row.previousManifestHash,
    signature: row.signature,
    publicKey: row.publicKey,
    predecessorManifestHash,
    results: row.results.map((result) => ({
      controlId: result.controlId,
      sectionId: result.sectionId,
      status: result.status,
      summary: result.summary,
      resultHash: result.resultHash,
      evidence: result.evidence.map((item) => ({
        checkId: item.checkId,
        observedAt: item.observedAt,
        sha256: item.sha256,
        bodySha256: item.bodySha256,
        bodyJson: item.body.json,
      })),
    })),
  };
}

/** The manifest hash at a chain position: a snapshot's, or the tombstone retention left in its place. */
async function findLinkHash(database: Database, clusterId: string, sequence: number): Promise<string | null> {
  const snapshot = await database.prisma.snapshot.findUnique({ where: { clusterId_sequence: { clusterId, sequence } }, select: { manifestHash: true } });
  if (snapshot) return snapshot.manifestHash;
  const tombstone = await database.prisma.snapshotTombstone.findUnique({ where: { clusterId_sequence: { clusterId, sequence } }, select: { manifestHash: true } });
  return tombstone?.manifestHash ?? null;
}

export interface AuditWindowSnapshot {
  id: string;
  takenAt: string;
  sequence: number | null;
  manifestHash: string | null;
  score: number | null;
  isSigned: boolean;
}

export interface AuditWindow {
  cluster: string;
  from: string;
  to: string;
  /** how many snapshots the window holds (may exceed `snapshots.length` when a limit applied) */
  total: number;
  /** oldest first: the order an auditor samples in and the chain runs in */
  snapshots: AuditWindowSnapshot[];
}

/** The snapshots of a cluster taken in [from, to], oldest first, at most `limit` of them, with the total. */
export async function readAuditWindow(database: Database, options: { clusterName: string; from: Date; to: Date; limit: number }): Promise<AuditWindow> {
  const cluster = await database.prisma.cluster.findUnique({ where: { name: options.clusterName }, select: { id: true } });
  if (!cluster) throw new NoSuchClusterError(options.clusterName);
  const where = { clusterId: cluster.id, takenAt: { gte: options.from, lte: options.to } };
  const [total, rows] = await Promise.all([
    database.prisma.snapshot.count({ where }),
    database.prisma.snapshot.findMany({
      where,
      orderBy: { takenAt: 'asc' },
      take: options.limit,
      select: { id: true, takenAt: true, sequence: true, manifestHash: true, score: true, signature: true },
    }),
  ]);
  return {
    cluster: options.clusterName,
    from: options.from.toISOString(),
    to: options.to.toISOString(),
    total,
    snapshots: rows.map((row) => ({
      id: row.id,
      takenAt: row.takenAt.toISOString(),
      sequence: row.sequence,
      manifestHash: row.manifestHash,
      score: row.score,
      isSigned: row.signature !== null,
    })),
  };
}
