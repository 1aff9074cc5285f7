import { findEvaluator } from '@/lib/evaluate/evaluators';
import type { ControlDefinition, SectionDefinition } from '@/lib/evaluate/types';

/** Markdown table cells: one line each, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

function describeControl(control: ControlDefinition): string[] {
  const lines = [`### ${control.id} — ${cell(control.title)}`, ''];
  lines.push(`- **Covers:** ${cell(control.reference)} (${cell(control.group)})`);
  lines.push(`- **Severity:** ${control.severity}`);
  lines.push(`- **Requirement:** ${cell(control.requirement)}`);
  lines.push(`- **How Compliant Kubernetes meets it:** ${cell(control.implementation)}`);
  lines.push(`- **Remediation:** ${cell(control.remediation)}`);
  if (control.isManual) {
    lines.push('- **Passes when:** an officer attests it — a cluster cannot show it (status `manual` until then).');
  } else if (control.derivedFrom) {
    lines.push(`- **Passes when:** every one of ${control.derivedFrom.join(', ')} passes (it takes their worst status).`);
  } else {
    lines.push('- **Passes when:** every check below passes; the control takes the worst status of its checks, and a source that cannot be read makes a check `unknown`, never `pass`.');
    lines.push('', '| check | evaluator | source | query or API call | rule |', '|---|---|---|---|---|');
    for (const check of control.checks) {
      const evaluator = findEvaluator(check.evaluator);
      lines.push(`| \`${check.id}\` | \`${check.evaluator}\`${evaluator ? '' : ' (unknown)'} | ${check.source} | \`${cell(check.query).replace(/`/g, "'")}\` | ${cell(check.rule)} |`);
    }
  }
  lines.push('');
  return lines;
}

/**
 * docs/controls.md: every control of the built-in catalog, generated from its data so that it
 * cannot drift (a test compares it with the catalog).
 */
export function renderControlsDoc(sections: SectionDefinition[], controls: ControlDefinition[], version: string): string {
  const lines = [
    '# Controls',
    '',
    `<!-- Generated from lib/catalog/reference-design/*.yaml by \`npm run docs:controls\`; do not edit by hand. -->`,
    '',
    `Catalog version ${version}: ${controls.length} controls. Each check names an evaluator (lib/evaluate/evaluators) and the exact`,
    'query or API call it sends; the same text is stored with every piece of evidence.',
    '',
  ];
  for (const section of sections) {
    const inSection = controls.filter((control) => control.sectionId === section.id);
    lines.push(`## Section ${section.id}: ${section.title}`, '', cell(section.summary), '');
    if (inSection.length === 0) lines.push('No control: context only.', '');
    for (const control of inSection) lines.push(...describeControl(control));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
