import type { DemoSeries, PrometheusData } from '../types';
import type { LabelMatcher } from './promql/ast';
import type { Point, SeriesStore, StoredSeries } from './promql/evaluator';
import { METRIC_NAME } from './promql/labels';
import { matchesLabelValue } from './promql/parser';

/**
 * Reads the dataset's grid series for the PromQL evaluator. Samples are computed on demand from
 * the grid index, and never later than `latestMs()` (the demo cluster's clock): a query for a
 * future time sees no samples from the future, just like a real server.
 */
export function createSeriesStore(prometheus: PrometheusData, latestMs: () => number): SeriesStore {
  const byName = new Map<string, StoredSeries[]>();
  for (const series of prometheus.series) {
    const list = byName.get(series.name) ?? [];
    list.push(new GridSeries(series, prometheus, latestMs));
    byName.set(series.name, list);
  }
  return {
    select(matchers: readonly LabelMatcher[]): StoredSeries[] {
      const nameMatchers = matchers.filter((matcher) => matcher.name === METRIC_NAME);
      const exactName = nameMatchers.find((matcher) => matcher.type === '=');
      // an exact metric name narrows the search to one list, which keeps large datasets fast
      const candidates = exactName !== undefined ? (byName.get(exactName.value) ?? []) : [...byName.values()].flat();
      return candidates.filter((series) => matchers.every((matcher) => matchesLabelValue(matcher, series.labels[matcher.name] ?? '')));
    },
  };
}

class GridSeries implements StoredSeries {
  readonly labels: Readonly<Record<string, string>>;

  constructor(
    private readonly series: DemoSeries,
    private readonly grid: PrometheusData,
    private readonly latestMs: () => number,
  ) {
    this.labels = { [METRIC_NAME]: series.name, ...series.labels };
  }

  /** Grid indexes of the samples with from <= t <= to, as [first, last] (first > last when none). */
  private indexRange(from: number, to: number): [number, number] {
    const { startMs, stepMs } = this.grid;
    const until = Math.min(to, this.latestMs());
    const first = Math.max(Math.ceil((from - startMs) / stepMs), this.series.firstIndex, 0);
    let last = Math.floor((until - startMs) / stepMs);
    if (this.series.lastIndex !== undefined) last = Math.min(last, this.series.lastIndex);
    return [first, last];
  }

  samplesBetween(from: number, to: number): Point[] {
    const [first, last] = this.indexRange(from, to);
    const points: Point[] = [];
    for (let index = first; index <= last; index += 1) {
      points.push({ t: this.grid.startMs + index * this.grid.stepMs, v: this.series.valueAt(index) });
    }
    return points;
  }

  latestBetween(from: number, to: number): Point | undefined {
    const [first, last] = this.indexRange(from, to);
    if (first > last) return undefined;
    return { t: this.grid.startMs + last * this.grid.stepMs, v: this.series.valueAt(last) };
  }
}
