import { describe, expect, it } from 'vitest';
import type { HarborScanner, WorkloadSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { distinctScanningEngines, scannerEngine } from './distinct-scanning-engines';

const { judge } = distinctScanningEngines.spec;
const scanner = (name: string, isDefault: boolean): HarborScanner => ({ name, vendor: 'Vendor', version: '1.0', isDefault });
const trivyOperator: WorkloadSummary = { kind: 'Deployment', namespace: 'trivy-system', name: 'trivy-operator', labels: {}, desired: 1, ready: 1, images: [] };

describe('distinct-scanning-engines', () => {
  it.each([
    { state: 'Grype in Harbor and trivy-operator', scanners: [scanner('Grype', true)], workloads: [trivyOperator], expected: 'pass', summary: 'Images are scanned by 2 different engines: grype, trivy' },
    {
      state: 'Trivy in Harbor and trivy-operator',
      scanners: [scanner('Trivy', true), scanner('Grype', false)],
      workloads: [trivyOperator],
      expected: 'warn',
      summary: 'Harbor’s default scanner (Trivy) and trivy-operator are both Trivy: one engine, not two',
    },
    { state: 'only a Harbor scanner', scanners: [scanner('Grype', true)], workloads: [], expected: 'warn', summary: 'Fewer than two scanning engines: only Harbor’s Grype' },
    {
      state: 'only trivy-operator',
      scanners: [scanner('Grype', false)],
      workloads: [trivyOperator],
      expected: 'warn',
      summary: 'Fewer than two scanning engines: only trivy-operator (Harbor has no default scanner)',
    },
    { state: 'no scanner at all', scanners: [], workloads: [], expected: 'warn', summary: 'Fewer than two scanning engines: none found' },
  ])('$state → $expected', ({ scanners, workloads, expected, summary }) => {
    const outcome = judge({ scanners, workloads }, {}, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('records the default scanner, the others and the engines', () => {
    expect(judge({ scanners: [scanner('Trivy', true), scanner('Grype', false)], workloads: [trivyOperator] }, {}, testEnv()).excerpt).toEqual({
      harborDefaultScanner: { name: 'Trivy', vendor: 'Vendor', version: '1.0' },
      otherHarborScanners: ['Grype'],
      isTrivyOperatorRunning: true,
      engines: ['trivy'],
    });
  });

  it.each([
    { name: 'Trivy', engine: 'trivy' },
    { name: ' trivy-adapter ', engine: 'trivy' },
    { name: 'Grype', engine: 'grype' },
  ])('reads scanner "$name" as engine $engine', ({ name, engine }) => {
    expect(scannerEngine(name)).toBe(engine);
  });
});
