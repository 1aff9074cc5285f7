import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { WaiverView } from '@/lib/data/waivers';
import { CONTROL_STATUSES } from '@/lib/evaluate/types';
import { buildOscalPoam } from './poam';
import { buildReportModel } from './report-model';
import { testSnapshot, type TestControl } from './report-test-snapshot';

// NIST's OSCAL 1.1.2 POA&M schema, as published with the release (json/schema/oscal_poam_schema.json)
const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'oscal/oscal_poam_schema.json'), 'utf8')) as object;
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const waiver: WaiverView = {
  kind: 'waiver',
  id: 'w1',
  cluster: 'shop',
  controlId: 'S2.LEAST-PRIVILEGE',
  owner: 'Platform team',
  createdAt: '2026-04-01T00:00:00.000Z',
  expiresAt: '2026-07-01T00:00:00.000Z',
  author: { sub: 'local:officer', name: 'Officer O' },
  revocation: null,
  state: 'active',
  risk: 'The break-glass account keeps cluster-admin',
  reason: 'Needed until the new on-call tooling is live',
};

const controls: TestControl[] = [
  ...CONTROL_STATUSES.map((status, index) => ({ controlId: `T.STATUS-${index}`, status })),
  { controlId: 'S2.LEAST-PRIVILEGE', status: 'fail' },
  { controlId: 'T1.VULN-RUNTIME', status: 'unknown', checks: [] },
];
const model = buildReportModel(testSnapshot(controls), { downloadedBy: { sub: 'local:x', name: 'X', roles: ['auditor'] }, downloadedAt: new Date('2026-05-02T00:00:00Z') }, { attestations: [], waivers: [waiver] });
const poam = buildOscalPoam(model)['plan-of-action-and-milestones'];
const itemOf = (controlId: string) => poam['poam-items'].find((item) => item.props!.some((prop) => prop.name === 'control-id' && prop.value === controlId));
const riskOf = (controlId: string) => poam.risks!.find((risk) => risk.uuid === itemOf(controlId)!['related-risks'][0]!['risk-uuid'])!;

describe('poam.json', () => {
  it('validates against NIST’s OSCAL 1.1.2 POA&M schema', () => {
    expect(validate(JSON.parse(JSON.stringify(buildOscalPoam(model)))), ajv.errorsText(validate.errors)).toBe(true);
  });

  it('has one item per control that is fail, warn or unknown, and none for the others', () => {
    const statuses = poam['poam-items'].map((item) => item.props!.find((prop) => prop.name === 'status')!.value).sort();
    expect(statuses).toEqual(['fail', 'fail', 'unknown', 'unknown', 'warn']);
  });

  it('makes a waived control’s risk deviation-approved until the waiver expires, owned by its owner', () => {
    const item = itemOf('S2.LEAST-PRIVILEGE')!;
    expect(item.props).toContainEqual(expect.objectContaining({ name: 'owner', value: 'Platform team' }));
    expect(item.props).toContainEqual(expect.objectContaining({ name: 'nist-sp800-53-control', value: 'ac-6.5' }));
    const risk = riskOf('S2.LEAST-PRIVILEGE');
    expect(risk).toMatchObject({ status: 'deviation-approved', deadline: '2026-07-01T00:00:00.000Z' });
    expect(risk.characterizations[0]!.facets).toContainEqual({ name: 'risk', system: 'http://csrc.nist.gov/ns/oscal', value: 'very-high' });
    expect(risk.remediations[0]!.tasks.map((task) => [task.title, task.timing['on-date'].date])).toEqual([
      ['Remediation target', '2026-05-16T10:00:00.000Z'],
      ['Waiver expires', '2026-07-01T00:00:00.000Z'],
    ]);
  });

  it('leaves an unwaived item open with a remediation target from its severity, and says it has no owner', () => {
    const item = itemOf('T1.VULN-RUNTIME')!;
    expect(item.remarks).toContain('No owner');
    expect(item['related-observations']).toBeUndefined();
    expect(riskOf('T1.VULN-RUNTIME')).toMatchObject({ status: 'open', deadline: '2026-05-16T10:00:00.000Z' });
    // an organisation's control: medium severity, 90 days
    expect(riskOf(`T.STATUS-${CONTROL_STATUSES.indexOf('warn')}`)).toMatchObject({ status: 'open', deadline: '2026-07-30T10:00:00.000Z' });
  });

  it('links each item to the observations of its checks, which point at hashed evidence', () => {
    const item = itemOf(`T.STATUS-${CONTROL_STATUSES.indexOf('fail')}`)!;
    const observation = poam.observations!.find((candidate) => candidate.uuid === item['related-observations']![0]!['observation-uuid'])!;
    const href = observation['relevant-evidence'][0]!.href.slice(1);
    expect(poam['back-matter'].resources.find((resource) => resource.uuid === href)!.rlinks![0]!.href).toMatch(/^evidence\/[0-9a-f]{64}\.json$/);
  });
});
