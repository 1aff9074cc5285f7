import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { ReportSnapshotData } from '@/lib/data/report-data';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';
import { encodeEvidenceBody, hashEvidence } from '@/lib/snapshots/manifest';
import { buildOscalAssessmentResults, toToken, uuidV5 } from './oscal';
import { buildReportModel } from './report-model';

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'oscal/oscal_assessment-results_schema.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** One control per status, a built-in control mapped to NIST SP 800-53, one with a custom id that is not an OSCAL token, and awkward text everywhere. */
function snapshotWithEveryStatus(): ReportSnapshotData {
  const observedAt = new Date('2026-05-01T10:00:00.123Z');
  const statuses: [string, ControlStatus][] = [...CONTROL_STATUSES.map((status, index): [string, ControlStatus] => [`T.STATUS-${index}`, status]), ['1.CUSTOM', 'fail'], ['S2.LEAST-PRIVILEGE', 'fail']];
  return {
    id: '0196a000-0000-7000-8000-000000000001',
    cluster: 'shop',
    takenAt: new Date('2026-05-01T10:00:00Z'),
    durationMs: 1234,
    catalogVersion: 'test',
    refmapVersion: 'test',
    score: 0.25,
    sourceErrors: [{ source: 'harbor', kind: 'http', message: 'HTTP 503\non two lines ' }],
    rawSourceErrors: [{ source: 'harbor', kind: 'http', message: 'HTTP 503\non two lines ' }],
    sequence: null,
    manifestHash: null,
    previousManifestHash: null,
    signature: null,
    publicKey: null,
    predecessorManifestHash: null,
    results: statuses.map(([controlId, status]) => {
      const body = { checkId: 'c1', source: status === 'manual' ? 'attestation' : 'kubernetes', query: 'GET /api/v1/pods\n  → containers', status, summary: ` ${status}  summary `, excerpt: { offenders: [{ object: 'ns/pod a', reason: 'multi\nline' }, { object: '', reason: '' }], totalOffenders: 7 } };
      const { json, sha256 } = encodeEvidenceBody(body);
      return { controlId, sectionId: '5', status, summary: `${controlId} is ${status}`, resultHash: null, evidence: [{ checkId: 'c1', observedAt, sha256: hashEvidence(body, observedAt.toISOString()), bodySha256: sha256, bodyJson: json }] };
    }),
  };
}

describe('uuidV5', () => {
  it('is RFC 4122 version 5 (the RFC’s DNS example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('toToken', () => {
  it('keeps catalog ids and makes other ids valid tokens', () => {
    expect(toToken('S5.NON-ROOT')).toBe('S5.NON-ROOT');
    expect(toToken('1.CUSTOM')).toBe('_1.CUSTOM');
    expect(toToken('A B')).toBe('A_B');
  });
});

describe('buildOscalAssessmentResults', () => {
  const model = buildReportModel(snapshotWithEveryStatus(), { downloadedBy: { sub: 'local:x', name: 'X\nY', roles: ['auditor'] }, downloadedAt: new Date('2026-05-02T00:00:00Z') });
  const document = buildOscalAssessmentResults(model);

  it('validates for every status, an unsealed snapshot, multi-line text and a non-token control id', () => {
    expect(validate(JSON.parse(JSON.stringify(document))), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('maps statuses to satisfied / not-satisfied, with implementation status or remarks for the others', () => {
    const targets = Object.fromEntries(document['assessment-results'].results[0]!.findings!.map((finding) => [finding.props!.find((prop) => prop.name === 'status')!.value, finding.target]));
    expect(targets.pass!.status).toEqual({ state: 'satisfied', reason: 'pass' });
    expect(targets.fail!.status).toEqual({ state: 'not-satisfied', reason: 'fail' });
    expect(targets.warn).toMatchObject({ status: { state: 'not-satisfied', reason: 'other' }, 'implementation-status': { state: 'partial' } });
    expect(targets.unknown!.status).toMatchObject({ state: 'not-satisfied', reason: 'other' });
    expect(targets.manual!.status.remarks).toContain('manual');
    expect(targets['not-applicable']).toMatchObject({ status: { state: 'satisfied' }, 'implementation-status': { state: 'not-applicable' } });
  });

  it('uses EXAMINE for attestations, TEST for live queries, and names offending objects as subjects', () => {
    const observations = document['assessment-results'].results[0]!.observations!;
    expect(new Set(observations.map((observation) => observation.methods[0]))).toEqual(new Set(['TEST', 'EXAMINE']));
    expect(observations[0]!.collected).toBe('2026-05-01T10:00:00.123Z');
    expect(observations[0]!.subjects?.map((subject) => subject.title)).toEqual(['ns/pod a', 'unnamed object']);
  });

  it('reviews the NIST SP 800-53 controls of mapped controls and relates each finding to them', () => {
    const [result] = document['assessment-results'].results;
    const reviewed = result!['reviewed-controls'];
    const nistIds = reviewed['control-selections'].flatMap((selection) => ('include-controls' in selection ? selection['include-controls'].map((item) => item['control-id']) : []));
    expect(nistIds).toEqual(['ac-2', 'ac-6', 'ac-6.5', 'ac-6.7']);
    expect(reviewed['control-objective-selections']![0]!['include-objectives']).toContainEqual({ 'objective-id': '_1.CUSTOM' });
    const finding = result!.findings!.find((item) => item.title.startsWith('S2.LEAST-PRIVILEGE'))!;
    expect(finding.props!.filter((prop) => prop.name === 'nist-sp800-53-control').map((prop) => prop.value)).toEqual(['ac-6', 'ac-6.5', 'ac-6.7', 'ac-2']);
    expect(finding.props!.find((prop) => prop.name === 'severity')!.value).toBe('critical');
    // an organisation's own control makes no 800-53 claim
    const custom = result!.findings!.find((item) => item.title.startsWith('1.CUSTOM'))!;
    expect(custom.props!.some((prop) => prop.name === 'nist-sp800-53-control')).toBe(false);
  });
});
