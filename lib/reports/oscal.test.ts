import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { CONTROL_STATUSES } from '@/lib/evaluate/types';
import { buildOscalAssessmentResults } from './oscal';
import { toToken, uuidV5 } from './oscal-common';
import { buildReportModel } from './report-model';
import { testSnapshot, type TestControl } from './report-test-snapshot';

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'oscal/oscal_assessment-results_schema.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** One control per status, a built-in control mapped to NIST SP 800-53, and one with a custom id that is not an OSCAL token. */
const controls: TestControl[] = [...CONTROL_STATUSES.map((status, index) => ({ controlId: `T.STATUS-${index}`, status })), { controlId: '1.CUSTOM', status: 'fail' }, { controlId: 'S2.LEAST-PRIVILEGE', status: 'fail' }];

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
  const model = buildReportModel(testSnapshot(controls), { downloadedBy: { sub: 'local:x', name: 'X\nY', roles: ['auditor'] }, downloadedAt: new Date('2026-05-02T00:00:00Z') });
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
