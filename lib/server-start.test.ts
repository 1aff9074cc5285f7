import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Start-up with a Postgres that is not there: a few announced retries with growing waits, then one
// clear message naming DATABASE_URL and exit 1 — not a silent crash loop.

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fresh server-start module: the configuration is read once per module, and each test sets its own. */
async function loadFresh() {
  vi.resetModules();
  const { log } = await import('@/lib/log');
  const { startServer } = await import('./server-start');
  return { log, startServer };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('startServer', () => {
  it('retries an unreachable database as configured, then stops naming DATABASE_URL', async () => {
    vi.stubEnv('DATABASE_URL', `postgresql://postgres:PLANTED-PASSWORD@127.0.0.1:${await closedPort()}/refmap`);
    vi.stubEnv('REFMAP_DATABASE_START_ATTEMPTS', '3');
    vi.stubEnv('REFMAP_DATABASE_START_BACKOFF', '100ms');
    const { log, startServer } = await loadFresh();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as typeof process.exit);
    const warn = vi.spyOn(log, 'warn');
    const fatal = vi.spyOn(log, 'fatal');
    const startedAt = Date.now();

    await startServer();

    // waits of 100 and 200 ms between the three attempts
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
    const retries = warn.mock.calls.filter(([fields]) => (fields as { event?: string }).event === 'db.start_retry').map(([, message]) => String(message));
    expect(retries).toEqual([
      expect.stringMatching(/^cannot reach the Postgres database of DATABASE_URL \(attempt 1 of 3\): .*ECONNREFUSED.*; trying again in 0.1 s$/),
      expect.stringMatching(/\(attempt 2 of 3\).*trying again in 0.2 s$/),
    ]);
    expect(fatal).toHaveBeenCalledTimes(1);
    const message = String(fatal.mock.calls[0]?.[1]);
    expect(message).toMatch(/^start-up failed: the database could not be reached in 3 attempts over \d+ s: /);
    expect(message).toContain('check DATABASE_URL and that PostgreSQL is running');
    expect(message).toContain('REFMAP_DATABASE_START_ATTEMPTS');
    for (const text of [message, ...retries]) expect(text).not.toContain('PLANTED');
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('stops at once, naming the variable, on a bad retry setting', async () => {
    vi.stubEnv('REFMAP_DATABASE_START_ATTEMPTS', 'many');
    const { log, startServer } = await loadFresh();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as typeof process.exit);
    const fatal = vi.spyOn(log, 'fatal');
    await startServer();
    expect(String(fatal.mock.calls[0]?.[1])).toBe('Invalid configuration: REFMAP_DATABASE_START_ATTEMPTS: must be a whole number from 1 to 100');
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('refuses to start with sources, no OIDC and NODE_ENV=staging: the local sign-in is not a default', async () => {
    vi.stubEnv('NODE_ENV', 'staging');
    vi.stubEnv('PROMETHEUS_URL', 'http://127.0.0.1:1');
    vi.stubEnv('REFMAP_OIDC_ISSUER', '');
    const { log, startServer } = await loadFresh();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as typeof process.exit);
    const fatal = vi.spyOn(log, 'fatal');
    await startServer();
    expect(String(fatal.mock.calls[0]?.[1])).toMatch(/^Invalid configuration: REFMAP_OIDC_ISSUER: is required: sources are configured/);
    expect(exit).toHaveBeenCalledWith(1);
  });
});
