import type { HarborProject } from '@/lib/sources/types';
import { capOffenders, countPhrase } from '../offenders';
import type { CatalogSettings } from '../settings';
import type { CheckOutcome, Offender } from '../types';

/** What the Harbor project evaluators read (all pages), as their evidence records it. */
export const HARBOR_PROJECTS_ENDPOINT = 'GET /api/v2.0/projects?page=N&page_size=100';

/** How a per-project rule words its verdict: "All 3 Harbor projects <noun>", "1 of 3 … <failVerb>". */
export interface ProjectRuleWording {
  noun: string;
  failVerb: string;
}

/**
 * Applies a per-project rule to every Harbor project. No project at all is `unknown`, not a pass:
 * an empty list more likely means the account sees nothing than that there is nothing to check.
 * `findProblem` returns why a project breaks the rule, or undefined when it keeps it.
 */
export function judgeHarborProjects(
  projects: HarborProject[],
  settings: CatalogSettings,
  wording: ProjectRuleWording,
  findProblem: (project: HarborProject) => string | undefined,
): CheckOutcome {
  if (projects.length === 0) {
    return { status: 'unknown', summary: 'Harbor lists no projects: check the account’s permissions', excerpt: { checkedProjects: 0 } };
  }
  const offenders: Offender[] = [];
  for (const project of projects) {
    const reason = findProblem(project);
    if (reason) offenders.push({ object: `project ${project.name}`, reason });
  }
  const excerpt = { checkedProjects: projects.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
  return offenders.length === 0
    ? { status: 'pass', summary: `All ${countPhrase(projects.length, 'Harbor project')} ${wording.noun}`, excerpt }
    : { status: 'fail', summary: `${offenders.length} of ${countPhrase(projects.length, 'Harbor project')} ${wording.failVerb}`, excerpt };
}
