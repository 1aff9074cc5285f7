import type { DemoDataset, DemoSeries, MetricType } from '../types';
import { formatSampleValue } from './promql/format';

/**
 * Writes the dataset's series in the OpenMetrics text format, for
 * `promtool tsdb create-blocks-from openmetrics`: every sample of the 3-hour window with its
 * timestamp, families grouped under one `# TYPE` line, ending with `# EOF`.
 *
 * Metric names stay exactly as in the dataset: counters that end in `_total` are declared as the
 * family without the suffix (as OpenMetrics wants), and counters without that suffix are declared
 * `unknown`, so that no name gains or loses a suffix on the way into Prometheus.
 */
export function toOpenMetrics(dataset: DemoDataset): string {
  return [...openMetricsLines(dataset)].join('');
}

/** The same text, line by line (each with its newline), for writing large datasets without one big string. */
export function* openMetricsLines(dataset: DemoDataset): Generator<string> {
  const { prometheus } = dataset;
  const families = new Map<string, DemoSeries[]>();
  for (const series of prometheus.series) {
    const list = families.get(series.name) ?? [];
    list.push(series);
    families.set(series.name, list);
  }
  for (const [name, seriesList] of families) {
    const type: MetricType = prometheus.metricTypes[name] ?? 'unknown';
    const family = type === 'counter' ? name.replace(/_total$/, '') : name;
    yield `# TYPE ${family} ${type}\n`;
    for (const series of seriesList) {
      const labels = formatLabelSet(series.labels);
      const first = Math.max(series.firstIndex, 0);
      const last = Math.min(series.lastIndex ?? prometheus.nowIndex, prometheus.nowIndex);
      for (let index = first; index <= last; index += 1) {
        const timeMs = prometheus.startMs + index * prometheus.stepMs;
        yield `${name}${labels} ${formatSampleValue(series.valueAt(index))} ${openMetricsTimestamp(timeMs)}\n`;
      }
    }
  }
  yield '# EOF\n';
}

function formatLabelSet(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return '';
  const pairs = names.map((name) => `${name}="${escapeLabelValue(labels[name] ?? '')}"`);
  return `{${pairs.join(',')}}`;
}

function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/**
 * Seconds with millisecond decimals. The backfill parser multiplies by 1000 and truncates, so a
 * decimal that lands a hair below the millisecond gets a tiny nudge upwards (less than 1 ms).
 * @example openMetricsTimestamp(1767225600123) // "1767225600.123"
 */
export function openMetricsTimestamp(timeMs: number): string {
  const seconds = Math.floor(timeMs / 1000);
  const text = `${seconds}.${String(timeMs - seconds * 1000).padStart(3, '0')}`;
  return Math.trunc(Number(text) * 1000) === timeMs ? text : `${text}0001`;
}
