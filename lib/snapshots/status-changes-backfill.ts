import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The migration that creates control_status_change and backfills it from the stored history. */
export const STATUS_CHANGES_MIGRATION = '20261205090000_control_status_changes';

/**
 * The migration's backfill statement (its last statement, the INSERT … SELECT), so that tests can
 * check it against what the store records and the benchmark can time it on a long history.
 */
export function readStatusChangesBackfillSql(migrationsDir = path.resolve(process.cwd(), 'prisma/migrations')): string {
  const sql = readFileSync(path.join(migrationsDir, STATUS_CHANGES_MIGRATION, 'migration.sql'), 'utf8');
  const start = sql.indexOf('INSERT INTO "control_status_change"');
  if (start < 0) throw new Error(`${STATUS_CHANGES_MIGRATION}: no backfill statement found`);
  return sql.slice(start);
}
