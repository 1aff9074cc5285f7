import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, type Config } from '@/lib/config';

/**
 * The key that signs session cookies: REFMAP_SESSION_SECRET, or — for the local demo sign-in only —
 * a random key generated once and kept in the data directory, so that sessions survive a restart and
 * every part of the server (proxy and routes) reads the same key.
 */

const FILE_NAME = 'session-secret';

const globalForSecret = globalThis as unknown as { refmapSessionSecret?: string };

function readOrCreateLocalSecret(dataDir: string): string {
  const filePath = path.join(dataDir, FILE_NAME);
  try {
    mkdirSync(dataDir, { recursive: true });
    // 'wx' fails when the file exists: two processes starting together keep the first key
    writeFileSync(filePath, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError('REFMAP_SESSION_SECRET', `is not set and no key can be kept in ${dataDir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); set it`);
    }
  }
  return readFileSync(filePath, 'utf8').trim();
}

export function getSessionSecret(config: Pick<Config, 'signIn' | 'dataDir'>): string {
  if (config.signIn.sessionSecret !== undefined) return config.signIn.sessionSecret;
  globalForSecret.refmapSessionSecret ??= readOrCreateLocalSecret(config.dataDir);
  return globalForSecret.refmapSessionSecret;
}
