import fc from 'fast-check';
import { convertFile, hdfWrapControl } from 'inspecjs';
import { describe, expect, it } from 'vitest';
import { worstStatus } from '@/lib/evaluate/score';
import { CONTROL_STATUSES } from '@/lib/evaluate/types';
import { buildHdf, HDF_CONTROL_STATUS, renderHdfJson } from './hdf';
import { buildReportModel } from './report-model';
import { testSnapshot, type TestControl } from './report-test-snapshot';

const downloadedBy = { sub: 'local:x', name: 'X', roles: ['auditor'] };

/** What HDF's own library (inspecjs, used by Heimdall and the SAF CLI) reads from the document. */
function readWithInspecjs(json: string) {
  const converted = convertFile(json, true);
  const exec = converted['1_0_ExecJson'];
  if (exec === undefined) throw new Error(`not valid HDF exec JSON: ${String(converted.errors?.['1_0_ExecJson'])}`);
  return exec.profiles[0]!.controls.map((control) => ({ id: control.id, status: hdfWrapControl(control).status, severity: hdfWrapControl(control).severity, nist: hdfWrapControl(control).canonized_nist({ max_specifiers: 3 }) }));
}

function hdfOf(controls: TestControl[]): string {
  return renderHdfJson(buildReportModel(testSnapshot(controls), { downloadedBy, downloadedAt: new Date('2026-05-02T00:00:00Z') }));
}

describe('results.hdf.json', () => {
  it('is valid HDF for every status, and HDF tools read back Refmap’s verdict', () => {
    const controls: TestControl[] = [
      ...CONTROL_STATUSES.map((status, index) => ({ controlId: `T.STATUS-${index}`, status })),
      // a manual control has no evidence at all
      { controlId: 'S5.SETUID', status: 'manual', checks: [] },
    ];
    const read = new Map(readWithInspecjs(hdfOf(controls)).map((control) => [control.id, control.status]));
    expect(Object.fromEntries(controls.map((control) => [control.controlId, read.get(control.controlId)]))).toEqual(
      Object.fromEntries(controls.map((control) => [control.controlId, HDF_CONTROL_STATUS[control.status]])),
    );
  });

  it('keeps the verdict for any mix of check statuses (HDF decides by other precedence rules than Refmap)', () => {
    const checkStatuses = fc.array(fc.constantFrom(...CONTROL_STATUSES.filter((status) => status !== 'manual')), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(checkStatuses, { minLength: 1, maxLength: 6 }), (lists) => {
        const controls = lists.map((checks, index) => ({ controlId: `T.${index}`, status: worstStatus(checks), checks }));
        const read = readWithInspecjs(hdfOf(controls));
        expect(read.map((control) => control.status)).toEqual(controls.map((control) => HDF_CONTROL_STATUS[control.status]));
      }),
      { numRuns: 200 },
    );
  });

  it('tags each control with its 800-53 controls and an impact from its severity', () => {
    const [leastPrivilege, custom] = readWithInspecjs(hdfOf([{ controlId: 'S2.LEAST-PRIVILEGE', status: 'fail' }, { controlId: 'ORG.OWN', status: 'pass' }]));
    expect(leastPrivilege).toMatchObject({ severity: 'critical', nist: ['AC-2', 'AC-6', 'AC-6 (5)', 'AC-6 (7)'] });
    // an organisation's own control makes no claim: HDF tools file it under "unmapped"
    expect(custom).toMatchObject({ severity: 'medium', nist: ['UM-1'] });
  });

  it('gives one result per check with the query, the summary and the offenders, at the observation time', () => {
    const document = buildHdf(buildReportModel(testSnapshot([{ controlId: 'T.X', status: 'fail', checks: ['pass', 'fail'] }]), { downloadedBy }));
    const [passed, failed] = document.profiles[0]!.controls[0]!.results;
    expect(passed).toMatchObject({ status: 'passed', code_desc: 'c1 (kubernetes): GET /api/v1/pods\n  → containers', start_time: '2026-05-01T10:00:00.123Z' });
    expect(failed!.message).toBe('fail:  fail  summary \n- ns/pod a: multi\nline\n- : \n… and 5 more');
    expect(document.platform.target_id).toBe('shop');
    expect(document.passthrough.refmap.snapshotId).toBe('0196a000-0000-7000-8000-000000000001');
  });

  it('carries the waiver and the attestation in force as HDF waiver and attestation data, without changing the verdict', () => {
    const signOff = { id: 'x', cluster: 'shop', owner: 'Platform team', createdAt: '2026-04-01T00:00:00.000Z', expiresAt: '2026-06-30T00:00:00.000Z', author: { sub: 'local:o', name: 'Officer O' }, revocation: null, state: 'active' as const };
    const model = buildReportModel(testSnapshot([{ controlId: 'S2.NETPOL', status: 'fail' }, { controlId: 'S5.SETUID', status: 'manual', checks: [] }]), { downloadedBy }, {
      waivers: [{ ...signOff, kind: 'waiver', controlId: 'S2.NETPOL', risk: 'flat network in the lab', reason: 'lab only' }],
      attestations: [{ ...signOff, kind: 'attestation', controlId: 'S5.SETUID', statement: 'images are built with setuid bits removed', evidenceUrl: 'https://git.example.com/build' }],
    });
    const json = renderHdfJson(model);
    const [netpol, setuid] = buildHdf(model).profiles[0]!.controls;
    expect(netpol!.waiver_data).toMatchObject({ justification: 'lab only', expiration_date: '2026-06-30', skipped_due_to_waiver: false });
    expect(setuid!.attestation_data).toMatchObject({ control_id: 'S5.SETUID', status: 'passed', frequency: '90d', updated_by: 'Officer O' });
    expect(readWithInspecjs(json).map((control) => control.status)).toEqual(['Failed', 'Not Reviewed']);
  });
});
