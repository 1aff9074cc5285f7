import 'server-only';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Config } from '@/lib/config';
import { applyMigrations, readMigrations, type SqlExecutor } from '@/lib/db/migrate';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { DatabaseError, isDatabaseUnavailable } from '@/lib/db-errors';
import { log } from '@/lib/log';

/**
 * The Prisma client: real Postgres through @prisma/adapter-pg when DATABASE_URL is set, otherwise
 * embedded Postgres (PGlite) in REFMAP_DATA_DIR. Migrations are applied when the database is opened.
 */

export interface Database {
  prisma: PrismaClient;
  kind: 'postgres' | 'embedded';
  /**
   * Runs `work` while holding the advisory lock `key`, or returns `{ acquired: false }` at once when
   * someone else holds it. Postgres: a session lock (`pg_try_advisory_lock`) on a connection of its
   * own, so it spans any number of transactions and is released by Postgres itself if this process
   * dies. Embedded: one process owns the database, so an in-process lock is the whole story.
   */
  tryWithAdvisoryLock<T>(key: bigint, work: () => Promise<T>): Promise<LockAttempt<T>>;
  close(): Promise<void>;
}

export type LockAttempt<T> = { acquired: true; value: T } | { acquired: false };

export { DatabaseError, isDatabaseUnavailable };

const LOCK_FILE = 'refmap.pid';

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PGlite is single-process: a second process opening the same folder would corrupt it. */
function lockDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, LOCK_FILE);
  try {
    const holder = Number(readFileSync(lockPath, 'utf8').trim());
    if (Number.isInteger(holder) && holder !== process.pid && isProcessAlive(holder)) {
      throw new DatabaseError(
        `the embedded database in ${dataDir} is in use by process ${holder}; stop it, use POST /api/snapshots on the running app, or set DATABASE_URL to a shared Postgres`,
      );
    }
  } catch (error) {
    if (error instanceof DatabaseError) throw error;
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

interface OpenedDatabase {
  executor: SqlExecutor;
  prisma: PrismaClient;
  tryWithAdvisoryLock: Database['tryWithAdvisoryLock'];
  /** Postgres: the dedicated migration connection is not needed once migrations ran */
  releaseMigrationConnection(): Promise<void>;
  close(): Promise<void>;
}

async function openEmbedded(dataDir: string): Promise<OpenedDatabase> {
  // PGlite does not create parent folders itself.
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  const client = new PGlite(path.join(dataDir, 'pgdata'));
  await client.waitReady;
  const executor: SqlExecutor = {
    exec: async (sql) => {
      await client.exec(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await client.query<Row>(sql, params)).rows,
  };
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(client) });
  const heldLocks = new Set<bigint>();
  return {
    executor,
    prisma,
    tryWithAdvisoryLock: async (key, work) => {
      if (heldLocks.has(key)) return { acquired: false };
      heldLocks.add(key);
      try {
        return { acquired: true, value: await work() };
      } finally {
        heldLocks.delete(key);
      }
    },
    releaseMigrationConnection: async () => undefined,
    close: async () => {
      await prisma.$disconnect();
      await client.close();
      unlock();
    },
  };
}

async function tryWithPostgresLock<T>(databaseUrl: string, key: bigint, work: () => Promise<T>): Promise<LockAttempt<T>> {
  // A session lock belongs to one connection, which Prisma's pool cannot promise: take our own.
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  // A dropped connection must not crash the process; Postgres releases the lock with the session.
  client.on('error', (error) => log.warn({ event: 'db.lock_connection_lost', err: error }, 'lost the connection holding an advisory lock'));
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseError(`cannot open a connection for an advisory lock: ${(error as Error).message}`);
  }
  try {
    const { rows } = await client.query<{ acquired: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS acquired', [key.toString()]);
    if (rows[0]?.acquired !== true) return { acquired: false };
    try {
      return { acquired: true, value: await work() };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key.toString()]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function openPostgres(databaseUrl: string): Promise<OpenedDatabase> {
  // Migrations run on one dedicated connection: BEGIN/COMMIT and the advisory lock are per session.
  const migrationClient = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await migrationClient.connect();
  const executor: SqlExecutor = {
    exec: async (sql) => {
      await migrationClient.query(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await migrationClient.query(sql, params)).rows as Row[],
  };
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 }) });
  const releaseMigrationConnection = () => migrationClient.end().catch(() => undefined);
  return {
    executor,
    prisma,
    tryWithAdvisoryLock: (key, work) => tryWithPostgresLock(databaseUrl, key, work),
    releaseMigrationConnection,
    close: async () => {
      await prisma.$disconnect();
      await releaseMigrationConnection();
    },
  };
}

/** Opens the configured database and applies pending migrations. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Database> {
  const kind = config.databaseUrl ? 'postgres' : 'embedded';
  let opened: OpenedDatabase;
  try {
    opened = config.databaseUrl ? await openPostgres(config.databaseUrl) : await openEmbedded(config.dataDir);
  } catch (error) {
    if (error instanceof DatabaseError) throw error;
    // pg's messages name host and port, not the password; still, never echo the URL itself.
    throw new DatabaseError(`cannot open the ${kind} database: ${(error as Error).message}`);
  }
  try {
    const applied = await applyMigrations(opened.executor, readMigrations(), { useAdvisoryLock: kind === 'postgres' });
    if (applied.length > 0) log.info({ event: 'db.migrated', applied, kind }, 'applied database migrations');
  } catch (error) {
    await opened.close();
    throw error;
  }
  await opened.releaseMigrationConnection();
  return { prisma: opened.prisma, kind, tryWithAdvisoryLock: opened.tryWithAdvisoryLock, close: opened.close };
}

export interface StartRetryOptions {
  /** how many times to try in all (1: no retry) */
  attempts: number;
  /** the wait after the first failed attempt; each further wait is twice the one before */
  firstDelayMs: number;
  /** told about each failed attempt that will be retried, before the wait */
  onRetry?: (retry: { attempt: number; attempts: number; delayMs: number; error: unknown }) => void;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Opens the database at start-up, waiting for one that cannot be reached yet (Postgres still
 * starting, a network that is not up) with exponential backoff: 5 attempts from 2 s wait 2, 4, 8
 * and 16 s, 30 s in all. Any other failure (a migration that does not apply) is not retried. After
 * the last attempt the error says how long it tried and what the last failure was.
 */
export async function openDatabaseWithRetry(open: () => Promise<Database>, options: StartRetryOptions): Promise<Database> {
  const sleep = options.sleep ?? sleepFor;
  const startedAt = Date.now();
  let delayMs = options.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      if (attempt >= options.attempts) {
        const seconds = Math.round((Date.now() - startedAt) / 1000);
        throw new DatabaseError(`the database could not be reached in ${attempt} attempt${attempt === 1 ? '' : 's'} over ${seconds} s: ${(error as Error).message}`);
      }
      options.onRetry?.({ attempt, attempts: options.attempts, delayMs, error });
      await sleep(delayMs);
      delayMs *= 2;
    }
  }
}
