import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '@/lib/evaluate/canonical-json';
import { snapshotBundleFiles, streamEvidenceBundle, type BundleFile, type BundleSnapshotEntry } from './bundle';
import { CSV_COLUMNS, renderResultsCsv } from './csv';
import { buildOscalAssessmentResults, renderOscalJson } from './oscal';
import { renderReportPdf } from './pdf';
import { loadReportModel, type ReportModel } from './report-model';
import { openReportFixture, type ReportFixture } from '@/lib/testing/report-fixture';
import { BUNDLE_UNTRUSTED_EXIT_CODE, verifyBundle } from './verify-bundle';

// The four exports of snapshots stored by the real collection code from the demo cluster (stock).

const AUDITOR = { sub: 'local:ann', name: 'Ann Auditor', roles: ['auditor'] };
const PLANTED = {
  PROMETHEUS_TOKEN: 'PLANTED-report-prometheus-token-4b1e',
  OPENSEARCH_PASSWORD: 'PLANTED-report-opensearch-password-77c0',
  HARBOR_PASSWORD: 'PLANTED-report-harbor-password-a9d2',
};

let fixture: ReportFixture;
let signed: { snapshotId: string; manifestHash: string };
let model: ReportModel;

beforeAll(async () => {
  fixture = await openReportFixture();
  signed = await fixture.collect('demo', { isSigned: true });
  model = await loadReportModel(fixture.database, signed.snapshotId, { downloadedBy: AUDITOR });
}, 120_000);

afterAll(async () => {
  await fixture?.close();
}, 60_000);

/** The text of a PDF as pdftotext (poppler-utils) reads it, one string per page. */
function pdfPages(pdf: Buffer): string[] {
  const file = path.join(fixture.dir, `report-${Date.now()}.pdf`);
  writeFileSync(file, pdf);
  const result = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  if (result.error) throw new Error(`pdftotext is needed (Debian package poppler-utils): ${result.error.message}`);
  expect(result.status).toBe(0);
  return result.stdout.split('\f').filter((page) => page.trim() !== '');
}

/** A deliberately small RFC 4180 reader, independent of the one in csv.ts. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      rows.at(-1)!.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      rows.at(-1)!.push(field);
      field = '';
      rows.push([]);
      i++;
    } else {
      field += c;
    }
  }
  if (rows.at(-1)!.length === 0 && field === '') rows.pop();
  return rows;
}

async function bundleOf(parts: { entry: BundleSnapshotEntry; files: BundleFile[] }[], signingKeyPem?: string): Promise<Uint8Array> {
  async function* generate() {
    yield* parts;
  }
  const stream = streamEvidenceBundle(generate(), {
    generatedAt: new Date().toISOString(),
    generatedBy: AUDITOR,
    refmapVersion: 'test',
    scope: { kind: 'snapshot', snapshotId: parts[0]!.entry.id },
    signingKeyPem,
  });
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('report.pdf', () => {
  let pages: string[];

  beforeAll(async () => {
    pages = pdfPages(await renderReportPdf(model));
  });

  it('is searchable text with every control id, the manifest hash and its chain link on every page', () => {
    const text = pages.join('\n');
    expect(model.controls.length).toBeGreaterThan(30);
    for (const control of model.controls) expect(text, control.id).toContain(control.id);
    pages.forEach((page, index) => {
      expect(page, `page ${index + 1}`).toContain(`Manifest sha256 ${signed.manifestHash}`);
      expect(page).toContain('Chain #1, previous manifest none');
      expect(page).toContain(`page ${index + 1} of ${pages.length}`);
    });
  });

  it('says who downloaded it, the scope, the versions, and that the seal verified', () => {
    const cover = pages[0]!;
    expect(cover).toContain('Ann Auditor (local:ann)');
    expect(cover).toContain('All sections');
    expect(cover).toContain(model.snapshot.catalogVersion);
    expect(cover).toContain('Intact');
    expect(cover).toContain('Ed25519, verifies');
  });

  it('shows each check with its query and evidence sha256, and offending objects with their total', () => {
    const text = pages.join('\n').replace(/\s+/g, ' ');
    const failing = model.controls.flatMap((control) => control.checks).find((check) => check.totalOffenders > 0)!;
    expect(failing).toBeDefined();
    expect(text).toContain(failing.sha256);
    expect(text).toContain(`Offending objects: ${failing.totalOffenders} in total`);
    expect(text).toContain(failing.offenders[0]!.object);
  });

  it('covers one section when asked', async () => {
    const text = pdfPages(await renderReportPdf(model, { sectionId: '4' })).join('\n').replace(/\s+/g, ' ');
    const inSection = model.controls.filter((control) => control.sectionId === '4');
    expect(text).toContain(`Section 4: Software factory and CI/CD (${inSection.length} of ${model.controls.length} controls)`);
    for (const control of inSection) expect(text).toContain(`${control.id} ${control.title}`);
    const other = model.controls.find((control) => control.sectionId === '5')!;
    expect(text).not.toContain(`${other.id} ${other.title}`);
  });
});

describe('results.csv', () => {
  it('parses back to one row per control and check, with the evidence hashes', () => {
    const [header, ...rows] = readCsv(renderResultsCsv(model));
    expect(header).toEqual([...CSV_COLUMNS]);
    // a control with no evidence (a manual one) still has its row, with empty check columns
    const withoutChecks = model.controls.filter((control) => control.checks.length === 0);
    const checks = model.controls.flatMap((control) => control.checks.map((check) => ({ control, check })));
    expect(rows).toHaveLength(checks.length + withoutChecks.length);
    const checkRows = rows.filter((row) => row[CSV_COLUMNS.indexOf('check_id')] !== '');
    expect(checkRows).toHaveLength(checks.length);
    checkRows.forEach((row, index) => {
      const { control, check } = checks[index]!;
      expect(row).toHaveLength(CSV_COLUMNS.length);
      const record = Object.fromEntries(CSV_COLUMNS.map((column, position) => [column, row[position]]));
      expect(record).toMatchObject({ cluster: 'demo', snapshot_id: model.snapshot.id, control_id: control.id, check_id: check.id, check_status: check.status, evidence_sha256: check.sha256 });
      // commas, quotes and formula guards survive the round trip
      expect(record.control_title).toBe(control.title);
      expect(record.query === check.query || record.query === `'${check.query}`).toBe(true);
    });
  });
});

describe('oscal.json', () => {
  const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'oscal/oscal_assessment-results_schema.json'), 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('validates against NIST’s OSCAL 1.1.2 assessment-results schema', () => {
    const document = JSON.parse(renderOscalJson(model)) as unknown;
    expect(validate(document), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('has a finding per control and an observation per piece of evidence, with hashes in the back matter', () => {
    const results = buildOscalAssessmentResults(model)['assessment-results'];
    const [result] = results.results;
    expect(result!.findings).toHaveLength(model.controls.length);
    const checks = model.controls.flatMap((control) => control.checks);
    expect(result!.observations).toHaveLength(checks.length);
    const failing = result!.findings!.find((finding) => finding.target['target-id'] === 'S2.PSS')!;
    expect(failing.target.status.state).toBe(model.controls.find((control) => control.id === 'S2.PSS')!.status === 'pass' ? 'satisfied' : 'not-satisfied');
    const hashes = results['back-matter'].resources.flatMap((resource) => resource.rlinks ?? []).flatMap((rlink) => rlink.hashes.map((hash) => hash.value));
    expect(hashes).toContain(signed.manifestHash);
    for (const check of checks) expect(hashes).toContain(check.bodySha256);
    expect(results['import-ap'].href).toMatch(/^#/);
  });

  it('is the same document for the same snapshot, except who downloaded it and when', async () => {
    const other = await loadReportModel(fixture.database, signed.snapshotId, { downloadedBy: { sub: 'local:bo', name: 'Bo', roles: ['admin'] }, downloadedAt: new Date('2030-01-01T00:00:00Z') });
    const strip = (text: string) => {
      const document = JSON.parse(text) as { 'assessment-results': { metadata: { 'last-modified'?: string; props: { name: string }[] } } };
      const metadata = document['assessment-results'].metadata;
      delete metadata['last-modified'];
      metadata.props = metadata.props.filter((prop) => prop.name !== 'downloaded-by');
      return document;
    };
    expect(strip(renderOscalJson(other))).toEqual(strip(renderOscalJson(model)));
  });
});

describe('planted credentials', () => {
  let planted: ReportModel;

  beforeAll(async () => {
    const { snapshotId } = await fixture.collect('planted', { credentials: PLANTED });
    planted = await loadReportModel(fixture.database, snapshotId, { downloadedBy: AUDITOR });
  }, 60_000);

  it('were sent to the sources, which refused them: the report shows the failures and never the values', async () => {
    expect(planted.snapshot.sourceErrors.map((error) => error.source).sort()).toEqual(['harbor', 'opensearch', 'prometheus']);
    const text = pdfPages(await renderReportPdf(planted)).join('\n');
    expect(text).toContain('Sources that could not be read');
    const { files } = await snapshotBundleFiles(planted, '');
    const everything = [text, ...files.filter((file) => !file.path.endsWith('.pdf')).map((file) => Buffer.from(file.data).toString('utf8'))].join('\n');
    const secrets = [
      ...Object.values(PLANTED),
      ...Object.values(PLANTED).map((value) => encodeURIComponent(value)),
      Buffer.from(`${fixture.demo.credentials.opensearchUsername}:${PLANTED.OPENSEARCH_PASSWORD}`).toString('base64'),
      fixture.demo.credentials.kubernetesToken,
    ];
    for (const secret of secrets) expect(everything.includes(secret), secret).toBe(false);
  });
});

describe('bundle.zip', () => {
  let bundle: Uint8Array;
  let signingKeyPem: string;

  beforeAll(async () => {
    signingKeyPem = readFileSync(path.join(fixture.dir, 'signing-key.pem'), 'utf8');
    bundle = await bundleOf([await snapshotBundleFiles(model, '')], signingKeyPem);
  });

  it('holds the exports, the raw evidence and the manifest, and verifies', () => {
    const entries = unzipSync(bundle);
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['README.txt', 'report.pdf', 'results.csv', 'oscal.json', 'results.hdf.json', 'poam.json', 'snapshot.json', 'manifest.json', 'chain-link.json', 'signature.json', 'public-key.pem', 'MANIFEST.json', 'MANIFEST.sig.json']));
    // the manifest's own sha256 is the manifest hash; each evidence body's is its name, byte for byte as stored
    expect(sha256Hex(Buffer.from(entries['manifest.json']!).toString('utf8'))).toBe(signed.manifestHash);
    for (const [sha256, json] of model.evidenceBodies) expect(Buffer.from(entries[`evidence/${sha256}.json`]!).toString('utf8')).toBe(json);
    const report = verifyBundle(bundle, { trustedPublicKeyPem: model.snapshot.publicKey! });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ isIntact: true, isManifestSigned: true, snapshots: [{ id: signed.snapshotId, manifestHash: signed.manifestHash, isSigned: true }] });
  });

  const firstEvidence = () => `evidence/${[...model.evidenceBodies.keys()].sort()[0]}.json`;
  const KINDS = ['report.pdf', 'results.csv', 'oscal.json', 'results.hdf.json', 'poam.json', 'snapshot.json', 'manifest.json', 'chain-link.json', 'signature.json', 'public-key.pem', 'README.txt', 'evidence', 'MANIFEST.json'];

  it.each(KINDS)('fails naming %s when one byte of it changes', (kind) => {
    const name = kind === 'evidence' ? firstEvidence() : kind;
    const entries = unzipSync(bundle);
    const data = entries[name]!;
    const middle = Math.floor(data.length / 2);
    data[middle] = data[middle]! ^ 0x01;
    const report = verifyBundle(zipSync(entries));
    expect(report.isIntact).toBe(false);
    expect(report.problems[0]!.path).toBe(name);
  });

  it.each([
    ['results.csv', (text: string) => text.replace(',fail,', ',pass,')],
    ['oscal.json', (text: string) => text.replace('"value": "fail"', '"value": "pass"')],
    ['results.hdf.json', (text: string) => text.replace('"refmap_status": "fail"', '"refmap_status": "pass"')],
    // an item dropped from the plan, as if its control had passed
    ['poam.json', (text: string) => JSON.stringify({ 'plan-of-action-and-milestones': { ...JSON.parse(text)['plan-of-action-and-milestones'], 'poam-items': JSON.parse(text)['plan-of-action-and-milestones']['poam-items'].slice(1) } })],
    ['snapshot.json', (text: string) => text.replace('"status": "fail"', '"status": "pass"')],
    ['manifest.json', (text: string) => text.replace('"cluster":"demo"', '"cluster":"dem0"')],
    ['chain-link.json', (text: string) => text.replace('"sequence": 1', '"sequence": 2')],
    ['evidence', (text: string) => text.replace('"status":"', '"status":"x')],
  ])('fails naming %s when it is changed and MANIFEST.json is rewritten to match', (kind, edit) => {
    const name = kind === 'evidence' ? firstEvidence() : kind;
    const entries = unzipSync(bundle);
    const edited = Buffer.from(edit(Buffer.from(entries[name]!).toString('utf8')), 'utf8');
    expect(edited.equals(Buffer.from(entries[name]!))).toBe(false);
    entries[name] = new Uint8Array(edited);
    // the forger also fixes the listing (and cannot sign it)
    const manifest = JSON.parse(Buffer.from(entries['MANIFEST.json']!).toString('utf8')) as { files: { path: string; sha256: string; size: number }[] };
    for (const file of manifest.files) if (file.path === name) Object.assign(file, { sha256: sha256Hex(edited.toString('utf8')), size: edited.byteLength });
    entries['MANIFEST.json'] = new Uint8Array(Buffer.from(JSON.stringify(manifest)));
    delete entries['MANIFEST.sig.json'];
    const report = verifyBundle(zipSync(entries));
    expect(report.problems.map((problem) => problem.path)).toContain(name);
  });

  it('fails naming the file whose compressed bytes were changed inside the zip', () => {
    const copy = bundle.slice();
    const at = Buffer.from(copy).indexOf('report.pdf');
    copy[at + 2000] = copy[at + 2000]! ^ 0xff;
    const report = verifyBundle(copy);
    expect(report.isIntact).toBe(false);
    expect(report.problems[0]!.path).toBe('report.pdf');
  });

  it('fails when a file is added, or MANIFEST.json is changed under its signature', () => {
    const entries = unzipSync(bundle);
    entries['extra.txt'] = new Uint8Array([1, 2, 3]);
    expect(verifyBundle(zipSync(entries)).problems[0]).toMatchObject({ path: 'extra.txt' });
    const resigned = unzipSync(bundle);
    resigned['MANIFEST.json'] = new Uint8Array(Buffer.from(Buffer.from(resigned['MANIFEST.json']!).toString('utf8').replace('"refmapVersion": "test"', '"refmapVersion": "tost"')));
    expect(verifyBundle(zipSync(resigned)).problems[0]).toMatchObject({ path: 'MANIFEST.json' });
  });

  it('says whose key it trusted: a bundle re-signed by a forger is untrusted without --public-key, and refused with it', async () => {
    const forgerKeyPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const forged = await bundleOf([await snapshotBundleFiles(model, '')], forgerKeyPem);
    const untrusted = verifyBundle(forged);
    expect(untrusted.isIntact).toBe(true);
    expect(untrusted.trust).toMatchObject({ kind: 'embedded-key', fingerprints: expect.arrayContaining([expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]) });
    const trusted = verifyBundle(forged, { trustedPublicKeyPem: model.snapshot.publicKey! });
    expect(trusted.problems).toEqual([{ path: 'MANIFEST.sig.json', what: 'is signed by a key other than the trusted one' }]);
    expect(verifyBundle(bundle, { trustedPublicKeyPem: model.snapshot.publicKey! }).trust.kind).toBe('trusted-key');
  });

  it('refuses to unpack more files or more inflated bytes than its limits (zip bombs)', () => {
    expect(verifyBundle(bundle, { limits: { maxEntries: 5, maxInflatedBytes: 1e9 } }).problems[0]?.what).toContain('over the limit');
    expect(verifyBundle(bundle, { limits: { maxEntries: 1e5, maxInflatedBytes: 1000 } }).problems[0]?.what).toContain('over the limit');
    // a central directory that claims ~4 GB for one small file is refused with the default limits
    const bomb = zipSync({ 'MANIFEST.json': new Uint8Array(Buffer.from('{}')) });
    const directory = Buffer.from(bomb).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    new DataView(bomb.buffer, bomb.byteOffset).setUint32(directory + 24, 0xf0000000, true);
    expect(verifyBundle(bomb)).toMatchObject({ isIntact: false, problems: [{ path: '(the bundle itself)', what: expect.stringContaining('a zip bomb') }] });
  });

  it(`npm run verify -- --bundle exits 0 with the trusted key, ${BUNDLE_UNTRUSTED_EXIT_CODE} without it, and 1 naming the changed file`, () => {
    const good = path.join(fixture.dir, 'good.zip');
    const bad = path.join(fixture.dir, 'bad.zip');
    const key = path.join(fixture.dir, 'trusted.pem');
    writeFileSync(good, bundle);
    writeFileSync(key, model.snapshot.publicKey!);
    const entries = unzipSync(bundle);
    entries['results.csv']![10] = entries['results.csv']![10]! ^ 0x01;
    writeFileSync(bad, zipSync(entries));
    const run = (...args: string[]) =>
      spawnSync('npx', ['tsx', '--conditions=react-server', 'scripts/verify.ts', '--bundle', ...args], { cwd: path.join(import.meta.dirname, '../..'), encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    const ok = run(good, '--public-key', key);
    expect(ok.stdout, ok.stderr).toContain('OK: every file');
    expect(ok.stdout).toContain('signed by the trusted key (fingerprint sha256:');
    expect(ok.status).toBe(0);
    const untrusted = run(good);
    expect(untrusted.stdout).toContain('signed by an untrusted embedded key (fingerprint sha256:');
    expect(untrusted.status).toBe(BUNDLE_UNTRUSTED_EXIT_CODE);
    const broken = run(bad);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('BROKEN: results.csv');
  }, 60_000);
});

describe('a snapshot changed in the database', () => {
  it('is reported on the cover and fails the bundle check', async () => {
    const { snapshotId } = await fixture.collect('tampered');
    await fixture.database.prisma.controlResult.updateMany({ where: { snapshotId, controlId: 'S2.PSS' }, data: { summary: 'Everything is fine' } });
    const tampered = await loadReportModel(fixture.database, snapshotId, { downloadedBy: AUDITOR });
    expect(tampered.integrity.isIntact).toBe(false);
    expect(tampered.integrity.problems.join('\n')).toContain('control result S2.PSS');
    expect(pdfPages(await renderReportPdf(tampered))[0]).toContain('BROKEN at download');
    const report = verifyBundle(await bundleOf([await snapshotBundleFiles(tampered, '')]));
    expect(report.problems[0]).toMatchObject({ path: 'snapshot.json' });
  }, 60_000);
});

