import { z } from 'zod';
import { sha256Hex } from '@/lib/evaluate/canonical-json';
import { buildManifest, decodeEvidenceBody, hashEvidence, hashManifest, hashResult, type EvidenceBody, type SnapshotManifest } from '@/lib/snapshots/manifest';
import type { SourceFailure } from '@/lib/snapshots/store';
import { isManifestSignatureValid } from '@/lib/snapshots/signing';

/**
 * Recomputes a snapshot's seal (lib/snapshots/manifest.ts) from its rows and evidence bodies, with no
 * database: the report model does it at download time, `npm run verify -- --bundle` does it from a
 * bundle's snapshot.json and evidence files. Same hashed forms as `npm run verify`.
 */

const sha256Text = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex sha256');

/** The stored rows that the manifest hash is computed from; also the bundle's snapshot.json. */
export const sealedSnapshotSchema = z.object({
  id: z.string(),
  cluster: z.string(),
  sequence: z.number().int().nullable(),
  takenAt: z.string(),
  durationMs: z.number(),
  catalogVersion: z.string(),
  refmapVersion: z.string(),
  score: z.number().nullable(),
  /** exactly as stored */
  sourceErrors: z.json(),
  previousManifestHash: sha256Text.nullable(),
  manifestHash: sha256Text.nullable(),
  signature: z.string().nullable(),
  publicKey: z.string().nullable(),
  results: z.array(
    z.object({
      controlId: z.string(),
      sectionId: z.string(),
      status: z.string(),
      summary: z.string(),
      resultHash: sha256Text.nullable(),
      evidence: z.array(z.object({ checkId: z.string(), observedAt: z.string(), sha256: sha256Text, bodySha256: sha256Text })),
    }),
  ),
});
export type SealedSnapshot = z.infer<typeof sealedSnapshotSchema>;

export interface SealProblem {
  /** what is wrong, e.g. `evidence S5.NON-ROOT/pods-run-as-non-root: …` */
  what: string;
  /** the evidence body concerned, when there is one (the bundle names its file) */
  bodySha256?: string;
}

export interface SealCheck {
  /** the manifest rebuilt from the rows; null for a snapshot stored before sealing existed */
  manifest: SnapshotManifest | null;
  recomputedManifestHash: string | null;
  /** null: not signed */
  isSignatureValid: boolean | null;
  problems: SealProblem[];
}

const short = (hash: string | null) => (hash === null ? 'none' : `${hash.slice(0, 12)}…`);

/** The body behind an address, checked once: a string is the reason it cannot be used. */
function checkBody(bodySha256: string, json: string | undefined): EvidenceBody | string {
  if (json === undefined) return `its evidence body ${short(bodySha256)} is missing`;
  if (sha256Hex(json) !== bodySha256) return `its evidence body ${short(bodySha256)} no longer hashes to its address (the body was edited)`;
  try {
    return decodeEvidenceBody(json);
  } catch {
    return `its evidence body ${short(bodySha256)} is not an evidence body`;
  }
}

/** Recomputes evidence, result and manifest hashes and checks the signature; lists every difference. */
export function checkSeal(snapshot: SealedSnapshot, bodies: ReadonlyMap<string, string>): SealCheck {
  const problems: SealProblem[] = [];
  const decoded = new Map<string, EvidenceBody | string>();
  const resultHashes = snapshot.results.map((result) => {
    const evidenceHashes = result.evidence.map((item) => {
      const where = `evidence ${result.controlId}/${item.checkId}`;
      let body = decoded.get(item.bodySha256);
      if (body === undefined) {
        body = checkBody(item.bodySha256, bodies.get(item.bodySha256));
        decoded.set(item.bodySha256, body);
      }
      if (typeof body === 'string') {
        problems.push({ what: `${where}: ${body}`, bodySha256: item.bodySha256 });
        return item.sha256;
      }
      if (body.checkId !== item.checkId) problems.push({ what: `${where}: check id differs from its body's (${body.checkId})`, bodySha256: item.bodySha256 });
      const recomputed = hashEvidence(body, new Date(item.observedAt).toISOString());
      if (recomputed !== item.sha256) problems.push({ what: `${where}: sha256 ${short(item.sha256)} differs from its body and observation time (${short(recomputed)})` });
      return recomputed;
    });
    const recomputed = hashResult(result, evidenceHashes);
    if (result.resultHash !== null && recomputed !== result.resultHash) {
      problems.push({ what: `control result ${result.controlId}: its status, summary or evidence no longer match its result hash` });
    }
    return { controlId: result.controlId, resultHash: recomputed };
  });

  if (snapshot.sequence === null) {
    return { manifest: null, recomputedManifestHash: null, isSignatureValid: null, problems };
  }
  const manifest = buildManifest({
    cluster: snapshot.cluster,
    sequence: snapshot.sequence,
    takenAt: new Date(snapshot.takenAt).toISOString(),
    durationMs: snapshot.durationMs,
    catalogVersion: snapshot.catalogVersion,
    refmapVersion: snapshot.refmapVersion,
    score: snapshot.score,
    sourceErrors: snapshot.sourceErrors as unknown as SourceFailure[],
    previousManifestHash: snapshot.previousManifestHash,
    results: resultHashes,
  });
  const recomputedManifestHash = hashManifest(manifest);
  if (recomputedManifestHash !== snapshot.manifestHash) {
    problems.push({ what: `manifest hash ${short(snapshot.manifestHash)} differs from the recomputed ${short(recomputedManifestHash)}: a field of the snapshot or its results changed` });
  }
  let isSignatureValid: boolean | null = null;
  if (snapshot.signature !== null) {
    isSignatureValid = snapshot.publicKey !== null && snapshot.manifestHash !== null && isManifestSignatureValid(snapshot.manifestHash, snapshot.signature, snapshot.publicKey);
    if (!isSignatureValid) problems.push({ what: 'the signature does not verify against the manifest hash and public key' });
  }
  return { manifest, recomputedManifestHash, isSignatureValid, problems };
}
