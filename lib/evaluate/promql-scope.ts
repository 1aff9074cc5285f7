/**
 * Scoping PromQL to one cluster where several clusters' series meet in one Prometheus or Thanos
 * (Compliant Kubernetes: workload clusters' metrics reach the management cluster's Thanos, labelled
 * `cluster`). Every vector selector of the query gets the cluster's label matchers, found by reading
 * the query's tokens — never by pasting strings — so that `sum by (x) (rate(m[5m]))`, `{__name__=~"…"}`,
 * strings, durations and grouping labels are each left as they are.
 */

export type ScopeResult = { isScoped: true; query: string } | { isScoped: false; reason: string };

// Aggregation operators and keywords: never metric names, whatever follows them.
const KEYWORDS = new Set([
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio',
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'and', 'or', 'unless', 'atan2', 'start', 'end', 'inf', 'nan',
]);
// Keywords followed by a parenthesised list of label names, not of expressions.
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);

const IDENTIFIER = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)\s*(,|\})/y;

function skipString(query: string, start: number): number {
  const quote = query[start]!;
  let index = start + 1;
  while (index < query.length && query[index] !== quote) index += quote !== '`' && query[index] === '\\' ? 2 : 1;
  if (index >= query.length) throw new Error('a string is not closed');
  return index + 1;
}

function skipUntil(query: string, start: number, closing: string): number {
  const end = query.indexOf(closing, start);
  if (end === -1) throw new Error(`a "${query[start - 1]}" is not closed`);
  return end + 1;
}

/** Reads `{a="x", b=~"y"}` from `start` (at `{`): the matchers and where the block ends. */
function readMatchers(query: string, start: number): { matchers: { name: string; op: string; value: string }[]; end: number } {
  const matchers: { name: string; op: string; value: string }[] = [];
  let index = start + 1;
  if (/^\s*\}/.test(query.slice(index))) return { matchers, end: query.indexOf('}', index) + 1 };
  for (;;) {
    LABEL_MATCHER.lastIndex = index;
    const match = LABEL_MATCHER.exec(query);
    if (!match) throw new Error(`cannot read the label matchers at "${query.slice(start, start + 40)}"`);
    matchers.push({ name: match[1]!, op: match[2]!, value: match[3]!.slice(1, -1) });
    index = LABEL_MATCHER.lastIndex;
    if (match[4] === '}') return { matchers, end: index };
    if (/^\s*\}/.test(query.slice(index))) return { matchers, end: query.indexOf('}', index) + 1 };
  }
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Adds `labels` as equality matchers to every vector selector of `query`. A selector that already
 * matches one of those labels differently cannot be scoped: that is said, not guessed.
 * @example scopePromQl('sum by (node) (up{job="kubelet"})', { cluster: 'wc1' }) // { isScoped: true, query: 'sum by (node) (up{job="kubelet",cluster="wc1"})' }
 */
export function scopePromQl(query: string, labels: Record<string, string>): ScopeResult {
  const wanted = Object.entries(labels);
  if (wanted.length === 0) return { isScoped: true, query };
  const added = wanted.map(([name, value]) => `${name}=${quote(value)}`).join(',');
  let output = '';
  let index = 0;
  try {
    while (index < query.length) {
      const char = query[index]!;
      if (char === '"' || char === "'" || char === '`') {
        const end = skipString(query, index);
        output += query.slice(index, end);
        index = end;
      } else if (char === '#') {
        const end = query.indexOf('\n', index);
        output += query.slice(index, end === -1 ? query.length : end);
        index = end === -1 ? query.length : end;
      } else if (char === '[') {
        const end = skipUntil(query, index + 1, ']');
        output += query.slice(index, end);
        index = end;
      } else if (char === '{') {
        // a selector without a metric name: {__name__=~"…"}
        const { matchers, end } = readMatchers(query, index);
        output += withScope(query.slice(index, end), matchers, labels, added);
        index = end;
      } else if (/[0-9.]/.test(char)) {
        const match = /^(0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?(?:ms|[smhdwy])?(?:[0-9]+(?:ms|[smhdwy]))*)/.exec(query.slice(index));
        const text = match?.[0] || char;
        output += text;
        index += text.length;
      } else if (/[a-zA-Z_:]/.test(char)) {
        IDENTIFIER.lastIndex = index;
        const name = IDENTIFIER.exec(query)![0];
        index += name.length;
        output += name;
        const rest = query.slice(index);
        const spaces = /^\s*/.exec(rest)![0];
        const next = rest[spaces.length];
        if (LABEL_LIST_KEYWORDS.has(name.toLowerCase()) && next === '(') {
          // `by (a, b)`: label names, not selectors
          const end = skipUntil(query, index + spaces.length + 1, ')');
          output += query.slice(index, end);
          index = end;
        } else if (KEYWORDS.has(name.toLowerCase()) || next === '(') {
          // an operator, keyword or function call: its arguments are read in turn
        } else if (next === '{') {
          const start = index + spaces.length;
          const { matchers, end } = readMatchers(query, start);
          output += spaces + withScope(query.slice(start, end), matchers, labels, added);
          index = end;
        } else {
          output += `{${added}}`;
        }
      } else {
        output += char;
        index++;
      }
    }
  } catch (error) {
    return { isScoped: false, reason: (error as Error).message };
  }
  return { isScoped: true, query: output };
}

function withScope(block: string, matchers: { name: string; op: string; value: string }[], labels: Record<string, string>, added: string): string {
  for (const matcher of matchers) {
    const value = labels[matcher.name];
    if (value === undefined) continue;
    if (matcher.op === '=' && matcher.value === value) continue;
    throw new Error(`the query already selects ${matcher.name}${matcher.op}"${matcher.value}", which contradicts ${matcher.name}="${value}"`);
  }
  const missing = Object.keys(labels).filter((name) => !matchers.some((matcher) => matcher.name === name));
  if (missing.length === 0) return block;
  const inner = block.slice(1, -1).trim().replace(/,\s*$/, '');
  const addedMissing = added
    .split(',')
    .filter((part) => missing.includes(part.split('=')[0]!))
    .join(',');
  return `{${inner ? `${inner},` : ''}${addedMissing}}`;
}
