import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlStatus } from '@/lib/evaluate/types';
import { parseCsv } from './csv';
import { renderHdfJson } from './hdf';
import { openReportFixture, type ReportFixture } from '@/lib/testing/report-fixture';
import { loadReportModel, type ReportModel } from './report-model';
import { evaluateSafThreshold, parseSafThreshold, safCompliance } from './saf-threshold';

// MITRE's SAF CLI (@mitre/saf, a pinned dev dependency) on the HDF export of a demo snapshot: what
// auditors' tools make of the file must be what Refmap says — the same counts, the same gate answer.

const run = promisify(execFile);
const SAF = path.resolve(import.meta.dirname, '../../node_modules/.bin/saf');

let fixture: ReportFixture;
let model: ReportModel;
let hdfFile: string;

async function saf(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(SAF, args, { cwd: fixture.dir, timeout: 150_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Refmap's own counts: the statuses of the snapshot's results, as /api/matrix shows them. */
function count(...statuses: ControlStatus[]): number {
  return model.controls.filter((control) => statuses.includes(control.status)).length;
}

beforeAll(async () => {
  fixture = await openReportFixture();
  const { snapshotId } = await fixture.collect('demo');
  model = await loadReportModel(fixture.database, snapshotId, { downloadedBy: { sub: 'local:auditor', name: 'Auditor', roles: ['auditor'] } });
  hdfFile = path.join(fixture.dir, 'results.hdf.json');
  writeFileSync(hdfFile, renderHdfJson(model));
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

describe('the SAF CLI on results.hdf.json', { timeout: 180_000 }, () => {
  it('the demo snapshot has passing, failing, partly met and manual controls to count', () => {
    expect([count('pass'), count('fail'), count('warn'), count('manual')].every((n) => n > 0)).toBe(true);
  });

  it('saf summary gives Refmap’s counts and compliance', async () => {
    const result = await saf('summary', '-i', hdfFile, '-f', 'json', '--stdout');
    expect(result.code, result.stderr).toBe(0);
    const [summary] = JSON.parse(result.stdout) as { compliance: number; passed: { total: number }; failed: { total: number }; skipped: { total: number }; error: { total: number }; no_impact: { total: number } }[];
    expect({ passed: summary!.passed.total, failed: summary!.failed.total, skipped: summary!.skipped.total, error: summary!.error.total, notApplicable: summary!.no_impact.total }).toEqual({
      passed: count('pass'),
      failed: count('fail', 'warn'),
      skipped: count('manual'),
      error: count('unknown'),
      notApplicable: count('not-applicable'),
    });
    expect(summary!.compliance).toBe(safCompliance(model.controls.map((control) => ({ id: control.id, status: control.status, severity: control.nist.severity }))));
  });

  it('saf convert hdf2csv gives one row per control with Refmap’s status', async () => {
    const csvFile = path.join(fixture.dir, 'results.saf.csv');
    const result = await saf('convert', 'hdf2csv', '-i', hdfFile, '-o', csvFile);
    expect(result.code, result.stderr).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(csvFile, 'utf8'));
    const id = header!.indexOf('ID');
    const status = header!.indexOf('Status');
    const byControl = Object.fromEntries(rows.filter((row) => row.length > 1).map((row) => [row[id], row[status]]));
    expect(Object.keys(byControl)).toHaveLength(model.controls.length);
    const expected = { pass: 'Passed', fail: 'Failed', warn: 'Failed', unknown: 'Profile Error', manual: 'Not Reviewed', 'not-applicable': 'Not Applicable' };
    expect(byControl).toEqual(Object.fromEntries(model.controls.map((control) => [control.id, expected[control.status]])));
  });

  it('saf convert hdf2ckl makes a DISA STIG Viewer checklist with the same counts', async () => {
    const cklFile = path.join(fixture.dir, 'results.ckl');
    const result = await saf('convert', 'hdf2ckl', '-i', hdfFile, '-o', cklFile);
    expect(result.code, result.stderr).toBe(0);
    const statuses = [...readFileSync(cklFile, 'utf8').matchAll(/<STATUS>([^<]*)<\/STATUS>/g)].map((match) => match[1]);
    const tally = (name: string) => statuses.filter((status) => status === name).length;
    expect({ NotAFinding: tally('NotAFinding'), Open: tally('Open'), Not_Reviewed: tally('Not_Reviewed'), Not_Applicable: tally('Not_Applicable') }).toEqual({
      NotAFinding: count('pass'),
      Open: count('fail', 'warn'),
      Not_Reviewed: count('manual', 'unknown'),
      Not_Applicable: count('not-applicable'),
    });
  });

  it.each([
    ['compliance:\n  min: 10\n'],
    ['compliance:\n  min: 90\n'],
    ['passed:\n  critical:\n    min: 1\nfailed:\n  critical:\n    max: 0\n'],
    ['failed:\n  total:\n    max: 100\n  high:\n    max: 50\nskipped:\n  medium:\n    min: 1\n'],
    ['failed.total.max: 1\n'],
    ['passed:\n  total: 3\n'],
  ])('npm run gate -- --threshold answers like saf validate threshold for %j', async (yaml) => {
    const file = path.join(fixture.dir, 'threshold.yml');
    writeFileSync(file, yaml);
    const result = await saf('validate', 'threshold', '-i', hdfFile, '-T', file);
    const ours = evaluateSafThreshold(
      model.controls.map((control) => ({ id: control.id, status: control.status, severity: control.nist.severity })),
      parseSafThreshold(yaml),
    );
    expect(result.code === 0).toBe(ours.isMet);
    expect(ours.isMet ? result.stdout : result.stderr).toContain(ours.isMet ? ours.message : `Error: ${ours.message}`);
  });
});
