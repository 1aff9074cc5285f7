/** The database cannot be opened or reached; routes answer 503 with the error envelope. */
export class DatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseError';
  }
}

// Prisma's codes for "the server is not there": can't reach (P1001), timed out (P1002, P1008),
// closed the connection (P1017), no connection free in time (P2024).
const UNREACHABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

// What @prisma/adapter-pg reports (meta.driverAdapterError.cause.kind) when the connection fails.
const UNREACHABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'TlsConnectionError']);

// node-postgres and Node's socket errors, thrown as they are by our own pg connections (migrations, advisory locks).
const UNREACHABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * SQLSTATEs of a server that is going away or not ready: class 08 (connection exception),
 * 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now (still starting).
 */
function isUnavailableSqlState(code: unknown): boolean {
  return typeof code === 'string' && (/^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03'].includes(code));
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, the
 * network gone), as opposed to a bug or bad data. Such errors become 503 `database_unavailable`
 * and are worth retrying; the others are not. Prisma's error classes are recognised by name, so
 * that this module needs no database code.
 *
 * @example isDatabaseUnavailable(new DatabaseError('cannot open the postgres database')) // true
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseError) return true;
  if (typeof error !== 'object' || error === null) return false;
  if (field(error, 'name') === 'PrismaClientInitializationError') return true;
  const code = field(error, 'code');
  if (typeof code === 'string' && (UNREACHABLE_PRISMA_CODES.has(code) || UNREACHABLE_SOCKET_CODES.has(code) || isUnavailableSqlState(code))) return true;
  const cause = field(field(field(error, 'meta'), 'driverAdapterError'), 'cause');
  const kind = field(cause, 'kind');
  if (typeof kind === 'string' && UNREACHABLE_ADAPTER_KINDS.has(kind)) return true;
  return kind === 'postgres' && isUnavailableSqlState(field(cause, 'code'));
}
