import {
  type AggregationOp,
  type BinaryOp,
  type Expr,
  type LabelMatcher,
  type MatchType,
  type ValueType,
  type VectorMatching,
  type VectorSelector,
  isComparisonOp,
  typeOf,
} from './ast';
import { parsePromDuration } from './duration';
import { PromqlParseError } from './errors';
import { type Token, tokenize } from './lexer';
import { compileMatcherRegex } from './matchers';

const SUPPORTED_AGGREGATIONS: readonly AggregationOp[] = ['sum', 'count', 'max', 'min', 'avg'];
const OTHER_AGGREGATIONS = ['group', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio'];

/** Functions of the subset, with the argument types Prometheus's parser requires. */
const SUPPORTED_FUNCTIONS: Record<string, ValueType[]> = {
  rate: ['matrix'],
  increase: ['matrix'],
  max_over_time: ['matrix'],
  min_over_time: ['matrix'],
  count_over_time: ['matrix'],
  absent: ['vector'],
  time: [],
};

// Real PromQL functions outside the subset: they get an "unsupported" answer rather than "unknown".
const OTHER_FUNCTIONS = new Set(
  (
    'abs absent_over_time avg_over_time ceil changes clamp clamp_max clamp_min day_of_month day_of_week day_of_year ' +
    'days_in_month delta deriv exp floor histogram_quantile histogram_count histogram_sum holt_winters hour idelta irate ' +
    'label_join label_replace last_over_time ln log10 log2 minute month predict_linear present_over_time quantile_over_time ' +
    'resets round scalar sgn sort sort_desc sqrt stddev_over_time stdvar_over_time sum_over_time timestamp vector year ' +
    'acos acosh asin asinh atan atanh cos cosh sin sinh tan tanh deg rad pi'
  ).split(' '),
);

const PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<': 3,
  '>': 3,
  '<=': 3,
  '>=': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};
const SUPPORTED_BINARY_OPS = new Set(['+', '-', '*', '/', '==', '!=', '<', '>', '<=', '>=']);

const TYPE_NAMES: Record<ValueType, string> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

/**
 * Parses a PromQL expression of the supported subset. Anything else throws a PromqlParseError
 * that names what is not supported.
 * @example parsePromql('sum by (job) (up == 1)')
 */
export function parsePromql(input: string): Expr {
  return new Parser(input).parseQuery();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(private readonly input: string) {
    this.tokens = tokenize(input);
  }

  parseQuery(): Expr {
    if (this.peek().kind === 'eof') this.fail('no expression found in input', this.peek());
    const expr = this.parseExpr(0);
    const trailing = this.peek();
    if (trailing.kind !== 'eof') this.fail(`unexpected ${describe(trailing)}`, trailing);
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    this.index = Math.min(this.index + 1, this.tokens.length - 1);
    return token;
  }

  private isOperator(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'operator' && token.text === text;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'identifier' && token.text.toLowerCase() === word;
  }

  private expectOperator(text: string, context: string): Token {
    const token = this.next();
    if (token.kind !== 'operator' || token.text !== text) {
      this.fail(`unexpected ${describe(token)} in ${context}, expected "${text}"`, token);
    }
    return token;
  }

  private fail(message: string, token: Token): never {
    throw new PromqlParseError(message, token.position, this.input);
  }

  private unsupported(what: string, token: Token): never {
    this.fail(`${what} is not supported by the demo Prometheus`, token);
  }

  private binaryOperatorAt(): string | undefined {
    const token = this.peek();
    if (token.kind === 'operator' && PRECEDENCE[token.text] !== undefined) return token.text;
    if (token.kind === 'identifier') {
      const word = token.text.toLowerCase();
      if (word === 'and' || word === 'or' || word === 'unless' || word === 'atan2') return word;
    }
    return undefined;
  }

  private parseExpr(minPrecedence: number): Expr {
    let lhs = this.parseUnary();
    for (;;) {
      const op = this.binaryOperatorAt();
      if (op === undefined) return lhs;
      const precedence = PRECEDENCE[op] ?? 0;
      if (precedence < minPrecedence) return lhs;
      const opToken = this.next();
      if (!SUPPORTED_BINARY_OPS.has(op)) this.unsupported(`binary operator "${op}"`, opToken);
      let returnBool = false;
      if (this.isKeyword('bool')) {
        this.next();
        returnBool = true;
      }
      let matching: VectorMatching | undefined;
      if (this.isKeyword('on') || this.isKeyword('ignoring')) {
        const on = this.next().text.toLowerCase() === 'on';
        matching = { on, labels: this.parseLabelList() };
      }
      if (this.isKeyword('group_left') || this.isKeyword('group_right')) {
        this.unsupported(`"${this.peek().text}" (many-to-one matching)`, this.peek());
      }
      const rhs = this.parseExpr(precedence + 1);
      lhs = this.checkBinary({ type: 'binary', op: op as BinaryOp, lhs, rhs, returnBool, matching }, opToken);
    }
  }

  private checkBinary(expr: Expr & { type: 'binary' }, opToken: Token): Expr {
    const lhsType = typeOf(expr.lhs);
    const rhsType = typeOf(expr.rhs);
    if (expr.returnBool && !isComparisonOp(expr.op)) {
      this.fail('bool modifier can only be used on comparison operators', opToken);
    }
    if ((lhsType !== 'scalar' && lhsType !== 'vector') || (rhsType !== 'scalar' && rhsType !== 'vector')) {
      this.fail('binary expression must contain only scalar and instant vector types', opToken);
    }
    if (isComparisonOp(expr.op) && !expr.returnBool && lhsType === 'scalar' && rhsType === 'scalar') {
      this.fail('comparisons between scalars must use BOOL modifier', opToken);
    }
    if (expr.matching !== undefined && (lhsType !== 'vector' || rhsType !== 'vector')) {
      this.fail('vector matching only allowed between instant vectors', opToken);
    }
    return expr;
  }

  private parseUnary(): Expr {
    if (this.isOperator('-') || this.isOperator('+')) {
      const opToken = this.next();
      const expr = this.parseUnary();
      const exprType = typeOf(expr);
      if (exprType !== 'scalar' && exprType !== 'vector') {
        this.fail('unary expression only allowed on expressions of type scalar or instant vector', opToken);
      }
      if (expr.type === 'number') return opToken.text === '-' ? { type: 'number', value: -expr.value } : expr;
      return { type: 'unary', op: opToken.text as '-' | '+', expr };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(expr: Expr): Expr {
    let result = expr;
    if (this.isOperator('[')) {
      const open = this.next();
      const durationToken = this.next();
      if (durationToken.kind !== 'duration') this.fail(`unexpected ${describe(durationToken)} in range selector, expected duration`, durationToken);
      // `[5m:1m]`: the colon may lex as the start of an identifier, since metric names may begin with one
      const isSubquery = this.isOperator(':') || (this.peek().kind === 'identifier' && this.peek().text.startsWith(':'));
      if (isSubquery) this.unsupported('subquery', this.peek());
      this.expectOperator(']', 'range selector');
      if (result.type !== 'vector-selector') this.fail('ranges only allowed for vector selectors', open);
      const rangeMs = parsePromDuration(durationToken.text);
      if (rangeMs === undefined || rangeMs === 0) this.fail(`invalid duration "${durationToken.text}"`, durationToken);
      result = { type: 'matrix-selector', selector: result, rangeMs };
    }
    if (this.isKeyword('offset')) this.unsupported('offset modifier', this.peek());
    if (this.isOperator('@')) this.unsupported('@ modifier', this.peek());
    if (this.isOperator('[')) this.fail('unexpected "[" after range selector', this.peek());
    return result;
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    if (token.kind === 'number') {
      this.next();
      return { type: 'number', value: parseNumber(token.text) };
    }
    if (token.kind === 'identifier') return this.parseIdentifierExpr(token);
    if (token.kind === 'operator' && token.text === '(') {
      this.next();
      const inner = this.parseExpr(0);
      this.expectOperator(')', 'parenthesized expression');
      return { type: 'paren', expr: inner };
    }
    if (token.kind === 'operator' && token.text === '{') return this.parseSelector(undefined);
    if (token.kind === 'string') this.unsupported('string literal', token);
    if (token.kind === 'eof') this.fail('unexpected end of input', token);
    this.fail(`unexpected ${describe(token)}`, token);
  }

  private parseIdentifierExpr(token: Token): Expr {
    const word = token.text.toLowerCase();
    const isAggregation = SUPPORTED_AGGREGATIONS.includes(word as AggregationOp) || OTHER_AGGREGATIONS.includes(word);
    if (isAggregation && (this.isOperator('(', 1) || this.isKeyword('by', 1) || this.isKeyword('without', 1))) {
      return this.parseAggregation();
    }
    if (this.isOperator('(', 1)) return this.parseCall();
    const reserved = ['by', 'without', 'on', 'ignoring', 'bool', 'offset', 'group_left', 'group_right', 'and', 'or', 'unless'];
    if (reserved.includes(word)) this.fail(`unexpected ${describe(token)}`, token);
    return this.parseSelector(this.next());
  }

  private parseAggregation(): Expr {
    const opToken = this.next();
    const op = opToken.text.toLowerCase();
    if (!SUPPORTED_AGGREGATIONS.includes(op as AggregationOp)) this.unsupported(`aggregation "${op}"`, opToken);
    let grouping: string[] | undefined;
    let without = false;
    if (this.isKeyword('by') || this.isKeyword('without')) {
      without = this.next().text.toLowerCase() === 'without';
      grouping = this.parseLabelList();
    }
    this.expectOperator('(', 'aggregation');
    const expr = this.parseExpr(0);
    if (this.isOperator(',')) {
      this.fail(`wrong number of arguments for aggregate expression provided, expected 1, got 2`, this.peek());
    }
    this.expectOperator(')', 'aggregation');
    if (grouping === undefined && (this.isKeyword('by') || this.isKeyword('without'))) {
      without = this.next().text.toLowerCase() === 'without';
      grouping = this.parseLabelList();
    }
    const exprType = typeOf(expr);
    if (exprType !== 'vector') {
      this.fail(`expected type instant vector in aggregation expression, got ${TYPE_NAMES[exprType]}`, opToken);
    }
    return { type: 'aggregation', op: op as AggregationOp, grouping: grouping ?? [], without, expr };
  }

  private parseCall(): Expr {
    const nameToken = this.next();
    const name = nameToken.text;
    this.expectOperator('(', 'function call');
    const args: Expr[] = [];
    const argTokens: Token[] = [];
    if (!this.isOperator(')')) {
      argTokens.push(this.peek());
      args.push(this.parseExpr(0));
      while (this.isOperator(',')) {
        this.next();
        argTokens.push(this.peek());
        args.push(this.parseExpr(0));
      }
    }
    this.expectOperator(')', 'function call');
    const expectedTypes = SUPPORTED_FUNCTIONS[name];
    if (expectedTypes === undefined) {
      if (OTHER_FUNCTIONS.has(name)) this.unsupported(`function "${name}"`, nameToken);
      this.fail(`unknown function with name "${name}"`, nameToken);
    }
    if (args.length !== expectedTypes.length) {
      this.fail(`expected ${expectedTypes.length} argument(s) in call to "${name}", got ${args.length}`, nameToken);
    }
    expectedTypes.forEach((expected, index) => {
      const actual = typeOf(args[index] as Expr);
      if (actual !== expected) {
        this.fail(`expected type ${TYPE_NAMES[expected]} in call to function "${name}", got ${TYPE_NAMES[actual]}`, argTokens[index] ?? nameToken);
      }
    });
    return { type: 'call', func: name, args };
  }

  /** `(label, label, …)` after by, without, on and ignoring; keywords are valid label names here. */
  private parseLabelList(): string[] {
    this.expectOperator('(', 'grouping opts');
    const labels: string[] = [];
    while (!this.isOperator(')')) {
      const label = this.next();
      if (label.kind !== 'identifier' || label.text.includes(':')) this.fail(`unexpected ${describe(label)} in grouping opts, expected label`, label);
      labels.push(label.text);
      if (this.isOperator(',')) {
        this.next();
      } else if (!this.isOperator(')')) {
        this.fail(`unexpected ${describe(this.peek())} in grouping opts, expected "," or ")"`, this.peek());
      }
    }
    this.next();
    return labels;
  }

  private parseSelector(nameToken: Token | undefined): VectorSelector {
    const matchers: LabelMatcher[] = [];
    if (nameToken !== undefined) matchers.push({ name: '__name__', type: '=', value: nameToken.text });
    const start = this.peek();
    if (this.isOperator('{')) {
      this.next();
      while (!this.isOperator('}')) {
        const label = this.next();
        if (label.kind !== 'identifier' || label.text.includes(':')) this.fail(`unexpected ${describe(label)} in label matching, expected label`, label);
        const opToken = this.next();
        if (opToken.kind !== 'operator' || !['=', '!=', '=~', '!~'].includes(opToken.text)) {
          this.fail(`unexpected ${describe(opToken)} in label matching, expected label matching operator`, opToken);
        }
        const valueToken = this.next();
        if (valueToken.kind !== 'string') this.fail(`unexpected ${describe(valueToken)} in label matching, expected string`, valueToken);
        if (nameToken !== undefined && label.text === '__name__') {
          this.fail(`metric name must not be set twice: "${nameToken.text}" or "${valueToken.text}"`, label);
        }
        const type = opToken.text as MatchType;
        const matcher: LabelMatcher = { name: label.text, type, value: valueToken.text };
        if (type === '=~' || type === '!~') {
          try {
            matcher.regex = compileMatcherRegex(valueToken.text);
          } catch (error) {
            this.fail(`invalid regular expression "${valueToken.text}": ${(error as Error).message}`, valueToken);
          }
        }
        matchers.push(matcher);
        if (this.isOperator(',')) {
          this.next();
        } else if (!this.isOperator('}')) {
          this.fail(`unexpected ${describe(this.peek())} in label matching, expected "," or "}"`, this.peek());
        }
      }
      this.next();
    }
    if (!matchers.some((matcher) => !matchesLabelValue(matcher, ''))) {
      this.fail('vector selector must contain at least one non-empty matcher', nameToken ?? start);
    }
    return { type: 'vector-selector', name: nameToken?.text, matchers };
  }
}

/** Whether a label value (empty when the label is missing) satisfies a matcher. */
export function matchesLabelValue(matcher: LabelMatcher, value: string): boolean {
  switch (matcher.type) {
    case '=':
      return value === matcher.value;
    case '!=':
      return value !== matcher.value;
    case '=~':
      return matcher.regex?.test(value) ?? false;
    case '!~':
      return !(matcher.regex?.test(value) ?? false);
  }
}

function parseNumber(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf') return Infinity;
  if (lower === 'nan') return NaN;
  if (lower.startsWith('0x')) return parseInt(lower.slice(2), 16);
  return Number(text);
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `string "${token.text}"`;
    case 'identifier':
      return `identifier "${token.text}"`;
    case 'number':
      return `number "${token.text}"`;
    case 'duration':
      return `duration "${token.text}"`;
    case 'operator':
      return `"${token.text}"`;
  }
}
