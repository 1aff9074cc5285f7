import { DURATION_PATTERN } from './duration';
import { PromqlParseError } from './errors';

export type TokenKind = 'identifier' | 'number' | 'duration' | 'string' | 'operator' | 'eof';

export interface Token {
  kind: TokenKind;
  /** the source text of the token (for strings: the decoded value) */
  text: string;
  /** offset of the first character in the input, for error messages */
  position: number;
}

// Longest first, so that `==` wins over `=` and `=~` over `=`.
const OPERATORS = ['==', '!=', '<=', '>=', '=~', '!~', '=', '<', '>', '+', '-', '*', '/', '%', '^', '@', ':', '(', ')', '{', '}', '[', ']', ','];

const IDENTIFIER_START = /[a-zA-Z_:]/;
const IDENTIFIER_PART = /[a-zA-Z0-9_:]/;
// what may not directly follow a number or duration (a colon may: `[5m:1m]`)
const WORD_CHARACTER = /[a-zA-Z0-9_]/;
const NUMBER_PATTERN = /^(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/;

/** Splits a PromQL expression into tokens. Comments (`# …`) and white space are dropped. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < input.length) {
    const char = input.charAt(position);
    if (/\s/.test(char)) {
      position += 1;
      continue;
    }
    if (char === '#') {
      const end = input.indexOf('\n', position);
      position = end === -1 ? input.length : end;
      continue;
    }
    const rest = input.slice(position);
    if (/[0-9.]/.test(char)) {
      const duration = DURATION_PATTERN.exec(rest)?.[0];
      if (duration !== undefined && !WORD_CHARACTER.test(rest.charAt(duration.length))) {
        tokens.push({ kind: 'duration', text: duration, position });
        position += duration.length;
        continue;
      }
      const number = NUMBER_PATTERN.exec(rest)?.[0];
      if (number === undefined || WORD_CHARACTER.test(rest.charAt(number.length))) {
        throw new PromqlParseError(`bad number or duration syntax: "${rest.slice(0, 10)}"`, position, input);
      }
      tokens.push({ kind: 'number', text: number, position });
      position += number.length;
      continue;
    }
    if (IDENTIFIER_START.test(char)) {
      let end = position + 1;
      while (end < input.length && IDENTIFIER_PART.test(input.charAt(end))) end += 1;
      const word = input.slice(position, end);
      const isNumberWord = /^(inf|nan)$/i.test(word);
      tokens.push({ kind: isNumberWord ? 'number' : 'identifier', text: word, position });
      position = end;
      continue;
    }
    if (char === '"' || char === "'" || char === '`') {
      const { value, end } = readString(input, position);
      tokens.push({ kind: 'string', text: value, position });
      position = end;
      continue;
    }
    const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (operator === undefined) {
      throw new PromqlParseError(`unexpected character: '${char}'`, position, input);
    }
    tokens.push({ kind: 'operator', text: operator, position });
    position += operator.length;
  }
  tokens.push({ kind: 'eof', text: '', position: input.length });
  return tokens;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Reads a quoted string like Go's strconv.Unquote: backticks are raw, quotes allow escapes. */
function readString(input: string, start: number): { value: string; end: number } {
  const quote = input.charAt(start);
  let value = '';
  let position = start + 1;
  while (position < input.length) {
    const char = input.charAt(position);
    if (char === quote) return { value, end: position + 1 };
    if (char === '\n' && quote !== '`') break;
    if (char === '\\' && quote !== '`') {
      const escape = input.charAt(position + 1);
      const simple = SIMPLE_ESCAPES[escape];
      if (simple !== undefined) {
        value += simple;
        position += 2;
        continue;
      }
      const hexLength = escape === 'x' ? 2 : escape === 'u' ? 4 : escape === 'U' ? 8 : 0;
      const hex = input.slice(position + 2, position + 2 + hexLength);
      if (hexLength > 0 && new RegExp(`^[0-9a-fA-F]{${hexLength}}$`).test(hex)) {
        value += String.fromCodePoint(parseInt(hex, 16));
        position += 2 + hexLength;
        continue;
      }
      const octal = input.slice(position + 1, position + 4);
      if (/^[0-7]{3}$/.test(octal)) {
        value += String.fromCharCode(parseInt(octal, 8));
        position += 4;
        continue;
      }
      throw new PromqlParseError(`unknown escape sequence '\\${escape}'`, position, input);
    }
    value += char;
    position += 1;
  }
  throw new PromqlParseError('unterminated quoted string', start, input);
}
