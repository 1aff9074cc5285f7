import { z } from 'zod';
import type { HarborScanner, WorkloadSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { hasToolDeployment, WORKLOADS_ENDPOINT } from '../../rules/workloads';
import type { CheckOutcome } from '../../types';

interface Readings {
  scanners: HarborScanner[];
  workloads: WorkloadSummary[];
}

/**
 * One name per scanning engine, so that Harbor's "Trivy" adapter and trivy-operator count as the
 * same tool whatever a registration is called.
 * @example scannerEngine('Trivy') // 'trivy'
 */
export function scannerEngine(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.includes('trivy') ? 'trivy' : lower;
}

export const distinctScanningEngines = defineEvaluator({
  name: 'distinct-scanning-engines',
  source: 'harbor',
  description: 'Harbor’s default scanner and the in-cluster scanner (trivy-operator) use at least two different engines; a single engine → warn.',
  params: z.object({}).strict(),
  reads: ['harborScanners', 'workloads'],
  query: () => `GET /api/v2.0/scanners → default scanner name, vendor; ${WORKLOADS_ENDPOINT} → trivy-operator Deployment`,
  // Harbor first: when both sources are down, the evidence names Harbor, the source that decides.
  read: async (sources): Promise<Readings> => {
    const scanners = await sources.harborScanners();
    const workloads = await sources.workloads();
    return { scanners, workloads };
  },
  judge: ({ scanners, workloads }): CheckOutcome => {
    const defaultScanner = scanners.find((scanner) => scanner.isDefault);
    const isTrivyOperatorRunning = hasToolDeployment(workloads, 'trivy-operator');
    const engines = new Set<string>();
    if (defaultScanner) engines.add(scannerEngine(defaultScanner.name));
    if (isTrivyOperatorRunning) engines.add('trivy');
    const excerpt = {
      harborDefaultScanner: defaultScanner ? { name: defaultScanner.name, vendor: defaultScanner.vendor, version: defaultScanner.version } : null,
      otherHarborScanners: scanners.filter((scanner) => !scanner.isDefault).map((scanner) => scanner.name),
      isTrivyOperatorRunning,
      engines: [...engines].sort(),
    };
    if (engines.size >= 2) {
      return { status: 'pass', summary: `Images are scanned by ${engines.size} different engines: ${excerpt.engines.join(', ')}`, excerpt };
    }
    // Warn, not fail: the assessed version 2.0 does not require a second scanner.
    if (engines.size === 1 && defaultScanner && isTrivyOperatorRunning) {
      return { status: 'warn', summary: `Harbor’s default scanner (${defaultScanner.name}) and trivy-operator are both Trivy: one engine, not two`, excerpt };
    }
    const only = defaultScanner ? `only Harbor’s ${defaultScanner.name}` : isTrivyOperatorRunning ? 'only trivy-operator (Harbor has no default scanner)' : 'none found';
    return { status: 'warn', summary: `Fewer than two scanning engines: ${only}`, excerpt };
  },
});
