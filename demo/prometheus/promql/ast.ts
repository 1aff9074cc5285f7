/**
 * Syntax tree of the PromQL subset the demo Prometheus understands. The shapes follow the
 * node kinds of Prometheus's own parser so that evaluation rules can be compared line by line.
 */

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  type: MatchType;
  value: string;
  /** compiled, fully anchored pattern for `=~` and `!~` */
  regex?: RegExp;
}

export type AggregationOp = 'sum' | 'count' | 'max' | 'min' | 'avg';
export type ArithmeticOp = '+' | '-' | '*' | '/';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type BinaryOp = ArithmeticOp | ComparisonOp;

export interface NumberLiteral {
  type: 'number';
  value: number;
}

export interface VectorSelector {
  type: 'vector-selector';
  /** the metric name when written outside the braces (it is also one of the matchers) */
  name?: string;
  matchers: LabelMatcher[];
}

export interface MatrixSelector {
  type: 'matrix-selector';
  selector: VectorSelector;
  rangeMs: number;
}

export interface Call {
  type: 'call';
  func: string;
  args: Expr[];
}

export interface Aggregation {
  type: 'aggregation';
  op: AggregationOp;
  /** label names of `by (...)` or `without (...)` */
  grouping: string[];
  without: boolean;
  expr: Expr;
}

export interface VectorMatching {
  /** true for on(...), false for ignoring(...) */
  on: boolean;
  labels: string[];
}

export interface BinaryExpr {
  type: 'binary';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  /** only set when on(...) or ignoring(...) was written */
  matching?: VectorMatching;
}

export interface UnaryExpr {
  type: 'unary';
  op: '-' | '+';
  expr: Expr;
}

export interface ParenExpr {
  type: 'paren';
  expr: Expr;
}

export type Expr = NumberLiteral | VectorSelector | MatrixSelector | Call | Aggregation | BinaryExpr | UnaryExpr | ParenExpr;

export function isComparisonOp(op: BinaryOp): op is ComparisonOp {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

/** The type an expression evaluates to, as Prometheus's parser decides it. */
export function typeOf(expr: Expr): ValueType {
  switch (expr.type) {
    case 'number':
      return 'scalar';
    case 'vector-selector':
    case 'aggregation':
      return 'vector';
    case 'matrix-selector':
      return 'matrix';
    case 'call':
      return expr.func === 'time' ? 'scalar' : 'vector';
    case 'binary':
      return typeOf(expr.lhs) === 'scalar' && typeOf(expr.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
    case 'paren':
      return typeOf(expr.expr);
  }
}
