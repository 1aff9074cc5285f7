import 'server-only';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { Database } from '@/lib/db';
import { CONTROL_STATUSES, type ControlResult, type ControlStatus } from '@/lib/evaluate/types';
import { logChainHead } from './chain-head';
import { advisoryLockKey } from './lock-keys';
import { buildManifest, type SourceFailure, encodeEvidenceBody, hashEvidence, hashManifest, hashResult, toEvidenceBody } from './manifest';
import { signManifestHash } from './signing';
import { recordStatusChanges } from './status-changes';

export type { SourceFailure };

export interface SnapshotToStore {
  clusterName: string;
  takenAt: Date;
  durationMs: number;
  catalogVersion: string;
  refmapVersion: string;
  score: number | null;
  sourceErrors: SourceFailure[];
  results: ControlResult[];
}

export interface StoredSnapshot {
  id: string;
  /** position in the cluster's hash chain */
  sequence: number;
  manifestHash: string;
  previousManifestHash: string | null;
  isSigned: boolean;
}

// Long enough for a large snapshot on a busy embedded database, and for waiting on another
// writer of the same cluster's chain.
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 60_000 };

type SectionCounts = Record<ControlStatus, number>;

/** Status counts per section, stored with the snapshot so that trends are one GROUP BY. */
export function countBySection(results: Pick<ControlResult, 'sectionId' | 'status'>[]): Map<string, SectionCounts> {
  const counts = new Map<string, SectionCounts>();
  for (const result of results) {
    let section = counts.get(result.sectionId);
    if (!section) {
      section = Object.fromEntries(CONTROL_STATUSES.map((status) => [status, 0])) as SectionCounts;
      counts.set(result.sectionId, section);
    }
    section[result.status] += 1;
  }
  return counts;
}

/** Everything about the results that does not depend on the chain: hashed before the transaction. */
function prepareResults(results: ControlResult[], observedAtOf: (observedAt: string) => string) {
  const bodies = new Map<string, string>();
  const prepared = results.map((result) => {
    const evidence = result.evidence.map((item) => {
      const body = toEvidenceBody(item);
      const { json, sha256: bodySha256 } = encodeEvidenceBody(body);
      bodies.set(bodySha256, json);
      const observedAt = observedAtOf(item.observedAt);
      return { checkId: item.checkId, observedAt, bodySha256, sha256: hashEvidence(body, observedAt) };
    });
    const resultHash = hashResult(result, evidence.map((item) => item.sha256));
    return { result, evidence, resultHash };
  });
  return { prepared, bodies };
}

/**
 * Writes a snapshot with all its results, evidence and section counts in one transaction: whole or
 * not at all. Evidence bodies are inserted only when new (content-addressed). The snapshot is sealed
 * with a manifest hash chained to the previous snapshot of its cluster, and signed when a key is given.
 */
export async function storeSnapshot(database: Database, snapshot: SnapshotToStore, options: { signingKeyPem?: string } = {}): Promise<StoredSnapshot> {
  // Stored times have millisecond precision; hash exactly what will be read back.
  const { prepared, bodies } = prepareResults(snapshot.results, (observedAt) => new Date(observedAt).toISOString());
  const takenAt = new Date(snapshot.takenAt.toISOString());
  const sectionCounts = countBySection(snapshot.results);

  const stored = await database.prisma.$transaction(async (tx) => {
    const cluster = await tx.cluster.upsert({
      where: { name: snapshot.clusterName },
      create: { name: snapshot.clusterName },
      update: {},
      select: { id: true },
    });
    // Serialise writers of this cluster's chain (other replicas included) until commit.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${advisoryLockKey('chain', snapshot.clusterName).toString()}::bigint)`;
    const head = await findChainHead(tx, cluster.id);
    const sequence = (head?.sequence ?? 0) + 1;
    const previousManifestHash = head?.manifestHash ?? null;
    const manifestHash = hashManifest(
      buildManifest({
        cluster: snapshot.clusterName,
        sequence,
        takenAt: takenAt.toISOString(),
        durationMs: snapshot.durationMs,
        catalogVersion: snapshot.catalogVersion,
        refmapVersion: snapshot.refmapVersion,
        score: snapshot.score,
        sourceErrors: snapshot.sourceErrors,
        previousManifestHash,
        results: prepared.map(({ result, resultHash }) => ({ controlId: result.controlId, resultHash })),
      }),
    );
    const signed = options.signingKeyPem === undefined ? undefined : signManifestHash(manifestHash, options.signingKeyPem);

    const { id } = await tx.snapshot.create({
      data: {
        clusterId: cluster.id,
        takenAt,
        durationMs: snapshot.durationMs,
        catalogVersion: snapshot.catalogVersion,
        refmapVersion: snapshot.refmapVersion,
        score: snapshot.score,
        sourceErrors: snapshot.sourceErrors as unknown as Prisma.InputJsonValue,
        sequence,
        manifestHash,
        previousManifestHash,
        signature: signed?.signature,
        publicKey: signed?.publicKeyPem,
      },
      select: { id: true },
    });

    // Shared: retention may not delete a body between our "already there" and our reference to it.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(${advisoryLockKey('evidence-bodies').toString()}::bigint)`;
    await tx.evidenceBody.createMany({
      data: [...bodies].map(([sha256, json]) => ({ sha256, json })),
      skipDuplicates: true, // ON CONFLICT DO NOTHING: a body seen before is stored once
    });

    const resultRows = await tx.controlResult.createManyAndReturn({
      data: prepared.map(({ result, resultHash }) => ({
        snapshotId: id,
        controlId: result.controlId,
        sectionId: result.sectionId,
        status: result.status,
        summary: result.summary,
        resultHash,
      })),
      select: { id: true, controlId: true },
    });
    const resultIds = new Map(resultRows.map((row) => [row.controlId, row.id]));
    await recordStatusChanges(tx, { clusterId: cluster.id, takenAt, results: snapshot.results });
    await tx.evidence.createMany({
      data: prepared.flatMap(({ result, evidence }) =>
        evidence.map((item) => ({
          controlResultId: resultIds.get(result.controlId)!,
          checkId: item.checkId,
          observedAt: new Date(item.observedAt),
          bodySha256: item.bodySha256,
          sha256: item.sha256,
        })),
      ),
    });
    await tx.snapshotSection.createMany({
      data: [...sectionCounts].map(([sectionId, counts]) => ({
        snapshotId: id,
        sectionId,
        passCount: counts.pass,
        failCount: counts.fail,
        warnCount: counts.warn,
        unknownCount: counts.unknown,
        manualCount: counts.manual,
        notApplicableCount: counts['not-applicable'],
      })),
    });
    return { id, sequence, manifestHash, previousManifestHash, isSigned: signed !== undefined };
  }, TRANSACTION_OPTIONS);
  // after the commit: a logged head always exists
  logChainHead(snapshot.clusterName, { ...stored, takenAt });
  return stored;
}

/** The newest link of a cluster's chain: a sealed snapshot, or the tombstone of a thinned one. */
export async function findChainHead(tx: Prisma.TransactionClient, clusterId: string): Promise<{ sequence: number; manifestHash: string } | null> {
  const snapshot = await tx.snapshot.findFirst({
    where: { clusterId, sequence: { not: null } },
    orderBy: { sequence: 'desc' },
    select: { sequence: true, manifestHash: true },
  });
  const tombstone = await tx.snapshotTombstone.findFirst({ where: { clusterId }, orderBy: { sequence: 'desc' }, select: { sequence: true, manifestHash: true } });
  const candidates = [
    snapshot?.sequence != null && snapshot.manifestHash != null ? { sequence: snapshot.sequence, manifestHash: snapshot.manifestHash } : null,
    tombstone,
  ].filter((link): link is { sequence: number; manifestHash: string } => link !== null);
  return candidates.sort((a, b) => b.sequence - a.sequence)[0] ?? null;
}
