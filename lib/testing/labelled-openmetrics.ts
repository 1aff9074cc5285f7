import { openMetricsLines } from '@/demo/prometheus/openmetrics';
import type { DemoDataset } from '@/demo';

/** Adds `name="value"` to the label set of one OpenMetrics sample line. */
function withLabel(line: string, name: string, value: string): string {
  const brace = line.indexOf('{');
  const space = line.indexOf(' ');
  if (brace !== -1 && brace < space) return `${line.slice(0, brace + 1)}${name}="${value}",${line.slice(brace + 1)}`.replace(',}', '}');
  return `${line.slice(0, space)}{${name}="${value}"}${line.slice(space)}`;
}

/**
 * Several demo datasets in one OpenMetrics text, each series labelled with its cluster, as the
 * metrics of several clusters meet in one Thanos: one block per metric family, as the format wants.
 */
export function labelledOpenMetrics(clusters: { label: string; value: string; dataset: DemoDataset }[]): string {
  const families = new Map<string, string[]>();
  for (const { label, value, dataset } of clusters) {
    let family: string[] | undefined;
    for (const line of openMetricsLines(dataset)) {
      if (line.startsWith('# EOF')) continue;
      if (line.startsWith('# TYPE')) {
        family = families.get(line) ?? [];
        families.set(line, family);
        continue;
      }
      family?.push(withLabel(line, label, value));
    }
  }
  return `${[...families].map(([type, samples]) => type + samples.join('')).join('')}# EOF\n`;
}
