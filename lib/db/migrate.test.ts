import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { applyMigrations, readMigrations, type SqlExecutor } from './migrate';

function executorFor(client: PGlite): SqlExecutor {
  return {
    exec: async (sql) => void (await client.exec(sql)),
    query: async <Row>(sql: string, params?: unknown[]) => (await client.query<Row>(sql, params)).rows,
  };
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'refmap-migrations-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

describe('applyMigrations', () => {
  it('applies the committed migrations once and records them like prisma migrate deploy', async () => {
    const client = new PGlite();
    const db = executorFor(client);
    const migrations = readMigrations(path.resolve(import.meta.dirname, '../../prisma/migrations'));
    expect(await applyMigrations(db, migrations, { useAdvisoryLock: false })).toEqual(migrations.map((migration) => migration.name));
    expect(await applyMigrations(db, migrations, { useAdvisoryLock: false })).toEqual([]);
    const recorded = await db.query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(recorded.map((row) => row.migration_name)).toEqual(migrations.map((migration) => migration.name));
    expect(recorded.every((row) => row.finished_at !== null && row.applied_steps_count === 1)).toBe(true);
    expect(recorded[0]?.checksum).toBe(migrations[0]?.checksum);
    const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
    expect(tables.map((row) => row.tablename)).toEqual(expect.arrayContaining(['cluster', 'snapshot', 'control_result', 'evidence']));
    await client.close();
  });

  it('rolls back a failing migration entirely and says which one failed', async () => {
    const client = new PGlite();
    const db = executorFor(client);
    const dir = migrationsDir({ '001_ok': 'CREATE TABLE a (id int);', '002_bad': 'CREATE TABLE b (id int); SELECT * FROM no_such_table;' });
    await expect(applyMigrations(db, readMigrations(dir), { useAdvisoryLock: false })).rejects.toThrow(/002_bad failed/);
    const tables = await db.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    expect(tables.map((row) => row.tablename).sort()).toEqual(['_prisma_migrations', 'a']);
    const recorded = await db.query<{ migration_name: string }>('SELECT migration_name FROM "_prisma_migrations"');
    expect(recorded.map((row) => row.migration_name)).toEqual(['001_ok']);
    await client.close();
  });

  it('refuses to run when an applied migration was edited afterwards', async () => {
    const client = new PGlite();
    const db = executorFor(client);
    await applyMigrations(db, readMigrations(migrationsDir({ '001_a': 'CREATE TABLE a (id int);' })), { useAdvisoryLock: false });
    const edited = readMigrations(migrationsDir({ '001_a': 'CREATE TABLE a (id bigint);' }));
    await expect(applyMigrations(db, edited, { useAdvisoryLock: false })).rejects.toThrow(/was edited/);
    await client.close();
  });
});
