import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseError, isDatabaseUnavailable, openDatabase, openDatabaseWithRetry, type Database } from '@/lib/db';
import { toErrorResponse } from '@/lib/http/errors';
import { SourceError } from '@/lib/sources/source-error';

// A database that is not there yet at start-up, and errors that mean "the database is gone".

/** A loopback port with nothing listening on it: connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// What Prisma 7 with @prisma/adapter-pg throws when the server goes away (recorded from a real outage).
const prismaError = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error('Invalid `prisma.snapshot.findMany()` invocation'), { name: 'PrismaClientKnownRequestError', code, meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });

const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a DatabaseError', new DatabaseError('cannot open the postgres database')],
    ['a closed connection (P1017)', prismaError('P1017', { kind: 'ConnectionClosed' })],
    ['an unreachable server (P1001)', prismaError('P1001', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })],
    ['a raw query on an unreachable server (P2010)', prismaError('P2010', { kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 })],
    ['a server shutting down (57P01)', prismaError('P2010', { kind: 'postgres', code: '57P01' })],
    ['a server still starting (pg, 57P03)', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a refused connection (pg)', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a client that could not start', Object.assign(new Error('cannot start'), { name: 'PrismaClientInitializationError' })],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (P2002)', prismaError('P2002', { kind: 'UniqueConstraintViolation' })],
    ['a syntax error in SQL', prismaError('P2010', { kind: 'postgres', code: '42601' })],
    ['a plain bug', new TypeError('x is undefined')],
    ['a source that is down', new SourceError({ source: 'harbor', kind: 'network', message: 'cannot connect (ECONNREFUSED)' })],
    ['not an error at all', 'ECONNREFUSED'],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it('turns into 503 database_unavailable with the envelope and no stack', async () => {
    const response = toErrorResponse(prismaError('P1017', { kind: 'ConnectionClosed' }));
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'database_unavailable', message: 'the database is unavailable; try again shortly' } });
    expect(text).not.toContain('prisma');
  });
});

describe('openDatabaseWithRetry', () => {
  it('tries a Postgres that is not there the configured number of times, waiting twice as long each time, then says so', async () => {
    const databaseUrl = `postgresql://postgres@127.0.0.1:${await closedPort()}/refmap`;
    const waits: number[] = [];
    const retries: number[] = [];
    let opens = 0;
    const failure = await openDatabaseWithRetry(
      () => {
        opens++;
        return openDatabase({ databaseUrl, dataDir: '/nonexistent' });
      },
      { attempts: 4, firstDelayMs: 50, sleep: async (ms) => void waits.push(ms), onRetry: ({ attempt }) => void retries.push(attempt) },
    ).catch((error: unknown) => error);
    expect(opens).toBe(4);
    expect(waits).toEqual([50, 100, 200]);
    expect(retries).toEqual([1, 2, 3]);
    expect(failure).toBeInstanceOf(DatabaseError);
    expect((failure as Error).message).toMatch(/^the database could not be reached in 4 attempts over \d+ s: cannot open the postgres database: .*ECONNREFUSED/);
  });

  it('does not retry what waiting cannot fix', async () => {
    let opens = 0;
    const failing = openDatabaseWithRetry(
      async () => {
        opens++;
        throw new Error('migration 20261201090000 failed: syntax error');
      },
      { attempts: 5, firstDelayMs: 1 },
    );
    await expect(failing).rejects.toThrow('migration 20261201090000 failed');
    expect(opens).toBe(1);
  });

  it('opens the database once it becomes free, here an embedded one held by another process', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-db-retry-'));
    dataDirs.push(dataDir);
    // another live process holds the embedded database, as a server that is still shutting down would
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    writeFileSync(path.join(dataDir, 'refmap.pid'), String(holder.pid));
    const messages: string[] = [];
    let database: Database | undefined;
    try {
      database = await openDatabaseWithRetry(() => openDatabase({ dataDir }), {
        attempts: 5,
        firstDelayMs: 20,
        onRetry: ({ attempt, error }) => {
          messages.push((error as Error).message);
          if (attempt === 2) holder.kill();
        },
        // the second wait lasts until the holder has gone
        sleep: async () => {
          if (messages.length === 2) await exited;
        },
      });
      expect(messages).toHaveLength(2);
      expect(messages[0]).toContain(`in use by process ${holder.pid}`);
      expect(await database.prisma.snapshot.count()).toBe(0);
    } finally {
      holder.kill();
      await database?.close();
    }
  }, 60_000);
});

