import {
  type Aggregation,
  type ArithmeticOp,
  type BinaryExpr,
  type BinaryOp,
  type Call,
  type ComparisonOp,
  type Expr,
  type LabelMatcher,
  type MatrixSelector,
  isComparisonOp,
} from './ast';
import { PromqlExecutionError } from './errors';
import {
  type Labels,
  METRIC_NAME,
  compareLabels,
  dropMetricName,
  formatLabels,
  keepLabels,
  labelsKey,
  matchingKey,
  removeLabels,
} from './labels';

/** How far back an instant selector looks for the latest sample (Prometheus's default). */
export const LOOKBACK_MS = 5 * 60_000;

export interface Point {
  /** milliseconds since the epoch */
  t: number;
  v: number;
}

/** One stored series, as the evaluator reads it. */
export interface StoredSeries {
  /** labels including `__name__` */
  labels: Labels;
  /** samples with from <= t <= to, in time order */
  samplesBetween(from: number, to: number): Point[];
  /** the latest sample with from <= t <= to */
  latestBetween(from: number, to: number): Point | undefined;
}

export interface SeriesStore {
  /** every series whose label set satisfies all matchers */
  select(matchers: readonly LabelMatcher[]): StoredSeries[];
}

export interface Sample {
  labels: Labels;
  value: number;
}

export interface RangeSeries {
  labels: Labels;
  points: Point[];
}

export type InstantValue =
  | { type: 'scalar'; value: number }
  | { type: 'vector'; samples: Sample[] }
  | { type: 'matrix'; series: RangeSeries[] };

/**
 * Evaluates an expression at one instant, following the rules of Prometheus 2.x: range selectors
 * include both ends of their window and instant selectors see samples up to 5 minutes old.
 */
export function evaluateInstant(expr: Expr, timeMs: number, store: SeriesStore): InstantValue {
  return new Evaluator(store, timeMs).evaluate(expr);
}

/** Evaluates an expression at start, start + step, … ≤ end and returns one series per label set. */
export function evaluateRange(expr: Expr, startMs: number, endMs: number, stepMs: number, store: SeriesStore): RangeSeries[] {
  const seriesByKey = new Map<string, RangeSeries>();
  for (let timeMs = startMs; timeMs <= endMs; timeMs += stepMs) {
    const value = evaluateInstant(expr, timeMs, store);
    if (value.type === 'matrix') {
      throw new PromqlExecutionError('invalid expression type "range vector" for range query, must be Scalar or instant Vector');
    }
    const samples: Sample[] = value.type === 'scalar' ? [{ labels: {}, value: value.value }] : value.samples;
    for (const sample of samples) {
      const key = labelsKey(sample.labels);
      let series = seriesByKey.get(key);
      if (series === undefined) {
        series = { labels: sample.labels, points: [] };
        seriesByKey.set(key, series);
      }
      series.points.push({ t: timeMs, v: sample.value });
    }
  }
  return [...seriesByKey.values()].sort((a, b) => compareLabels(a.labels, b.labels));
}

class Evaluator {
  constructor(
    private readonly store: SeriesStore,
    private readonly timeMs: number,
  ) {}

  evaluate(expr: Expr): InstantValue {
    switch (expr.type) {
      case 'number':
        return { type: 'scalar', value: expr.value };
      case 'paren':
        return this.evaluate(expr.expr);
      case 'vector-selector':
        return { type: 'vector', samples: this.selectInstant(expr.matchers) };
      case 'matrix-selector':
        return { type: 'matrix', series: this.selectRange(expr) };
      case 'unary':
        return this.evaluateUnary(expr.op, this.evaluate(expr.expr));
      case 'call':
        return this.evaluateCall(expr);
      case 'aggregation':
        return { type: 'vector', samples: this.evaluateAggregation(expr) };
      case 'binary':
        return this.evaluateBinary(expr);
    }
  }

  private vectorOf(expr: Expr): Sample[] {
    const value = this.evaluate(expr);
    if (value.type !== 'vector') throw new PromqlExecutionError(`expected instant vector, got ${value.type}`);
    return value.samples;
  }

  private selectInstant(matchers: readonly LabelMatcher[]): Sample[] {
    const samples: Sample[] = [];
    for (const series of this.store.select(matchers)) {
      const point = series.latestBetween(this.timeMs - LOOKBACK_MS, this.timeMs);
      if (point !== undefined) samples.push({ labels: series.labels, value: point.v });
    }
    return samples;
  }

  private selectRange(expr: MatrixSelector): RangeSeries[] {
    const result: RangeSeries[] = [];
    for (const series of this.store.select(expr.selector.matchers)) {
      const points = series.samplesBetween(this.timeMs - expr.rangeMs, this.timeMs);
      if (points.length > 0) result.push({ labels: series.labels, points });
    }
    return result;
  }

  private evaluateUnary(op: '-' | '+', value: InstantValue): InstantValue {
    if (op === '+') return value;
    if (value.type === 'scalar') return { type: 'scalar', value: -value.value };
    if (value.type === 'vector') {
      const samples = value.samples.map((sample) => ({ labels: dropMetricName(sample.labels), value: -sample.value }));
      assertUniqueLabelSets(samples);
      return { type: 'vector', samples };
    }
    throw new PromqlExecutionError('unary expression only allowed on expressions of type scalar or instant vector');
  }

  private evaluateCall(call: Call): InstantValue {
    if (call.func === 'time') return { type: 'scalar', value: this.timeMs / 1000 };
    const [argument] = call.args;
    if (argument === undefined) throw new PromqlExecutionError(`missing argument for ${call.func}`);
    if (call.func === 'absent') {
      if (this.vectorOf(argument).length > 0) return { type: 'vector', samples: [] };
      return { type: 'vector', samples: [{ labels: absentLabels(argument), value: 1 }] };
    }
    if (argument.type !== 'matrix-selector') throw new PromqlExecutionError(`${call.func} expects a range selector`);
    const samples: Sample[] = [];
    for (const series of this.selectRange(argument)) {
      const value = this.rangeFunction(call.func, argument, series.points);
      if (value !== undefined) samples.push({ labels: dropMetricName(series.labels), value });
    }
    assertUniqueLabelSets(samples);
    return { type: 'vector', samples };
  }

  private rangeFunction(func: string, selector: MatrixSelector, points: Point[]): number | undefined {
    switch (func) {
      case 'rate':
        return extrapolatedRate(points, this.timeMs - selector.rangeMs, this.timeMs, true, true);
      case 'increase':
        return extrapolatedRate(points, this.timeMs - selector.rangeMs, this.timeMs, true, false);
      case 'count_over_time':
        return points.length;
      case 'max_over_time':
        return points.reduce((max, point) => (point.v > max || Number.isNaN(max) ? point.v : max), (points[0] as Point).v);
      case 'min_over_time':
        return points.reduce((min, point) => (point.v < min || Number.isNaN(min) ? point.v : min), (points[0] as Point).v);
      default:
        throw new PromqlExecutionError(`function "${func}" is not supported by the demo Prometheus`);
    }
  }

  private evaluateAggregation(aggregation: Aggregation): Sample[] {
    const groups = new Map<string, { labels: Labels; values: number[] }>();
    for (const sample of this.vectorOf(aggregation.expr)) {
      const labels = aggregation.without
        ? removeLabels(sample.labels, [...aggregation.grouping, METRIC_NAME])
        : keepLabels(sample.labels, aggregation.grouping);
      const key = labelsKey(labels);
      let group = groups.get(key);
      if (group === undefined) {
        group = { labels, values: [] };
        groups.set(key, group);
      }
      group.values.push(sample.value);
    }
    return [...groups.values()].map((group) => ({ labels: group.labels, value: aggregate(aggregation.op, group.values) }));
  }

  private evaluateBinary(expr: BinaryExpr): InstantValue {
    const lhs = this.evaluate(expr.lhs);
    const rhs = this.evaluate(expr.rhs);
    if (lhs.type === 'scalar' && rhs.type === 'scalar') {
      if (isComparisonOp(expr.op)) return { type: 'scalar', value: compare(expr.op, lhs.value, rhs.value) ? 1 : 0 };
      return { type: 'scalar', value: arithmetic(expr.op, lhs.value, rhs.value) };
    }
    let samples: Sample[];
    if (lhs.type === 'vector' && rhs.type === 'scalar') {
      samples = vectorScalarBinary(expr, lhs.samples, rhs.value, false);
    } else if (lhs.type === 'scalar' && rhs.type === 'vector') {
      samples = vectorScalarBinary(expr, rhs.samples, lhs.value, true);
    } else if (lhs.type === 'vector' && rhs.type === 'vector') {
      samples = vectorVectorBinary(expr, lhs.samples, rhs.samples);
    } else {
      throw new PromqlExecutionError('binary expression must contain only scalar and instant vector types');
    }
    assertUniqueLabelSets(samples);
    return { type: 'vector', samples };
  }
}

function arithmetic(op: BinaryOp, lhs: number, rhs: number): number {
  switch (op as ArithmeticOp) {
    case '+':
      return lhs + rhs;
    case '-':
      return lhs - rhs;
    case '*':
      return lhs * rhs;
    case '/':
      return lhs / rhs;
  }
}

function compare(op: ComparisonOp, lhs: number, rhs: number): boolean {
  switch (op) {
    case '==':
      return lhs === rhs;
    case '!=':
      return lhs !== rhs;
    case '>':
      return lhs > rhs;
    case '<':
      return lhs < rhs;
    case '>=':
      return lhs >= rhs;
    case '<=':
      return lhs <= rhs;
  }
}

/** Vector ⊕ scalar (or scalar ⊕ vector when `scalarOnLeft`), as Prometheus's VectorscalarBinop. */
function vectorScalarBinary(expr: BinaryExpr, vector: Sample[], scalar: number, scalarOnLeft: boolean): Sample[] {
  const result: Sample[] = [];
  for (const sample of vector) {
    const lhs = scalarOnLeft ? scalar : sample.value;
    const rhs = scalarOnLeft ? sample.value : scalar;
    let value: number;
    let keep = true;
    if (isComparisonOp(expr.op)) {
      keep = compare(expr.op, lhs, rhs);
      // a filter always returns the vector's own value, whichever side the vector was on
      value = sample.value;
    } else {
      value = arithmetic(expr.op, lhs, rhs);
    }
    if (expr.returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    const dropName = !isComparisonOp(expr.op) || expr.returnBool;
    result.push({ labels: dropName ? dropMetricName(sample.labels) : sample.labels, value });
  }
  return result;
}

/** Vector ⊕ vector with one-to-one matching, as Prometheus's VectorBinop. */
function vectorVectorBinary(expr: BinaryExpr, lhs: Sample[], rhs: Sample[]): Sample[] {
  const on = expr.matching?.on ?? false;
  const names = expr.matching?.labels ?? [];
  const rhsByKey = new Map<string, Sample>();
  for (const sample of rhs) {
    const key = matchingKey(sample.labels, on, names);
    const duplicate = rhsByKey.get(key);
    if (duplicate !== undefined) {
      const group = on ? keepLabels(sample.labels, names) : removeLabels(sample.labels, [...names, METRIC_NAME]);
      throw new PromqlExecutionError(
        `found duplicate series for the match group ${formatLabels(group)} on the right hand-side of the operation: ` +
          `[${formatLabels(sample.labels)}, ${formatLabels(duplicate.labels)}];` +
          'many-to-many matching not allowed: matching labels must be unique on one side',
      );
    }
    rhsByKey.set(key, sample);
  }
  const matchedKeys = new Set<string>();
  const result: Sample[] = [];
  for (const left of lhs) {
    const key = matchingKey(left.labels, on, names);
    const right = rhsByKey.get(key);
    if (right === undefined) continue;
    let value: number;
    let keep = true;
    if (isComparisonOp(expr.op)) {
      keep = compare(expr.op, left.value, right.value);
      value = left.value;
    } else {
      value = arithmetic(expr.op, left.value, right.value);
    }
    if (expr.returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    if (matchedKeys.has(key)) {
      throw new PromqlExecutionError('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
    }
    matchedKeys.add(key);
    let labels = left.labels;
    if (!isComparisonOp(expr.op) || expr.returnBool) labels = dropMetricName(labels);
    if (expr.matching !== undefined) labels = on ? keepLabels(labels, names) : removeLabels(labels, names);
    result.push({ labels, value });
  }
  return result;
}

function aggregate(op: Aggregation['op'], values: number[]): number {
  switch (op) {
    case 'sum':
      return values.reduce((total, value) => total + value, 0);
    case 'count':
      return values.length;
    case 'max':
      return values.reduce((max, value) => (value > max || Number.isNaN(max) ? value : max));
    case 'min':
      return values.reduce((min, value) => (value < min || Number.isNaN(min) ? value : min));
    case 'avg': {
      // the incremental mean Prometheus uses (it avoids overflow on large sums)
      let mean = values[0] as number;
      for (let index = 1; index < values.length; index += 1) {
        const count = index + 1;
        mean += (values[index] as number) / count - mean / count;
      }
      return mean;
    }
  }
}

/**
 * Prometheus's extrapolatedRate (promql/functions.go, 2.x): the increase between the first and
 * last sample in the window, corrected for counter resets, then extrapolated towards the window's
 * edges when the samples come close to them — but never below a counter's zero point.
 */
export function extrapolatedRate(points: Point[], rangeStart: number, rangeEnd: number, isCounter: boolean, isRate: boolean): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0] as Point;
  const last = points[points.length - 1] as Point;
  let result = last.v - first.v;
  if (isCounter) {
    for (let index = 1; index < points.length; index += 1) {
      const previous = (points[index - 1] as Point).v;
      if ((points[index] as Point).v < previous) result += previous;
    }
  }
  let durationToStart = (first.t - rangeStart) / 1000;
  const durationToEnd = (rangeEnd - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (points.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const extrapolationThreshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  extrapolateToInterval += durationToStart < extrapolationThreshold ? durationToStart : averageDurationBetweenSamples / 2;
  extrapolateToInterval += durationToEnd < extrapolationThreshold ? durationToEnd : averageDurationBetweenSamples / 2;
  let factor = extrapolateToInterval / sampledInterval;
  if (isRate) factor /= (rangeEnd - rangeStart) / 1000;
  return result * factor;
}

/**
 * The labels absent() gives its answer: those fixed by equality matchers of the selector it was
 * given. Like Prometheus, a later matcher on the same label (or any non-equality matcher) removes it.
 */
function absentLabels(expr: Expr): Labels {
  if (expr.type !== 'vector-selector') return {};
  const labels: Record<string, string> = {};
  const isSet = new Set<string>();
  for (const matcher of expr.matchers) {
    if (matcher.name === METRIC_NAME) continue;
    if (matcher.type === '=' && !isSet.has(matcher.name)) {
      labels[matcher.name] = matcher.value;
      isSet.add(matcher.name);
    } else {
      delete labels[matcher.name];
    }
  }
  return labels;
}

function assertUniqueLabelSets(samples: Sample[]): void {
  const seen = new Set<string>();
  for (const sample of samples) {
    const key = labelsKey(sample.labels);
    if (seen.has(key)) throw new PromqlExecutionError('vector cannot contain metrics with the same labelset');
    seen.add(key);
  }
}
