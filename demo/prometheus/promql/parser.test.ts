import { describe, expect, it } from 'vitest';
import type { BinaryExpr, Expr, MatrixSelector, VectorSelector } from './ast';
import { PromqlParseError } from './errors';
import { parsePromql } from './parser';

function selector(expr: Expr): VectorSelector {
  if (expr.type !== 'vector-selector') throw new Error(`expected a vector selector, got ${expr.type}`);
  return expr;
}

function parseError(query: string): string {
  try {
    parsePromql(query);
  } catch (error) {
    if (error instanceof PromqlParseError) return error.message;
    throw error;
  }
  throw new Error(`"${query}" parsed without error`);
}

describe('parsePromql', () => {
  it('parses a metric name with every matcher type', () => {
    const expr = selector(parsePromql('up{job="node", instance!="a", pod=~"fluentd-.*", ns!~"kube-.*"}'));
    expect(expr.name).toBe('up');
    expect(expr.matchers.map((matcher) => `${matcher.name}${matcher.type}${matcher.value}`)).toEqual([
      '__name__=up',
      'job=node',
      'instance!=a',
      'pod=~fluentd-.*',
      'ns!~kube-.*',
    ]);
  });

  it('accepts the metric name inside the braces and single-quoted or raw strings', () => {
    const expr = selector(parsePromql(`{__name__="up", job='node', path=\`C:\\x\`}`));
    expect(expr.name).toBeUndefined();
    expect(expr.matchers.map((matcher) => matcher.value)).toEqual(['up', 'node', 'C:\\x']);
  });

  it('anchors regular expressions fully', () => {
    const matcher = selector(parsePromql('up{job=~"fluentd"}')).matchers[1];
    expect(matcher?.regex?.test('fluentd')).toBe(true);
    expect(matcher?.regex?.test('fluentd-forwarder')).toBe(false);
    expect(matcher?.regex?.test('my-fluentd')).toBe(false);
  });

  it('parses range selectors with compound durations', () => {
    const expr = parsePromql('increase(fluentd_output_status_num_errors[1h30m])');
    expect(expr.type).toBe('call');
    const range = (expr as { args: Expr[] }).args[0] as MatrixSelector;
    expect(range.type).toBe('matrix-selector');
    expect(range.rangeMs).toBe(5_400_000);
  });

  it('gives * and / precedence over + and -, and arithmetic over comparisons', () => {
    const expr = parsePromql('a + b * 2 > 3') as BinaryExpr;
    expect(expr.op).toBe('>');
    const sum = expr.lhs as BinaryExpr;
    expect(sum.op).toBe('+');
    expect((sum.rhs as BinaryExpr).op).toBe('*');
  });

  it('is left-associative', () => {
    const expr = parsePromql('10 - 2 - 3') as BinaryExpr;
    expect(expr.lhs.type).toBe('binary');
    expect(expr.rhs).toEqual({ type: 'number', value: 3 });
  });

  it('parses bool and vector matching modifiers', () => {
    const expr = parsePromql('a > bool on(node, job) b') as BinaryExpr;
    expect(expr.returnBool).toBe(true);
    expect(expr.matching).toEqual({ on: true, labels: ['node', 'job'] });
    expect((parsePromql('a / ignoring(instance) b') as BinaryExpr).matching).toEqual({ on: false, labels: ['instance'] });
  });

  it('accepts grouping before or after the aggregated expression', () => {
    const before = parsePromql('sum by (severity) (trivy_image_vulnerabilities)');
    const after = parsePromql('sum(trivy_image_vulnerabilities) by (severity)');
    expect(before).toEqual(after);
    expect(parsePromql('count without (instance, pod) (up)')).toMatchObject({ type: 'aggregation', op: 'count', without: true, grouping: ['instance', 'pod'] });
  });

  it('treats keywords case-insensitively', () => {
    expect(parsePromql('SUM BY (job) (up)')).toMatchObject({ type: 'aggregation', op: 'sum', grouping: ['job'] });
  });

  it('folds unary minus into number literals and parses special numbers', () => {
    expect(parsePromql('-5')).toEqual({ type: 'number', value: -5 });
    expect(parsePromql('0x1F')).toEqual({ type: 'number', value: 31 });
    expect(parsePromql('1.5e3')).toEqual({ type: 'number', value: 1500 });
    expect((parsePromql('Inf') as { value: number }).value).toBe(Infinity);
    expect(Number.isNaN((parsePromql('NaN') as { value: number }).value)).toBe(true);
  });

  it('parses time() and absent()', () => {
    expect(parsePromql('time() - node_boot_time_seconds')).toMatchObject({ type: 'binary', lhs: { type: 'call', func: 'time', args: [] } });
    expect(parsePromql('absent(kured_reboot_required)')).toMatchObject({ type: 'call', func: 'absent' });
  });

  it('ignores comments', () => {
    expect(parsePromql('up # every target\n')).toMatchObject({ type: 'vector-selector', name: 'up' });
  });

  describe('errors', () => {
    it.each([
      ['', 'no expression found in input'],
      ['rate(up)', 'expected type range vector in call to function "rate", got instant vector'],
      ['sum(up[5m])', 'expected type instant vector in aggregation expression, got range vector'],
      ['1 > 2', 'comparisons between scalars must use BOOL modifier'],
      ['up + bool 1', 'bool modifier can only be used on comparison operators'],
      ['1 + on(job) up', 'vector matching only allowed between instant vectors'],
      ['{job=~".*"}', 'vector selector must contain at least one non-empty matcher'],
      ['up{__name__="x"}', 'metric name must not be set twice'],
      ['foo(up)', 'unknown function with name "foo"'],
      ['up{job="a"', 'unexpected end of input'],
      ['up[5m] + 1', 'binary expression must contain only scalar and instant vector types'],
      ['time(1)', 'expected 0 argument(s) in call to "time", got 1'],
      ['(up)[5m]', 'ranges only allowed for vector selectors'],
      ['up{job=~"("}', 'invalid regular expression'],
    ])('%s → %s', (query, message) => {
      expect(parseError(query)).toContain(message);
    });

    it.each([
      ['topk(3, up)', 'aggregation "topk" is not supported by the demo Prometheus'],
      ['irate(up[5m])', 'function "irate" is not supported by the demo Prometheus'],
      ['up and up', 'binary operator "and" is not supported by the demo Prometheus'],
      ['up % 2', 'binary operator "%" is not supported by the demo Prometheus'],
      ['up offset 5m', 'offset modifier is not supported by the demo Prometheus'],
      ['up @ 100', '@ modifier is not supported by the demo Prometheus'],
      ['rate(up[5m:1m])', 'subquery is not supported by the demo Prometheus'],
      ['a * on(x) group_left b', '"group_left" (many-to-one matching) is not supported by the demo Prometheus'],
      ['"text"', 'string literal is not supported by the demo Prometheus'],
    ])('names what is unsupported: %s', (query, message) => {
      expect(parseError(query)).toContain(message);
    });

    it('reports the line and column like Prometheus', () => {
      expect(parseError('rate(up)')).toMatch(/^1:6: parse error: /);
      expect(parseError('sum(\n  up\n) + "x"')).toMatch(/^3:5: parse error: /);
    });
  });
});
