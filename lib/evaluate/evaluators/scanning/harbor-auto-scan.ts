import { z } from 'zod';
import type { HarborProject } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { HARBOR_PROJECTS_ENDPOINT, judgeHarborProjects } from '../../rules/harbor';

export const harborAutoScan = defineEvaluator({
  name: 'harbor-auto-scan',
  source: 'harbor',
  description: 'Every Harbor project scans images on push (metadata.auto_scan "true"); no visible project is unknown.',
  params: z.object({}).strict(),
  reads: ['harborProjects'],
  query: () => `${HARBOR_PROJECTS_ENDPOINT} → metadata.auto_scan`,
  read: async (sources): Promise<HarborProject[]> => sources.harborProjects(),
  judge: (projects, _params, { settings }) =>
    judgeHarborProjects(projects, settings, { noun: 'scan on push', failVerb: 'do not scan on push' }, (project) => (project.isAutoScanOn ? undefined : 'auto_scan is off')),
});
