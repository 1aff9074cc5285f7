import { z } from 'zod';
import type { HarborProject } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { HARBOR_PROJECTS_ENDPOINT, judgeHarborProjects } from '../../rules/harbor';

/** Harbor's severities, lowest first; a gate blocks images at its severity and above. */
const SEVERITY_ORDER = ['none', 'low', 'medium', 'high', 'critical'];

/** Why a project lets images above `maxSeverity` through, or undefined when its gate holds them back. */
export function vulnerabilityGateProblem(project: HarborProject, maxSeverity: string): string | undefined {
  if (!project.isPreventVulOn) return 'prevent_vul is off';
  // an unset severity is read as the weakest gate, critical
  if (SEVERITY_ORDER.indexOf(project.severity ?? 'critical') > SEVERITY_ORDER.indexOf(maxSeverity)) {
    return `blocks only from severity ${project.severity ?? 'unset'}`;
  }
  return undefined;
}

export const harborPreventVulnerable = defineEvaluator({
  name: 'harbor-prevent-vulnerable',
  source: 'harbor',
  description: 'Every Harbor project prevents vulnerable images from running, from a severity at or below the limit (setting maxAllowedVulnGateSeverity).',
  params: z.object({}).strict(),
  reads: ['harborProjects'],
  query: () => `${HARBOR_PROJECTS_ENDPOINT} → metadata.prevent_vul, metadata.severity`,
  read: async (sources): Promise<HarborProject[]> => sources.harborProjects(),
  judge: (projects, _params, { settings }) =>
    judgeHarborProjects(projects, settings, { noun: 'block vulnerable images', failVerb: 'let vulnerable images through' }, (project) =>
      vulnerabilityGateProblem(project, settings.maxAllowedVulnGateSeverity),
    ),
});
