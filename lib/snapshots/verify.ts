import 'server-only';
import type { RetentionPolicy } from '@/lib/config';
import { DEFAULT_RETENTION } from '@/lib/config-file';
import type { Database } from '@/lib/db';
import { sha256Hex } from '@/lib/evaluate/canonical-json';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';
import { buildManifest, decodeEvidenceBody, hashEvidence, hashManifest, hashResult, type EvidenceBody } from './manifest';
import { isManifestSignatureValid, isSamePublicKey } from './signing';
import { countBySection, type SourceFailure } from './store';
import { findForgedTombstones } from './verify-tombstones';

/**
 * Recomputes, from the stored rows, every hash that seals the history (see manifest.ts): evidence
 * bodies against their addresses, evidence hashes, result hashes, section counts, manifest hashes,
 * the chain of previous-manifest links per cluster (across retention's tombstones) and signatures.
 * Any changed byte, or a snapshot deleted other than by retention, shows up as a problem naming the
 * cluster, the snapshot and what differs. A database writer cannot pass an edit off as history from
 * before sealing (only the snapshots the sealing migration found are exempt, listed once in
 * legacy_unsealed_snapshot), nor a deletion off as retention (verify-tombstones.ts), nor keep an id
 * both as a tombstone and as a live snapshot. (Deleting the newest snapshots of a cluster leaves a
 * shorter chain that is still whole: compare the head with the one logged or witnessed via
 * GET /api/chain-head, or keep signed exports.)
 */

export interface VerifyProblem {
  cluster: string;
  snapshotId: string;
  sequence: number | null;
  what: string;
}

export interface ClusterVerification {
  cluster: string;
  snapshots: number;
  tombstones: number;
  signed: number;
  /** snapshots stored before sealing existed (listed by the sealing migration): not part of the chain, not checked */
  unsealed: number;
  head: { sequence: number; manifestHash: string } | null;
}

export interface VerifyReport {
  isIntact: boolean;
  clusters: ClusterVerification[];
  /** in chain order per cluster: the first is the first broken link */
  problems: VerifyProblem[];
}

export interface VerifyOptions {
  clusterName?: string;
  /** check this snapshot's contents, signature and link to its predecessor only */
  snapshotId?: string;
  /** when given, every sealed snapshot must be signed by this key (SPKI PEM) */
  trustedPublicKeyPem?: string;
  /** the retention policy tombstones are judged against (default: the built-in one) */
  retention?: RetentionPolicy;
  /** the time tombstones may not be from after (default: now) */
  now?: Date;
}

/** A cluster or snapshot named on the command line that is not in the database. */
export class VerifyTargetNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyTargetNotFoundError';
  }
}

interface ChainLink {
  kind: 'snapshot' | 'tombstone';
  id: string;
  sequence: number;
  takenAt: Date;
  thinnedAt?: Date;
  manifestHash: string | null;
  previousManifestHash: string | null;
  signature: string | null;
  publicKey: string | null;
}

const short = (hash: string | null) => (hash === null ? 'none' : `${hash.slice(0, 12)}…`);

async function loadChain(database: Database, clusterId: string) {
  const snapshots = await database.prisma.snapshot.findMany({
    where: { clusterId },
    select: { id: true, takenAt: true, sequence: true, manifestHash: true, previousManifestHash: true, signature: true, publicKey: true },
  });
  const tombstones = await database.prisma.snapshotTombstone.findMany({
    where: { clusterId },
    select: { snapshotId: true, sequence: true, takenAt: true, thinnedAt: true, manifestHash: true, previousManifestHash: true, signature: true, publicKey: true },
  });
  const links: ChainLink[] = [
    ...snapshots
      .filter((snapshot) => snapshot.sequence !== null)
      .map((snapshot) => ({ kind: 'snapshot' as const, ...snapshot, sequence: snapshot.sequence! })),
    ...tombstones.map((tombstone) => ({ kind: 'tombstone' as const, id: tombstone.snapshotId, ...tombstone })),
  ].sort((a, b) => a.sequence - b.sequence || (a.kind === b.kind ? 0 : a.kind === 'snapshot' ? -1 : 1));
  const unsealed = snapshots.filter((snapshot) => snapshot.sequence === null);
  const legacy = await database.prisma.legacyUnsealedSnapshot.findMany({ where: { snapshotId: { in: unsealed.map((snapshot) => snapshot.id) } }, select: { snapshotId: true } });
  const legacyIds = new Set(legacy.map((row) => row.snapshotId));
  return { links, legacy: unsealed.filter((snapshot) => legacyIds.has(snapshot.id)), unsealedSince: unsealed.filter((snapshot) => !legacyIds.has(snapshot.id)) };
}

/** What a database writer does to pass an edit off as old or thinned history. */
function checkUnsealedAndTombstones(cluster: string, chain: Awaited<ReturnType<typeof loadChain>>, options: VerifyOptions): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const isSelected = (id: string) => options.snapshotId === undefined || id === options.snapshotId;
  for (const snapshot of chain.unsealedSince.filter((item) => isSelected(item.id))) {
    problems.push({ cluster, snapshotId: snapshot.id, sequence: null, what: 'snapshot has no sequence or manifest hash, and is not one of the snapshots stored before sealing existed: its seal was removed' });
  }
  const liveIds = new Set([...chain.links.filter((link) => link.kind === 'snapshot'), ...chain.legacy, ...chain.unsealedSince].map((item) => item.id));
  for (const link of chain.links) {
    if (link.kind === 'tombstone' && liveIds.has(link.id) && isSelected(link.id)) {
      problems.push({ cluster, snapshotId: link.id, sequence: link.sequence, what: `snapshot ${link.id} is both a retention tombstone (#${link.sequence}) and a stored snapshot` });
    }
  }
  const forged = findForgedTombstones(chain.links, options.retention ?? DEFAULT_RETENTION, options.now ?? new Date());
  for (const link of chain.links) {
    const what = forged.get(link.id);
    if (link.kind === 'tombstone' && what !== undefined && isSelected(link.id)) problems.push({ cluster, snapshotId: link.id, sequence: link.sequence, what: `thinned snapshot #${link.sequence} ${what}` });
  }
  return problems;
}

function checkSignature(link: ChainLink, trustedPublicKeyPem: string | undefined): string | null {
  if (link.signature === null) return trustedPublicKeyPem === undefined ? null : 'is not signed, but a trusted public key was given';
  if (link.publicKey === null) return 'has a signature but no public key';
  if (link.manifestHash === null || !isManifestSignatureValid(link.manifestHash, link.signature, link.publicKey)) {
    return 'signature does not verify against its manifest hash';
  }
  if (trustedPublicKeyPem !== undefined && !isSamePublicKey(link.publicKey, trustedPublicKeyPem)) return 'is signed by a key other than the trusted one';
  return null;
}

/** Links in sequence order: no gap, no duplicate, each pointing at the previous manifest hash. */
function checkLinks(cluster: string, links: ChainLink[], options: VerifyOptions): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  let expected = 1;
  let previous: ChainLink | null = null;
  for (const link of links) {
    const isSelected = options.snapshotId === undefined || link.id === options.snapshotId;
    const problem = (what: string) => problems.push({ cluster, snapshotId: link.id, sequence: link.sequence, what });
    const name = link.kind === 'tombstone' ? `tombstone of thinned snapshot #${link.sequence}` : `snapshot #${link.sequence}`;
    if (isSelected) {
      if (link.sequence < expected) {
        problem(`${name} repeats sequence #${link.sequence}`);
      } else if (link.sequence > expected) {
        const missing = link.sequence - 1 === expected ? `#${expected} is` : `#${expected}–#${link.sequence - 1} are`;
        problem(`snapshot ${missing} missing before ${name}: deleted without a retention tombstone`);
      } else if (link.previousManifestHash !== (previous?.manifestHash ?? null)) {
        problem(
          `${name} links to previous manifest ${short(link.previousManifestHash)}, but ${previous ? `#${previous.sequence} (${previous.id}) has ${short(previous.manifestHash)}` : 'it is the first of the chain'}`,
        );
      }
      if (link.manifestHash === null) problem(`${name} has a sequence but no manifest hash`);
      const signatureProblem = checkSignature(link, options.trustedPublicKeyPem);
      if (signatureProblem) problem(`${name} ${signatureProblem}`);
    }
    expected = Math.max(expected, link.sequence + 1);
    previous = link;
  }
  return problems;
}

type SectionCounts = Record<ControlStatus, number>;

/** Recomputes one snapshot from its rows, lowest level first, so the first problem is the most precise. */
async function checkSnapshotContents(database: Database, cluster: string, snapshotId: string, checkedBodies: Map<string, EvidenceBody | string>): Promise<VerifyProblem[]> {
  const snapshot = await database.prisma.snapshot.findUniqueOrThrow({
    where: { id: snapshotId },
    select: {
      takenAt: true,
      durationMs: true,
      catalogVersion: true,
      refmapVersion: true,
      score: true,
      sourceErrors: true,
      sequence: true,
      manifestHash: true,
      previousManifestHash: true,
      results: {
        select: {
          controlId: true,
          sectionId: true,
          status: true,
          summary: true,
          resultHash: true,
          evidence: { select: { checkId: true, observedAt: true, sha256: true, bodySha256: true, body: { select: { json: true } } } },
        },
      },
      sections: {
        select: { sectionId: true, passCount: true, failCount: true, warnCount: true, unknownCount: true, manualCount: true, notApplicableCount: true },
      },
    },
  });
  const problems: VerifyProblem[] = [];
  const problem = (what: string) => problems.push({ cluster, snapshotId, sequence: snapshot.sequence, what: `snapshot #${snapshot.sequence}: ${what}` });

  const resultHashes = snapshot.results.map((result) => {
    const evidenceHashes = result.evidence.map((item) => {
      const where = `evidence ${result.controlId}/${item.checkId}`;
      // A body shared by many snapshots is hashed once; a broken one is reported once per use.
      let body = checkedBodies.get(item.bodySha256);
      if (body === undefined) {
        if (sha256Hex(item.body.json) !== item.bodySha256) {
          body = `its stored body ${short(item.bodySha256)} no longer hashes to its address (the body was edited)`;
        } else {
          try {
            body = decodeEvidenceBody(item.body.json);
          } catch {
            body = `its stored body ${short(item.bodySha256)} is not an evidence body`;
          }
        }
        checkedBodies.set(item.bodySha256, body);
      }
      if (typeof body === 'string') {
        problem(`${where}: ${body}`);
        return item.sha256;
      }
      if (body.checkId !== item.checkId) problem(`${where}: check id differs from its body's (${body.checkId})`);
      const recomputed = hashEvidence(body, item.observedAt.toISOString());
      if (recomputed !== item.sha256) problem(`${where}: sha256 ${short(item.sha256)} differs from its body and observation time (${short(recomputed)})`);
      return recomputed;
    });
    const recomputed = hashResult(result, evidenceHashes);
    if (recomputed !== result.resultHash) problem(`control result ${result.controlId}: its status, summary or evidence no longer match its result hash`);
    return { controlId: result.controlId, resultHash: recomputed };
  });

  const expectedCounts = countBySection(snapshot.results.map((result) => ({ sectionId: result.sectionId, status: toStatus(result.status) })));
  const storedCounts = new Map(
    snapshot.sections.map((section): [string, SectionCounts] => [
      section.sectionId,
      { pass: section.passCount, fail: section.failCount, warn: section.warnCount, unknown: section.unknownCount, manual: section.manualCount, 'not-applicable': section.notApplicableCount },
    ]),
  );
  for (const sectionId of new Set([...expectedCounts.keys(), ...storedCounts.keys()])) {
    const expected = expectedCounts.get(sectionId);
    const stored = storedCounts.get(sectionId);
    if (!expected || !stored || CONTROL_STATUSES.some((status) => expected[status] !== stored[status])) {
      problem(`section ${sectionId}: stored status counts differ from the results`);
    }
  }

  const manifestHash = hashManifest(
    buildManifest({
      cluster,
      sequence: snapshot.sequence!,
      takenAt: snapshot.takenAt.toISOString(),
      durationMs: snapshot.durationMs,
      catalogVersion: snapshot.catalogVersion,
      refmapVersion: snapshot.refmapVersion,
      score: snapshot.score,
      sourceErrors: snapshot.sourceErrors as unknown as SourceFailure[],
      previousManifestHash: snapshot.previousManifestHash,
      results: resultHashes,
    }),
  );
  if (manifestHash !== snapshot.manifestHash) {
    problem(`manifest hash ${short(snapshot.manifestHash)} differs from the recomputed ${short(manifestHash)}: a stored field of the snapshot or its results changed`);
  }
  return problems;
}

function toStatus(value: string): ControlStatus {
  // An unknown word here is itself tampering; counting it as `unknown` makes the section counts differ.
  return (CONTROL_STATUSES as readonly string[]).includes(value) ? (value as ControlStatus) : 'unknown';
}

async function findClusters(database: Database, options: VerifyOptions): Promise<{ id: string; name: string }[]> {
  if (options.snapshotId !== undefined) {
    const snapshot = await database.prisma.snapshot.findUnique({ where: { id: options.snapshotId }, select: { cluster: { select: { id: true, name: true } } } });
    const tombstone = snapshot ? null : await database.prisma.snapshotTombstone.findUnique({ where: { snapshotId: options.snapshotId }, select: { cluster: { select: { id: true, name: true } } } });
    const cluster = snapshot?.cluster ?? tombstone?.cluster;
    if (!cluster) throw new VerifyTargetNotFoundError(`no snapshot (nor tombstone of a thinned one) with id ${options.snapshotId}`);
    if (options.clusterName !== undefined && cluster.name !== options.clusterName) {
      throw new VerifyTargetNotFoundError(`snapshot ${options.snapshotId} belongs to cluster ${cluster.name}, not ${options.clusterName}`);
    }
    return [cluster];
  }
  const clusters = await database.prisma.cluster.findMany({
    where: options.clusterName === undefined ? {} : { name: options.clusterName },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
  if (options.clusterName !== undefined && clusters.length === 0) throw new VerifyTargetNotFoundError(`no cluster named ${options.clusterName} in the database`);
  return clusters;
}

/** Verifies the stored history (all clusters, one cluster, or one snapshot). */
export async function verifyHistory(database: Database, options: VerifyOptions = {}): Promise<VerifyReport> {
  const clusters: ClusterVerification[] = [];
  const problems: VerifyProblem[] = [];
  const checkedBodies = new Map<string, EvidenceBody | string>();
  for (const cluster of await findClusters(database, options)) {
    const chain = await loadChain(database, cluster.id);
    const { links } = chain;
    const clusterProblems = [...checkLinks(cluster.name, links, options), ...checkUnsealedAndTombstones(cluster.name, chain, options)];
    for (const link of links) {
      if (link.kind !== 'snapshot' || link.manifestHash === null) continue;
      if (options.snapshotId !== undefined && link.id !== options.snapshotId) continue;
      clusterProblems.push(...(await checkSnapshotContents(database, cluster.name, link.id, checkedBodies)));
    }
    // chain order: the first problem is the first broken link
    clusterProblems.sort((a, b) => (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER));
    problems.push(...clusterProblems);
    const head = links.at(-1);
    clusters.push({
      cluster: cluster.name,
      snapshots: links.filter((link) => link.kind === 'snapshot').length,
      tombstones: links.filter((link) => link.kind === 'tombstone').length,
      signed: links.filter((link) => link.signature !== null).length,
      unsealed: chain.legacy.length,
      head: head?.manifestHash ? { sequence: head.sequence, manifestHash: head.manifestHash } : null,
    });
  }
  return { isIntact: problems.length === 0, clusters, problems };
}
