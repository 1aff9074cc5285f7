import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { onCleanup } from './cleanup';

const run = promisify(execFile);

const POSTGRES_SCRIPT = path.join(import.meta.dirname, '..', 'test', 'postgres.sh');

/**
 * A connected client whose connection loss (the server stopped under it by the cleanup, say) fails
 * its queries instead of crashing the process with an unhandled 'error' event.
 */
export async function connectClient(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString });
  client.on('error', (error) => console.error(`bench: database connection lost: ${error.message}`));
  await client.connect();
  return client;
}

export interface PostgresServer {
  /** postgresql://postgres@127.0.0.1:PORT (no database) */
  serverUrl: string;
  databaseUrl(database: string): string;
  /** the server's log, where auto_explain writes the plans */
  logPath: string;
  version: string;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL server in a fresh temporary directory, on a free loopback port, through the
 * same script the test suite uses (durability off; as root the server runs as the `postgres` user).
 * It is stopped and its directory removed by the cleanup steps, however the benchmark ends.
 */
export async function startPostgres(databases: string[]): Promise<PostgresServer> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'refmap-bench-pg-'));
  // as root the server runs as `postgres`, which must be able to enter the directory
  chmodSync(tmp, 0o755);
  const dir = path.join(tmp, 'postgres');
  const stop = onCleanup('postgres', async () => {
    await run('bash', [POSTGRES_SCRIPT, 'stop', dir], { timeout: 60_000 }).catch((error: Error) => console.error(`bench: stopping PostgreSQL: ${error.message}`));
    rmSync(tmp, { recursive: true, force: true });
  });
  const { stdout } = await run('bash', [POSTGRES_SCRIPT, 'start', dir, ...databases], { timeout: 120_000 });
  const serverUrl = stdout.trim().split('\n').at(-1) ?? '';
  if (!serverUrl.startsWith('postgresql://')) throw new Error(`postgres.sh printed no server URL: ${stdout}`);
  const client = await connectClient(`${serverUrl}/postgres`);
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return { serverUrl, databaseUrl: (database) => `${serverUrl}/${database}`, logPath: path.join(dir, 'postgres.log'), version: rows[0]?.server_version ?? '?', stop };
  } finally {
    await client.end();
  }
}
