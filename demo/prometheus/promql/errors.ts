/**
 * Errors with the wording of the Prometheus HTTP API, so that a client sees the same kind of
 * answer from the demo as from a real server.
 */

/** Invalid or unsupported query text: the API answers 400 with errorType "bad_data". */
export class PromqlParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly input: string,
  ) {
    super(`${lineAndColumn(input, position)}: parse error: ${message}`);
    this.name = 'PromqlParseError';
  }
}

/** A query that parsed but cannot be evaluated: the API answers 422 with errorType "execution". */
export class PromqlExecutionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromqlExecutionError';
  }
}

function lineAndColumn(input: string, position: number): string {
  const before = input.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `${line}:${column}`;
}
