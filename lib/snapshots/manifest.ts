import { z } from 'zod';
import { canonicalJson, sha256Hex, type JsonValue } from '@/lib/evaluate/canonical-json';

/** A source that could not be read during a collection, as recorded on the snapshot. */
export interface SourceFailure {
  source: string;
  kind: string;
  message: string;
}

/**
 * The hashed forms of a snapshot. Every hash is the lower-case hex sha256 of the canonical JSON
 * (lib/evaluate/canonical-json.ts: keys sorted at every level, no whitespace, UTF-8) of:
 *
 * - evidence body (content address, `evidence_body.sha256`):
 *   `{checkId, source, query, status, summary, excerpt}` — what a check saw, without when;
 * - evidence hash (`evidence.sha256`): the body plus `observedAt` (ISO 8601, milliseconds, `Z`);
 * - result hash (`control_result.result_hash`):
 *   `{controlId, sectionId, status, summary, evidence: [evidence hashes, sorted]}`;
 * - manifest hash (`snapshot.manifest_hash`): the SnapshotManifest below, whose `results` are
 *   `{controlId, resultHash}` sorted by controlId and whose `previousManifestHash` is the manifest
 *   hash of the cluster's previous snapshot (null for the first), which makes a chain per cluster;
 * - signature (`snapshot.signature`, optional): Ed25519 over the 64 ASCII characters of the
 *   manifest hash, base64; the signer's public key is stored beside it as SPKI PEM.
 *
 * `npm run verify` recomputes all of them from the stored rows.
 */

export const MANIFEST_FORMAT = 'refmap.snapshot-manifest/1';

const jsonObject = z.record(z.string(), z.json());

/** An evidence item without its observation time: what is stored once, however often it is seen. */
export const evidenceBodySchema = z.object({
  checkId: z.string(),
  source: z.string(),
  query: z.string(),
  status: z.string(),
  summary: z.string(),
  excerpt: jsonObject,
});
export type EvidenceBody = z.infer<typeof evidenceBodySchema>;

export interface SnapshotManifest {
  format: typeof MANIFEST_FORMAT;
  cluster: string;
  sequence: number;
  takenAt: string;
  durationMs: number;
  catalogVersion: string;
  refmapVersion: string;
  score: number | null;
  sourceErrors: SourceFailure[];
  previousManifestHash: string | null;
  results: { controlId: string; resultHash: string }[];
}

export function toEvidenceBody(item: { checkId: string; source: string; query: string; status: string; summary: string; excerpt: { [key: string]: JsonValue } }): EvidenceBody {
  return { checkId: item.checkId, source: item.source, query: item.query, status: item.status, summary: item.summary, excerpt: item.excerpt };
}

/** The body's stored text and its content address. */
export function encodeEvidenceBody(body: EvidenceBody): { json: string; sha256: string } {
  const json = canonicalJson(body);
  return { json, sha256: sha256Hex(json) };
}

/** Parses a stored body; throws when the text is not a body (which verify reports as tampering). */
export function decodeEvidenceBody(json: string): EvidenceBody {
  return evidenceBodySchema.parse(JSON.parse(json));
}

/**
 * @example hashEvidence(body, '2026-06-01T12:00:00.000Z') // sha256 of {...body, observedAt}
 */
export function hashEvidence(body: EvidenceBody, observedAt: string): string {
  return sha256Hex(canonicalJson({ ...body, observedAt }));
}

export function hashResult(result: { controlId: string; sectionId: string; status: string; summary: string }, evidenceHashes: string[]): string {
  return sha256Hex(
    canonicalJson({
      controlId: result.controlId,
      sectionId: result.sectionId,
      status: result.status,
      summary: result.summary,
      evidence: [...evidenceHashes].sort(),
    }),
  );
}

export function buildManifest(fields: Omit<SnapshotManifest, 'format' | 'results'> & { results: { controlId: string; resultHash: string }[] }): SnapshotManifest {
  return {
    format: MANIFEST_FORMAT,
    ...fields,
    results: [...fields.results].sort((a, b) => (a.controlId < b.controlId ? -1 : a.controlId > b.controlId ? 1 : 0)),
  };
}

export function hashManifest(manifest: SnapshotManifest): string {
  return sha256Hex(canonicalJson(manifest));
}
