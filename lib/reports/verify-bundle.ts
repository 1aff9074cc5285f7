import { createHash } from 'node:crypto';
import { z } from 'zod';
import { decodeEvidenceBody, type EvidenceBody } from '@/lib/snapshots/manifest';
import { isManifestSignatureValid, isSamePublicKey, publicKeyFingerprint } from '@/lib/snapshots/signing';
import { BUNDLE_FORMAT, BUNDLE_MANIFEST, BUNDLE_SIGNATURE } from './bundle';
import { checkSeal, sealedSnapshotSchema, type SealedSnapshot } from './seal';
import { checkCsv, checkOscal } from './verify-csv-oscal';
import { checkHdf, checkPoam } from './verify-exports';
import { DEFAULT_BUNDLE_LIMITS, decoder, parseJson, readEntries, sha256Of, short, type BundleLimits } from './verify-bundle-zip';

export { DEFAULT_BUNDLE_LIMITS, type BundleLimits };

/**
 * Checks an evidence bundle (bundle.ts) with nothing but the bundle: every file against MANIFEST.json,
 * each evidence body against its name, the evidence, result and manifest hashes of each snapshot
 * recomputed from its snapshot.json (seal.ts), manifest.json against the manifest hash, the chain
 * links between the bundle's snapshots, the signatures, and the CSV, OSCAL, HDF and POA&M exports
 * against the sealed results. Every problem names the file it was found in.
 *
 * Hashes and signatures only prove that nobody changed the bundle after whoever signed it: a forger
 * can rebuild and re-sign a whole bundle with a key of their own. So the result also says whose key
 * vouches for it: the trusted one the caller gave, or only keys found inside the bundle (untrusted).
 */

/**
 * Who vouches for the bundle: `trusted-key` when every signature was checked against the key the
 * caller trusts; `embedded-key` when signatures verify but only against keys inside the bundle
 * (anyone can make such a bundle); `unsigned` when nothing is signed.
 */
export type BundleTrust = { kind: 'trusted-key'; fingerprint: string } | { kind: 'embedded-key'; fingerprints: string[] } | { kind: 'unsigned' };

export interface BundleProblem {
  /** the file inside the bundle, e.g. `results.csv` or `snapshots/…/evidence/<sha256>.json` */
  path: string;
  what: string;
}

export interface BundleVerification {
  isIntact: boolean;
  fileCount: number;
  isManifestSigned: boolean;
  trust: BundleTrust;
  snapshots: { id: string; cluster: string; sequence: number | null; manifestHash: string | null; isSigned: boolean }[];
  problems: BundleProblem[];
}

const sha256Text = z.string().regex(/^[0-9a-f]{64}$/);

const bundleManifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  generatedAt: z.string(),
  snapshots: z.array(
    z.object({
      id: z.string(),
      cluster: z.string(),
      sequence: z.number().int().nullable(),
      manifestHash: sha256Text.nullable(),
      previousManifestHash: sha256Text.nullable(),
      isSigned: z.boolean(),
      // '' or snapshots/<name>/: nothing that could point outside the bundle's own layout
      folder: z.string().regex(/^(snapshots\/[A-Za-z0-9._-]+\/)?$/),
    }),
  ),
  files: z.array(z.object({ path: z.string(), sha256: sha256Text, size: z.number().int() })),
});

const manifestSignatureSchema = z.object({ sha256: sha256Text, signature: z.string(), publicKeyPem: z.string() });
const chainLinkSchema = z.object({ sequence: z.number().int().nullable(), manifestHash: sha256Text.nullable(), previousManifestHash: sha256Text.nullable() });
const snapshotSignatureSchema = z.object({ manifestHash: sha256Text.nullable(), signature: z.string(), publicKeyPem: z.string() });

function checkManifestSignature(entries: Map<string, Uint8Array>, manifestBytes: Uint8Array, trustedPublicKeyPem: string | undefined, problem: (path: string, what: string) => void): boolean {
  const bytes = entries.get(BUNDLE_SIGNATURE);
  if (bytes === undefined) {
    if (trustedPublicKeyPem !== undefined) problem(BUNDLE_SIGNATURE, 'is missing, but a trusted public key was given: the bundle is not signed');
    return false;
  }
  const signature = parseJson(manifestSignatureSchema, bytes);
  if (signature === null) {
    problem(BUNDLE_SIGNATURE, 'is not a Refmap bundle signature');
  } else if (signature.sha256 !== sha256Of(manifestBytes)) {
    problem(BUNDLE_MANIFEST, `its sha256 differs from the one ${BUNDLE_SIGNATURE} signs (${short(signature.sha256)}): MANIFEST.json was changed`);
  } else if (!isManifestSignatureValid(signature.sha256, signature.signature, signature.publicKeyPem)) {
    problem(BUNDLE_SIGNATURE, 'the signature does not verify against its public key');
  } else if (trustedPublicKeyPem !== undefined && !isSamePublicKey(signature.publicKeyPem, trustedPublicKeyPem)) {
    problem(BUNDLE_SIGNATURE, 'is signed by a key other than the trusted one');
  }
  return true;
}

interface SnapshotCheck {
  sealed: SealedSnapshot | null;
  folder: string;
}

function checkSnapshot(
  entries: Map<string, Uint8Array>,
  line: z.infer<typeof bundleManifestSchema>['snapshots'][number],
  trustedPublicKeyPem: string | undefined,
  problem: (path: string, what: string) => void,
): SnapshotCheck {
  const folder = line.folder;
  const at = (name: string) => `${folder}${name}`;
  const snapshotBytes = entries.get(at('snapshot.json'));
  const sealed = snapshotBytes === undefined ? null : parseJson(sealedSnapshotSchema, snapshotBytes);
  if (sealed === null) {
    problem(at('snapshot.json'), snapshotBytes === undefined ? 'is missing' : 'is not a Refmap snapshot.json');
    return { sealed: null, folder };
  }
  if (sealed.id !== line.id || sealed.manifestHash !== line.manifestHash || sealed.sequence !== line.sequence || sealed.previousManifestHash !== line.previousManifestHash) {
    problem(at('snapshot.json'), `its id, sequence or manifest hashes differ from what MANIFEST.json lists for ${folder || 'the bundle'}`);
  }

  // evidence bodies: each file's name is its sha256
  const rawBodies = new Map<string, string>();
  const bodyPrefix = at('evidence/');
  for (const [path, data] of entries) {
    if (!path.startsWith(bodyPrefix)) continue;
    const name = /^([0-9a-f]{64})\.json$/.exec(path.slice(bodyPrefix.length));
    if (!name) {
      problem(path, 'is not named <sha256>.json');
      continue;
    }
    rawBodies.set(name[1]!, decoder.decode(data));
  }
  const referenced = new Set(sealed.results.flatMap((result) => result.evidence.map((item) => item.bodySha256)));
  for (const [sha256, json] of rawBodies) {
    if (!referenced.has(sha256)) problem(at(`evidence/${sha256}.json`), createHash('sha256').update(json).digest('hex') === sha256 ? 'is not referenced by snapshot.json' : 'its sha256 differs from its name');
  }
  const seal = checkSeal(sealed, rawBodies);
  for (const item of seal.problems) problem(item.bodySha256 ? at(`evidence/${item.bodySha256}.json`) : at('snapshot.json'), item.what);

  if (sealed.sequence !== null) {
    const manifestBytes = entries.get(at('manifest.json'));
    if (manifestBytes === undefined) problem(at('manifest.json'), 'is missing');
    else if (sha256Of(manifestBytes) !== sealed.manifestHash) problem(at('manifest.json'), `its sha256 ${short(sha256Of(manifestBytes))} is not the snapshot's manifest hash ${short(sealed.manifestHash)}`);
    const linkBytes = entries.get(at('chain-link.json'));
    const link = linkBytes === undefined ? null : parseJson(chainLinkSchema, linkBytes);
    if (link === null || link.sequence !== sealed.sequence || link.manifestHash !== sealed.manifestHash || link.previousManifestHash !== sealed.previousManifestHash) {
      problem(at('chain-link.json'), linkBytes === undefined ? 'is missing' : 'differs from the sequence and manifest hashes in snapshot.json');
    }
  }

  const signatureBytes = entries.get(at('signature.json'));
  if (sealed.signature !== null) {
    const signature = signatureBytes === undefined ? null : parseJson(snapshotSignatureSchema, signatureBytes);
    if (signature === null || signature.signature !== sealed.signature || signature.publicKeyPem !== sealed.publicKey || signature.manifestHash !== sealed.manifestHash) {
      problem(at('signature.json'), signatureBytes === undefined ? 'is missing, though snapshot.json is signed' : 'differs from the signature in snapshot.json');
    }
    const keyBytes = entries.get(at('public-key.pem'));
    if (keyBytes === undefined || decoder.decode(keyBytes) !== sealed.publicKey) problem(at('public-key.pem'), keyBytes === undefined ? 'is missing' : 'differs from the public key in snapshot.json');
    if (trustedPublicKeyPem !== undefined && (sealed.publicKey === null || !isSamePublicKey(sealed.publicKey, trustedPublicKeyPem))) {
      problem(at('signature.json'), 'the snapshot is signed by a key other than the trusted one');
    }
  } else if (signatureBytes !== undefined) {
    problem(at('signature.json'), 'is present, but snapshot.json is not signed');
  } else if (trustedPublicKeyPem !== undefined) {
    problem(at('snapshot.json'), 'is not signed, but a trusted public key was given');
  }

  const bodies = new Map<string, EvidenceBody>();
  for (const [sha256, json] of rawBodies) {
    try {
      bodies.set(sha256, decodeEvidenceBody(json));
    } catch {
      // already reported by checkSeal
    }
  }
  const csv = entries.get(at('results.csv'));
  if (csv === undefined) problem(at('results.csv'), 'is missing');
  else checkCsv(at('results.csv'), csv, sealed, bodies, problem);
  const oscal = entries.get(at('oscal.json'));
  if (oscal === undefined) problem(at('oscal.json'), 'is missing');
  else checkOscal(at('oscal.json'), oscal, sealed, bodies, problem);
  if (!entries.has(at('report.pdf'))) problem(at('report.pdf'), 'is missing');
  for (const [name, check] of [['results.hdf.json', checkHdf], ['poam.json', checkPoam]] as const) {
    const bytes = entries.get(at(name));
    if (bytes !== undefined) check(at(name), bytes, sealed, problem);
  }
  return { sealed, folder };
}

/** Consecutive snapshots of one cluster in the bundle must link: #n+1 names #n's manifest hash. */
function checkChain(checked: SnapshotCheck[], problem: (path: string, what: string) => void): void {
  const sealed = checked.filter((item): item is { sealed: SealedSnapshot; folder: string } => item.sealed !== null && item.sealed.sequence !== null);
  const byPosition = new Map(sealed.map((item) => [`${item.sealed.cluster}#${item.sealed.sequence}`, item.sealed]));
  for (const item of sealed) {
    const previous = byPosition.get(`${item.sealed.cluster}#${item.sealed.sequence! - 1}`);
    if (previous && item.sealed.previousManifestHash !== previous.manifestHash) {
      problem(`${item.folder}snapshot.json`, `does not link to snapshot #${previous.sequence} of the bundle: previous manifest ${short(item.sealed.previousManifestHash)}, #${previous.sequence} has ${short(previous.manifestHash)}`);
    }
  }
}

/** Verifies a bundle's bytes. `trustedPublicKeyPem` (SPKI PEM): require every signature to be by that key. */
export function verifyBundle(zip: Uint8Array, options: { trustedPublicKeyPem?: string; limits?: BundleLimits } = {}): BundleVerification {
  const problems: BundleProblem[] = [];
  const problem = (path: string, what: string) => problems.push({ path, what });
  const embeddedKeys = new Set<string>();
  const result = (fileCount: number, isManifestSigned: boolean, snapshots: BundleVerification['snapshots'] = []): BundleVerification => ({
    isIntact: problems.length === 0,
    fileCount,
    isManifestSigned,
    trust: trustOf(embeddedKeys, options.trustedPublicKeyPem),
    snapshots,
    problems,
  });

  const entries = readEntries(zip, options.limits ?? DEFAULT_BUNDLE_LIMITS, problem);
  if (entries === null) return result(0, false);
  const manifestBytes = entries.get(BUNDLE_MANIFEST);
  const manifest = manifestBytes === undefined ? null : parseJson(bundleManifestSchema, manifestBytes);
  if (manifestBytes === undefined || manifest === null) {
    problem(BUNDLE_MANIFEST, manifestBytes === undefined ? 'is missing: this is not a Refmap evidence bundle' : 'is not a Refmap bundle manifest (it was changed, or is from another tool)');
    return result(entries.size, false);
  }
  const isManifestSigned = checkManifestSignature(entries, manifestBytes, options.trustedPublicKeyPem, problem);
  for (const key of embeddedPublicKeys(entries, manifest)) embeddedKeys.add(publicKeyFingerprint(key));

  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    const data = entries.get(file.path);
    if (data === undefined) {
      if (!problems.some((item) => item.path === file.path)) problem(file.path, 'is listed in MANIFEST.json but missing from the bundle');
    } else if (sha256Of(data) !== file.sha256 || data.byteLength !== file.size) {
      problem(file.path, `its sha256 ${short(sha256Of(data))} (${data.byteLength} bytes) differs from the ${short(file.sha256)} (${file.size} bytes) that MANIFEST.json lists: the file was changed`);
    }
  }
  for (const path of entries.keys()) {
    if (path !== BUNDLE_MANIFEST && path !== BUNDLE_SIGNATURE && !path.endsWith('/') && !listed.has(path)) problem(path, 'is not listed in MANIFEST.json: it was added to the bundle');
  }

  const checked = manifest.snapshots.map((line) => checkSnapshot(entries, line, options.trustedPublicKeyPem, problem));
  checkChain(checked, problem);
  return result(
    entries.size,
    isManifestSigned,
    manifest.snapshots.map((line) => ({ id: line.id, cluster: line.cluster, sequence: line.sequence, manifestHash: line.manifestHash, isSigned: line.isSigned })),
  );
}

/** Every public key the bundle carries: the one of MANIFEST.sig.json and those of the snapshots. */
function embeddedPublicKeys(entries: Map<string, Uint8Array>, manifest: z.infer<typeof bundleManifestSchema>): string[] {
  const signatureBytes = entries.get(BUNDLE_SIGNATURE);
  const manifestKey = signatureBytes === undefined ? null : parseJson(manifestSignatureSchema, signatureBytes)?.publicKeyPem;
  const snapshotKeys = manifest.snapshots.map((line) => {
    const bytes = entries.get(`${line.folder}snapshot.json`);
    return bytes === undefined ? null : parseJson(sealedSnapshotSchema, bytes)?.publicKey;
  });
  return [manifestKey, ...snapshotKeys].filter((key): key is string => typeof key === 'string');
}

function trustOf(embeddedFingerprints: Set<string>, trustedPublicKeyPem: string | undefined): BundleTrust {
  // with a trusted key, every signature was required to be by it (a problem otherwise)
  if (trustedPublicKeyPem !== undefined) return { kind: 'trusted-key', fingerprint: publicKeyFingerprint(trustedPublicKeyPem) };
  if (embeddedFingerprints.size === 0) return { kind: 'unsigned' };
  return { kind: 'embedded-key', fingerprints: [...embeddedFingerprints].sort() };
}

/** What the trust line of the command's output says. */
function describeTrust(trust: BundleTrust): string {
  if (trust.kind === 'trusted-key') return `signed by the trusted key (fingerprint ${trust.fingerprint})`;
  if (trust.kind === 'unsigned') return 'NOT SIGNED: the hashes only show the files agree with each other; anyone could have made them';
  return `signed by an untrusted embedded key (fingerprint ${trust.fingerprints.join(', ')}): anyone can re-sign a bundle with a key of their own; pass --public-key with the key you trust`;
}

/** The command's output: what was checked, then OK or the first changed file (and a few more). */
export function formatBundleVerification(fileName: string, report: BundleVerification): string {
  const snapshots = report.snapshots.map((snapshot) => {
    const seal = snapshot.sequence === null ? 'not sealed' : `chain #${snapshot.sequence} manifest ${snapshot.manifestHash}`;
    return `  snapshot ${snapshot.id} of ${snapshot.cluster}: ${seal}${snapshot.isSigned ? ', signed' : ''}`;
  });
  const lines = [`bundle ${fileName}: ${report.fileCount} files, ${report.snapshots.length} snapshot(s)${report.isManifestSigned ? ', MANIFEST.json signed' : ''}`, ...snapshots];
  const [first, ...rest] = report.problems;
  if (first) {
    lines.push('', `BROKEN: ${first.path}: ${first.what}`);
    for (const problem of rest.slice(0, 20)) lines.push(`  also: ${problem.path}: ${problem.what}`);
    if (rest.length > 20) lines.push(`  … and ${rest.length - 20} more`);
  } else {
    lines.push('', `OK: every file, hash, link and signature verifies; ${describeTrust(report.trust)}`);
  }
  return lines.join('\n');
}

/**
 * The exit code of `npm run verify -- --bundle`: 0 intact and signed by the trusted key, 1 broken,
 * 3 intact but vouched for by no trusted key (signed only by a key inside it, or not signed).
 */
export const BUNDLE_UNTRUSTED_EXIT_CODE = 3;
export function bundleExitCode(report: BundleVerification): number {
  if (!report.isIntact) return 1;
  return report.trust.kind === 'trusted-key' ? 0 : BUNDLE_UNTRUSTED_EXIT_CODE;
}
