import { z } from 'zod';
import type { EvidenceBody } from '@/lib/snapshots/manifest';
import { CSV_COLUMNS, parseCsv, withoutFormulaGuard } from './csv';
import type { SealedSnapshot } from './seal';
import { decoder, parseJson, short } from './verify-bundle-zip';

/** The results.csv and OSCAL exports of an evidence bundle checked against the sealed results, for verify-bundle.ts. */

const oscalSubsetSchema = z.object({
  'assessment-results': z.object({
    metadata: z.object({ props: z.array(z.object({ name: z.string(), value: z.string() })).default([]) }),
    results: z
      .array(
        z.object({
          findings: z.array(z.object({ props: z.array(z.object({ name: z.string(), value: z.string() })).default([]) })).default([]),
          observations: z.array(z.object({ collected: z.string(), props: z.array(z.object({ name: z.string(), value: z.string() })).default([]) })).default([]),
        }),
      )
      .length(1),
    'back-matter': z.object({
      resources: z.array(z.object({ rlinks: z.array(z.object({ href: z.string(), hashes: z.array(z.object({ algorithm: z.string(), value: z.string() })).default([]) })).default([]) })),
    }),
  }),
});

/** Each CSV row must say what the sealed results say. */
export function checkCsv(path: string, data: Uint8Array, sealed: SealedSnapshot, bodies: Map<string, EvidenceBody>, problem: (path: string, what: string) => void): void {
  const [header, ...rows] = parseCsv(decoder.decode(data));
  if (header?.join(',') !== CSV_COLUMNS.join(',')) {
    problem(path, 'its header is not the results.csv header');
    return;
  }
  const results = new Map(sealed.results.map((result) => [result.controlId, result]));
  const expectedRows = sealed.results.reduce((sum, result) => sum + Math.max(1, result.evidence.length), 0);
  if (rows.length !== expectedRows) problem(path, `has ${rows.length} rows, the snapshot has ${expectedRows} control × check rows`);
  let mismatches = 0;
  rows.forEach((cells, index) => {
    if (mismatches >= 3) return;
    const row = Object.fromEntries(CSV_COLUMNS.map((column, position) => [column, withoutFormulaGuard(cells[position] ?? '')]));
    const result = results.get(row.control_id!);
    const evidence = result?.evidence.find((item) => item.sha256 === row.evidence_sha256 && item.checkId === row.check_id);
    const body = evidence ? bodies.get(evidence.bodySha256) : undefined;
    const isSame =
      row.cluster === sealed.cluster &&
      row.snapshot_id === sealed.id &&
      result !== undefined &&
      row.control_status === result.status &&
      (row.check_id === ''
        ? result.evidence.length === 0
        : evidence !== undefined &&
          row.observed_at === evidence.observedAt &&
          (body === undefined || (row.check_status === body.status && row.source === body.source && row.query === body.query && row.summary === body.summary)));
    if (!isSame) {
      mismatches++;
      problem(path, `row ${index + 2} (${row.control_id} ${row.check_id}) differs from the sealed results in snapshot.json`);
    }
  });
}

type Props = { name: string; value: string }[];
const propOf = (props: Props, name: string) => props.find((prop) => prop.name === name)?.value;

/** The OSCAL document must name this snapshot, its manifest hash, its evidence and the statuses of both. */
export function checkOscal(path: string, data: Uint8Array, sealed: SealedSnapshot, bodies: Map<string, EvidenceBody>, problem: (path: string, what: string) => void): void {
  const oscal = parseJson(oscalSubsetSchema, data);
  if (oscal === null) {
    problem(path, 'is not a Refmap OSCAL assessment-results document');
    return;
  }
  const document = oscal['assessment-results'];
  const snapshotId = propOf(document.metadata.props, 'snapshot-id');
  if (snapshotId !== sealed.id) problem(path, `names snapshot ${snapshotId ?? 'none'}, not ${sealed.id}`);
  for (const rlink of document['back-matter'].resources.flatMap((resource) => resource.rlinks)) {
    const hash = rlink.hashes.find((candidate) => candidate.algorithm === 'SHA-256')?.value;
    if (rlink.href === 'manifest.json' && hash !== sealed.manifestHash) problem(path, `gives the manifest hash as ${short(hash)}, the snapshot's is ${short(sealed.manifestHash)}`);
    const evidence = /^evidence\/([0-9a-f]{64})\.json$/.exec(rlink.href);
    if (evidence && (hash !== evidence[1] || !bodies.has(evidence[1]!))) problem(path, `lists evidence ${short(evidence[1])} with hash ${short(hash)}, which is not an evidence body of the snapshot`);
  }
  const [result] = document.results;
  const statuses = new Map(sealed.results.map((item) => [item.controlId, item.status]));
  if (result!.findings.length !== sealed.results.length) problem(path, `has ${result!.findings.length} findings, the snapshot has ${sealed.results.length} results`);
  const wrongFinding = result!.findings.find((finding) => {
    const controlId = propOf(finding.props, 'control-id');
    return controlId === undefined || statuses.get(controlId) !== propOf(finding.props, 'status');
  });
  if (wrongFinding) problem(path, `the finding for ${propOf(wrongFinding.props, 'control-id') ?? 'a control'} gives a status the sealed result does not have`);

  const evidenceByHash = new Map(sealed.results.flatMap((item) => item.evidence.map((evidence) => [evidence.sha256, evidence] as const)));
  const evidenceCount = sealed.results.reduce((sum, item) => sum + item.evidence.length, 0);
  if (result!.observations.length !== evidenceCount) problem(path, `has ${result!.observations.length} observations, the snapshot has ${evidenceCount} pieces of evidence`);
  const wrongObservation = result!.observations.find((observation) => {
    const evidence = evidenceByHash.get(propOf(observation.props, 'evidence-sha256') ?? '');
    const body = evidence ? bodies.get(evidence.bodySha256) : undefined;
    return evidence === undefined || observation.collected !== evidence.observedAt || (body !== undefined && propOf(observation.props, 'status') !== body.status);
  });
  if (wrongObservation) problem(path, `the observation of ${propOf(wrongObservation.props, 'control-id') ?? '?'}/${propOf(wrongObservation.props, 'check-id') ?? '?'} differs from the sealed evidence`);
}
