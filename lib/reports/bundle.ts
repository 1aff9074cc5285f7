import { createHash } from 'node:crypto';
import { Zip, ZipDeflate } from 'fflate';
import { canonicalJson } from '@/lib/evaluate/canonical-json';
import { signManifestHash } from '@/lib/snapshots/signing';
import { renderResultsCsv } from './csv';
import { renderHdfJson } from './hdf';
import { renderOscalJson } from './oscal';
import { renderReportPdf } from './pdf';
import { renderOscalPoamJson } from './poam';
import type { ReportModel, ReportRecipient } from './report-model';
import { checkSeal } from './seal';

/**
 * bundle.zip: everything an auditor files for one snapshot (or for every snapshot of a date range,
 * one folder each), verifiable later without Refmap's database:
 *
 *   README.txt                      what is where and how to check it
 *   MANIFEST.json                   every other file with its sha256 and size (written last)
 *   MANIFEST.sig.json               Ed25519 signature of MANIFEST.json, when the server has a signing key
 *   <folder>report.pdf · results.csv · oscal.json · results.hdf.json · poam.json     the exports
 *   <folder>snapshot.json           the stored rows the manifest hash is computed from (seal.ts)
 *   <folder>manifest.json           the snapshot manifest, canonical JSON: its sha256 is the manifest hash
 *   <folder>chain-link.json         sequence, manifest hash and previous manifest hash
 *   <folder>signature.json, public-key.pem             the snapshot's signature, when it is signed
 *   <folder>evidence/<sha256>.json  every evidence body byte for byte as stored: its sha256 is its name
 *
 * The zip is streamed: each snapshot's files are rendered and compressed when the client is ready
 * for more, and MANIFEST.json, which needs every file's hash, comes last.
 */

export const BUNDLE_FORMAT = 'refmap.evidence-bundle/1';
export const BUNDLE_MANIFEST = 'MANIFEST.json';
export const BUNDLE_SIGNATURE = 'MANIFEST.sig.json';

export interface BundleFile {
  path: string;
  data: Uint8Array;
}

export interface BundleSnapshotEntry {
  id: string;
  cluster: string;
  takenAt: string;
  sequence: number | null;
  manifestHash: string | null;
  previousManifestHash: string | null;
  isSigned: boolean;
  /** '' for a one-snapshot bundle, `snapshots/<time>_<id>/` in a date-range bundle */
  folder: string;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  generatedAt: string;
  generatedBy: { sub: string; name: string };
  refmapVersion: string;
  scope: { kind: 'snapshot'; snapshotId: string } | { kind: 'window'; cluster: string; from: string; to: string };
  snapshots: BundleSnapshotEntry[];
  files: { path: string; sha256: string; size: number }[];
}

export interface BundleOptions {
  generatedAt: string;
  generatedBy: ReportRecipient;
  refmapVersion: string;
  scope: BundleManifest['scope'];
  /** signs MANIFEST.json when set (the key that signs snapshots) */
  signingKeyPem?: string;
}

const encoder = new TextEncoder();
const text = (value: string) => encoder.encode(value);
const sha256Of = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** `2026-06-01T12:00:00.000Z` + id → `snapshots/2026-06-01T12-00-00Z_<id>/`: sortable, and valid on every file system. */
export function snapshotFolder(takenAt: string, snapshotId: string): string {
  return `snapshots/${takenAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}_${snapshotId}/`;
}

/** The files of one snapshot under `folder`, and its line in MANIFEST.json. */
export async function snapshotBundleFiles(model: ReportModel, folder: string): Promise<{ entry: BundleSnapshotEntry; files: BundleFile[] }> {
  const { snapshot } = model;
  const { manifest } = checkSeal(model.sealed, model.evidenceBodies);
  const files: BundleFile[] = [
    { path: 'report.pdf', data: await renderReportPdf(model) },
    { path: 'results.csv', data: text(renderResultsCsv(model)) },
    { path: 'oscal.json', data: text(renderOscalJson(model)) },
    { path: 'results.hdf.json', data: text(renderHdfJson(model)) },
    { path: 'poam.json', data: text(renderOscalPoamJson(model)) },
    { path: 'snapshot.json', data: text(`${JSON.stringify(model.sealed, null, 2)}\n`) },
  ];
  if (manifest !== null) {
    // Rebuilt from the rows: byte for byte what was hashed when the snapshot was sealed, if nothing changed since.
    files.push({ path: 'manifest.json', data: text(canonicalJson(manifest)) });
    const link = { cluster: snapshot.cluster, sequence: snapshot.sequence, takenAt: snapshot.takenAt, manifestHash: snapshot.manifestHash, previousManifestHash: snapshot.previousManifestHash };
    files.push({ path: 'chain-link.json', data: text(`${JSON.stringify(link, null, 2)}\n`) });
  }
  if (snapshot.signature !== null && snapshot.publicKey !== null) {
    const signature = {
      algorithm: 'Ed25519',
      signedMessage: 'the 64 ASCII characters of the hex manifest hash',
      manifestHash: snapshot.manifestHash,
      signature: snapshot.signature,
      publicKeyPem: snapshot.publicKey,
    };
    files.push({ path: 'signature.json', data: text(`${JSON.stringify(signature, null, 2)}\n`) });
    files.push({ path: 'public-key.pem', data: text(snapshot.publicKey) });
  }
  for (const [sha256, json] of [...model.evidenceBodies].sort(([a], [b]) => a.localeCompare(b))) {
    files.push({ path: `evidence/${sha256}.json`, data: text(json) });
  }
  return {
    entry: {
      id: snapshot.id,
      cluster: snapshot.cluster,
      takenAt: snapshot.takenAt,
      sequence: snapshot.sequence,
      manifestHash: snapshot.manifestHash,
      previousManifestHash: snapshot.previousManifestHash,
      isSigned: snapshot.signature !== null,
      folder,
    },
    files: files.map((file) => ({ path: `${folder}${file.path}`, data: file.data })),
  };
}

const README = `Refmap evidence bundle

Every file below is listed in MANIFEST.json with its sha256 and size. MANIFEST.sig.json, when
present, is an Ed25519 signature of MANIFEST.json's sha256 by the Refmap server that made the bundle.

  report.pdf         the report of the snapshot (cover, summary, one page or more per control)
  results.csv        one row per control and check
  oscal.json         OSCAL 1.1.2 assessment results, naming the NIST SP 800-53 controls assessed
                     (for a system security plan)
  results.hdf.json   Heimdall Data Format (open in Heimdall; the SAF CLI converts it to a DISA STIG
                     Viewer checklist with "saf convert hdf2ckl")
  poam.json          OSCAL 1.1.2 plan of action and milestones of the failing, partly met and unknown
                     controls (for eMASS and RMF tooling)
  snapshot.json      the stored results with their evidence references: what the seal is computed from
  manifest.json      the snapshot manifest (canonical JSON); its sha256 is the snapshot's manifest hash
  chain-link.json    the snapshot's place in its cluster's hash chain (sequence, previous manifest hash)
  signature.json     the Ed25519 signature of the manifest hash, and public-key.pem (signed snapshots)
  evidence/<sha256>.json   each evidence body exactly as stored; its sha256 is its name

A bundle for a date range holds one folder per snapshot under snapshots/.

To check: "npm run verify -- --bundle bundle.zip" in a Refmap checkout recomputes every file hash,
every evidence body, evidence, result and manifest hash, the chain links and the signatures. By
hand: "sha256sum" each file against MANIFEST.json; "sha256sum manifest.json" is the manifest hash
printed on every page of report.pdf. The hashed forms are documented in Refmap's
lib/snapshots/manifest.ts.
`;

/**
 * Streams a zip of the snapshots that `parts` yields (each rendered only when the client is ready for
 * it), then MANIFEST.json (and its signature). An error while rendering aborts the stream: the
 * client sees a failed download rather than a quietly incomplete bundle.
 */
export function streamEvidenceBundle(parts: AsyncIterable<{ entry: BundleSnapshotEntry; files: BundleFile[] }>, options: BundleOptions): ReadableStream<Uint8Array> {
  const listed: BundleManifest['files'] = [];
  const snapshots: BundleSnapshotEntry[] = [];
  const iterator = parts[Symbol.asyncIterator]();
  let zip: Zip;

  const add = (path: string, data: Uint8Array, isListed = true) => {
    const file = new ZipDeflate(path, { level: 6 });
    // the bundle's time, rather than whenever the zip library would pick
    file.mtime = new Date(options.generatedAt);
    zip.add(file);
    file.push(data, true);
    if (isListed) listed.push({ path, sha256: sha256Of(data), size: data.byteLength });
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, isFinal) => {
        if (error) {
          controller.error(error);
          return;
        }
        controller.enqueue(chunk);
        if (isFinal) controller.close();
      });
      add('README.txt', text(README));
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (!next.done) {
          snapshots.push(next.value.entry);
          for (const file of next.value.files) add(file.path, file.data);
          return;
        }
        const manifest: BundleManifest = {
          format: BUNDLE_FORMAT,
          generatedAt: options.generatedAt,
          generatedBy: { sub: options.generatedBy.sub, name: options.generatedBy.name },
          refmapVersion: options.refmapVersion,
          scope: options.scope,
          snapshots,
          files: listed,
        };
        const manifestBytes = text(`${JSON.stringify(manifest, null, 2)}\n`);
        add(BUNDLE_MANIFEST, manifestBytes, false);
        if (options.signingKeyPem !== undefined) {
          const sha256 = sha256Of(manifestBytes);
          const signed = signManifestHash(sha256, options.signingKeyPem);
          const signature = { algorithm: 'Ed25519', signs: BUNDLE_MANIFEST, signedMessage: 'the 64 ASCII characters of the hex sha256 of MANIFEST.json', sha256, signature: signed.signature, publicKeyPem: signed.publicKeyPem };
          add(BUNDLE_SIGNATURE, text(`${JSON.stringify(signature, null, 2)}\n`), false);
        }
        zip.end();
      } catch (error) {
        controller.error(error);
        zip.terminate();
      }
    },
    async cancel() {
      zip.terminate();
      await iterator.return?.();
    },
  });
}
