import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Applies the committed SQL migrations in prisma/migrations, in name order, each in its own
 * transaction, and records them in `_prisma_migrations` exactly as `prisma migrate deploy` does
 * (same table, same sha256 checksum of the file), so a user who has Prisma's native engine can still
 * run `prisma migrate deploy` / `migrate status` against the same database.
 *
 * Why not the Prisma CLI: it downloads a native schema engine at run time, which fails offline.
 */

export interface SqlExecutor {
  /** runs one or more statements with no result */
  exec(sql: string): Promise<void>;
  /** runs one parameterised query and returns its rows */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATIONS_TABLE_DDL = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

// Serialises migration runs of several app replicas starting together (any constant works).
const MIGRATION_LOCK_KEY = 72_707_369;

export function defaultMigrationsDir(): string {
  return path.resolve(process.cwd(), 'prisma/migrations');
}

// The folder is read at run time from wherever the process starts; the image copies it there
// (deploy/Dockerfile). Without the ignore comments, Next.js's output tracing cannot scope these calls
// and copies the whole project, tests included, into the standalone output.
export function readMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** Applies pending migrations; returns the names applied. Refuses to run over an edited or failed one. */
export async function applyMigrations(db: SqlExecutor, migrations: Migration[], options: { useAdvisoryLock: boolean }): Promise<string[]> {
  await db.exec(MIGRATIONS_TABLE_DDL);
  if (options.useAdvisoryLock) await db.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    const applied = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const appliedByName = new Map(applied.map((row) => [row.migration_name, row]));
    const newlyApplied: string[] = [];
    for (const migration of migrations) {
      const existing = appliedByName.get(migration.name);
      if (existing) {
        if (existing.finished_at === null) {
          throw new MigrationError(`migration ${migration.name} started earlier but did not finish; inspect the database and fix it by hand`);
        }
        if (existing.checksum !== migration.checksum) {
          throw new MigrationError(`migration ${migration.name} was edited after it was applied (checksum differs)`);
        }
        continue;
      }
      const id = randomUUID();
      // Each migration and its bookkeeping row commit together, so a failure leaves nothing half-done.
      await db.exec('BEGIN');
      try {
        await db.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())', [
          id,
          migration.checksum,
          migration.name,
        ]);
        await db.exec(migration.sql);
        await db.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
        await db.exec('COMMIT');
      } catch (error) {
        await db.exec('ROLLBACK');
        throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
      }
      newlyApplied.push(migration.name);
    }
    return newlyApplied;
  } finally {
    if (options.useAdvisoryLock) await db.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}
