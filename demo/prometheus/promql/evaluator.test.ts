import { describe, expect, it } from 'vitest';
import { PromqlExecutionError } from './errors';
import { type InstantValue, type Point, type Sample, type SeriesStore, evaluateInstant, evaluateRange, extrapolatedRate } from './evaluator';
import { labelsKey } from './labels';
import { matchesLabelValue, parsePromql } from './parser';

/** A store over explicit samples: [seconds, value] pairs. */
function storeOf(series: Array<{ labels: Record<string, string>; samples: Array<[number, number]> }>): SeriesStore {
  const stored = series.map(({ labels, samples }) => {
    const points: Point[] = samples.map(([seconds, value]) => ({ t: seconds * 1000, v: value }));
    return {
      labels,
      samplesBetween: (from: number, to: number) => points.filter((point) => point.t >= from && point.t <= to),
      latestBetween: (from: number, to: number) => points.filter((point) => point.t >= from && point.t <= to).at(-1),
    };
  });
  return {
    select: (matchers) => stored.filter((entry) => matchers.every((matcher) => matchesLabelValue(matcher, entry.labels[matcher.name] ?? ''))),
  };
}

/** Samples every 30 s from `fromSeconds` to `toSeconds`, valued by `value(seconds)`. */
function every30s(fromSeconds: number, toSeconds: number, value: (seconds: number) => number): Array<[number, number]> {
  const samples: Array<[number, number]> = [];
  for (let seconds = fromSeconds; seconds <= toSeconds; seconds += 30) samples.push([seconds, value(seconds)]);
  return samples;
}

const store = storeOf([
  { labels: { __name__: 'up', job: 'node', instance: 'a' }, samples: every30s(0, 600, () => 1) },
  { labels: { __name__: 'up', job: 'node', instance: 'b' }, samples: every30s(0, 600, () => 0) },
  { labels: { __name__: 'up', job: 'fluentd', instance: 'c' }, samples: every30s(0, 600, () => 1) },
  { labels: { __name__: 'up', job: 'fluentd-forwarder', instance: 'd' }, samples: every30s(0, 600, () => 1) },
  // stopped being scraped at 240 s: stale at 600 s, visible at 500 s
  { labels: { __name__: 'up', job: 'gone', instance: 'e' }, samples: every30s(0, 240, () => 1) },
  { labels: { __name__: 'errors_total', instance: 'a' }, samples: every30s(0, 600, (seconds) => seconds / 30) },
  { labels: { __name__: 'errors_total', instance: 'b' }, samples: every30s(450, 600, (seconds) => (seconds - 450) / 30 + 5) },
  { labels: { __name__: 'boot_seconds', instance: 'a', node: 'n1' }, samples: every30s(0, 600, () => 100) },
  { labels: { __name__: 'boot_seconds', instance: 'b', node: 'n2' }, samples: every30s(0, 600, () => 400) },
  { labels: { __name__: 'created_seconds', node: 'n1', job: 'ksm' }, samples: every30s(0, 600, () => 50) },
  { labels: { __name__: 'created_seconds', node: 'n2', job: 'ksm' }, samples: every30s(0, 600, () => 60) },
  // two metrics whose labels are equal once the name is dropped
  { labels: { __name__: 'twin_a', k: 'v' }, samples: every30s(0, 600, () => 1) },
  { labels: { __name__: 'twin_b', k: 'v' }, samples: every30s(0, 600, () => 2) },
]);

function run(query: string, atSeconds = 600): InstantValue {
  return evaluateInstant(parsePromql(query), atSeconds * 1000, store);
}

/** The vector result as `labels → value`, order-independent. */
function vector(query: string, atSeconds = 600): Record<string, number> {
  const value = run(query, atSeconds);
  if (value.type !== 'vector') throw new Error(`expected a vector, got ${value.type}`);
  return Object.fromEntries(value.samples.map((sample: Sample) => [labelsKey(sample.labels).replaceAll('\u00ff', ' '), sample.value]));
}

function scalar(query: string, atSeconds = 600): number {
  const value = run(query, atSeconds);
  if (value.type !== 'scalar') throw new Error(`expected a scalar, got ${value.type}`);
  return value.value;
}

describe('evaluateInstant', () => {
  describe('selectors', () => {
    it('selects by name and equality, keeping __name__', () => {
      expect(vector('up{job="node"}')).toEqual({ '__name__ up instance a job node': 1, '__name__ up instance b job node': 0 });
    });

    it('applies != and anchored regular expressions', () => {
      expect(Object.keys(vector('up{job=~"fluentd"}'))).toEqual(['__name__ up instance c job fluentd']);
      expect(Object.keys(vector('up{job=~"fluentd.*"}'))).toHaveLength(2);
      expect(Object.keys(vector('up{job!~"fluentd.*", job!="node"}'))).toEqual([]);
    });

    it('matches the metric name inside braces, also by regex', () => {
      expect(Object.keys(vector('{__name__="boot_seconds"}'))).toHaveLength(2);
      expect(Object.keys(vector('{__name__=~"boot_seconds|created_seconds", node="n1"}'))).toHaveLength(2);
    });

    it('treats a missing label as the empty string', () => {
      expect(Object.keys(vector('up{zone=""}'))).toHaveLength(4);
      expect(Object.keys(vector('up{zone!=""}'))).toHaveLength(0);
    });

    it('looks back 5 minutes, so a series that stopped drops out', () => {
      expect(Object.keys(vector('up{job="gone"}', 500))).toHaveLength(1);
      expect(Object.keys(vector('up{job="gone"}', 540))).toHaveLength(1);
      expect(Object.keys(vector('up{job="gone"}', 541))).toHaveLength(0);
    });

    it('returns a range selector as a matrix including both window ends', () => {
      const value = run('up{instance="a"}[60s]');
      expect(value.type).toBe('matrix');
      if (value.type === 'matrix') expect(value.series[0]?.points.map((point) => point.t / 1000)).toEqual([540, 570, 600]);
    });
  });

  describe('range functions', () => {
    it('increase and rate over a fully covered window need no extrapolation', () => {
      expect(vector('increase(errors_total{instance="a"}[5m])')).toEqual({ 'instance a': 10 });
      expect(vector('rate(errors_total{instance="a"}[5m])')['instance a']).toBeCloseTo(10 / 300, 12);
    });

    it('extrapolates like Prometheus when the series starts inside the window', () => {
      // samples 5..10 from 450 s to 600 s; window starts at 300 s: extended by half a step
      expect(vector('increase(errors_total{instance="b"}[5m])')['instance b']).toBeCloseTo(5.5, 12);
    });

    it('counts and takes extremes over time', () => {
      expect(vector('count_over_time(up{instance="a"}[10m])')).toEqual({ 'instance a job node': 21 });
      expect(vector('max_over_time(errors_total{instance="a"}[1m])')).toEqual({ 'instance a': 20 });
      expect(vector('min_over_time(errors_total{instance="a"}[1m])')).toEqual({ 'instance a': 18 });
    });

    it('drops series with fewer than two samples from rate', () => {
      expect(vector('rate(errors_total{instance="b"}[10s])')).toEqual({});
    });
  });

  describe('extrapolatedRate', () => {
    const points = (pairs: Array<[number, number]>): Point[] => pairs.map(([seconds, v]) => ({ t: seconds * 1000, v }));

    it('adds the value before a counter reset', () => {
      expect(extrapolatedRate(points([[0, 5], [30, 6], [60, 7], [90, 1], [120, 2]]), 0, 120_000, true, false)).toBe(4);
    });

    it('does not extrapolate a counter below zero', () => {
      // starts at 1 inside the window: the zero point is 30 s before the first sample
      expect(extrapolatedRate(points([[450, 1], [480, 2], [510, 3], [540, 4], [570, 5], [600, 6]]), 300_000, 600_000, true, false)).toBeCloseTo(6, 12);
    });

    it('extrapolates by half a step at an edge far from the samples', () => {
      // not a counter: half a step (15 s) at both ends
      expect(extrapolatedRate(points([[0, 0], [30, 1], [60, 2]]), -300_000, 200_000, false, false)).toBeCloseTo(((60 + 15 + 15) / 60) * 2, 12);
      // a counter at 0 cannot have started earlier: only the end is extended
      expect(extrapolatedRate(points([[0, 0], [30, 1], [60, 2]]), -300_000, 200_000, true, false)).toBeCloseTo(((60 + 15) / 60) * 2, 12);
    });
  });

  describe('binary operators', () => {
    it('does arithmetic between vector and scalar in both orders, dropping the name', () => {
      expect(vector('boot_seconds * 2')).toEqual({ 'instance a node n1': 200, 'instance b node n2': 800 });
      expect(vector('1000 - boot_seconds')).toEqual({ 'instance a node n1': 900, 'instance b node n2': 600 });
      expect(vector('time() - boot_seconds')).toEqual({ 'instance a node n1': 500, 'instance b node n2': 200 });
    });

    it('filters with comparisons and keeps the vector value and name', () => {
      expect(vector('boot_seconds > 200')).toEqual({ '__name__ boot_seconds instance b node n2': 400 });
      expect(vector('200 < boot_seconds')).toEqual({ '__name__ boot_seconds instance b node n2': 400 });
      expect(vector('up == 0')).toEqual({ '__name__ up instance b job node': 0 });
    });

    it('returns 0/1 with bool and drops the name', () => {
      expect(vector('boot_seconds > bool 200')).toEqual({ 'instance a node n1': 0, 'instance b node n2': 1 });
      expect(scalar('2 > bool 1')).toBe(1);
      expect(scalar('2 == bool 1')).toBe(0);
    });

    it('computes scalar arithmetic', () => {
      expect(scalar('20 * 86400')).toBe(1_728_000);
      expect(scalar('(1 + 2) * 3 - -1')).toBe(10);
      expect(scalar('1 / 0')).toBe(Infinity);
      expect(scalar('time()', 600)).toBe(600);
    });

    it('matches vectors one-to-one on all labels but the name', () => {
      expect(vector('up{job="node"} + up{job="node"}')).toEqual({ 'instance a job node': 2, 'instance b job node': 0 });
    });

    it('matches on(...) and keeps only those labels', () => {
      expect(vector('boot_seconds - on(node) created_seconds')).toEqual({ 'node n1': 50, 'node n2': 340 });
    });

    it('matches ignoring(...) and removes those labels', () => {
      expect(vector('boot_seconds - ignoring(instance, job) created_seconds')).toEqual({ 'node n1': 50, 'node n2': 340 });
    });

    it('filters vector against vector', () => {
      expect(vector('boot_seconds > on(node) created_seconds * 5')).toEqual({ 'node n2': 400 });
    });

    it('refuses many-to-many matching', () => {
      expect(() => run('up + on(job) up')).toThrow(PromqlExecutionError);
      expect(() => run('up + on(job) up')).toThrow(/found duplicate series for the match group \{job="node"\} on the right hand-side/);
    });

    it('refuses results with duplicate label sets', () => {
      expect(Object.keys(vector('{__name__=~"twin_.*"} > 0'))).toHaveLength(2);
      expect(() => run('{__name__=~"twin_.*"} * 1')).toThrow(/vector cannot contain metrics with the same labelset/);
      expect(() => run('max_over_time({__name__=~"twin_.*"}[1m])')).toThrow(/same labelset/);
    });
  });

  describe('aggregations', () => {
    it('sums, counts, averages and takes extremes by labels', () => {
      expect(vector('sum by (job) (up)')).toEqual({ 'job node': 1, 'job fluentd': 1, 'job fluentd-forwarder': 1 });
      expect(vector('count(up)')).toEqual({ '': 4 });
      expect(vector('avg(boot_seconds)')).toEqual({ '': 250 });
      expect(vector('max(boot_seconds)')).toEqual({ '': 400 });
      expect(vector('min(boot_seconds) by (node)')).toEqual({ 'node n1': 100, 'node n2': 400 });
    });

    it('aggregates without labels, always dropping the name', () => {
      expect(vector('sum without (instance) (up)')).toEqual({ 'job node': 1, 'job fluentd': 1, 'job fluentd-forwarder': 1 });
    });

    it('returns nothing for an empty input', () => {
      expect(vector('sum(nothing_here)')).toEqual({});
    });

    it('computes the share of healthy targets', () => {
      expect(vector('count(up == 1) / count(up)')).toEqual({ '': 0.75 });
    });
  });

  describe('absent', () => {
    it('is empty when series exist', () => {
      expect(vector('absent(up{job="node"})')).toEqual({});
    });

    it('returns 1 with the equality labels of the selector when nothing matches', () => {
      expect(vector('absent(kured_reboot_required{node="n1", job=~"k.*"})')).toEqual({ 'node n1': 1 });
      expect(vector('absent(sum(nothing_here))')).toEqual({ '': 1 });
    });
  });
});

describe('evaluateRange', () => {
  it('evaluates at every step and groups points by label set', () => {
    const result = evaluateRange(parsePromql('sum(up{job="gone"})'), 0, 600_000, 120_000, store);
    expect(result).toHaveLength(1);
    expect(result[0]?.points.map((point) => point.t / 1000)).toEqual([0, 120, 240, 360, 480]);
  });

  it('returns scalars as one series without labels', () => {
    const result = evaluateRange(parsePromql('time()'), 0, 60_000, 30_000, store);
    expect(result).toEqual([{ labels: {}, points: [{ t: 0, v: 0 }, { t: 30_000, v: 30 }, { t: 60_000, v: 60 }] }]);
  });

  it('sorts series by labels', () => {
    const result = evaluateRange(parsePromql('up'), 600_000, 600_000, 30_000, store);
    expect(result.map((series) => series.labels.instance)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses range vectors', () => {
    expect(() => evaluateRange(parsePromql('up[5m]'), 0, 60_000, 30_000, store)).toThrow(/invalid expression type "range vector"/);
  });
});
