import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Helpers for the parts that run the production build (`next start`): pages and fleet. */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Waits until the app answers /api/health (it migrates and starts its schedule first), at most two minutes. */
export async function waitForHealth(baseUrl: string, logPath: string, hasExited: () => boolean = () => false): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (hasExited()) throw new Error(`next start exited; its log ends with:\n${readFileSync(logPath, 'utf8').slice(-2000)}`);
    const health = await fetch(`${baseUrl}/api/health`).catch(() => undefined);
    if (health?.ok) return;
    if (Date.now() > deadline) throw new Error(`next start did not answer /api/health within 120 s; see ${logPath}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
