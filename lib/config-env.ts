import 'server-only';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Readers of single environment variables, shared by lib/config.ts and lib/config-sign-in.ts.
 * They only read the `env` that getConfig passes down (never process.env itself). A bad value throws
 * a ConfigError naming the variable, never its value: it may be a secret.
 */

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

export function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A secret from NAME or from the file named by NAME_FILE (never both). */
export function readSecret(env: Env, name: string): string | undefined {
  const direct = nonEmpty(env, name);
  const filePath = nonEmpty(env, `${name}_FILE`);
  if (direct !== undefined && filePath !== undefined) {
    throw new ConfigError(name, `set either ${name} or ${name}_FILE, not both`);
  }
  if (filePath === undefined) return direct;
  try {
    const content = readFileSync(filePath, 'utf8').trim();
    if (content === '') throw new ConfigError(`${name}_FILE`, `file ${filePath} is empty`);
    return content;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${name}_FILE`, `cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export function readPemFile(env: Env, name: string): string | undefined {
  const filePath = nonEmpty(env, name);
  if (filePath === undefined) return undefined;
  try {
    return readFileSync(filePath, 'utf8');
  } catch (error) {
    throw new ConfigError(name, `cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export function readUrl(env: Env, name: string): string | undefined {
  const value = nonEmpty(env, name);
  if (value === undefined) return undefined;
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(value);
  if (!parsed.success) throw new ConfigError(name, 'must be an http:// or https:// URL');
  const url = new URL(value);
  if (url.username || url.password) {
    throw new ConfigError(name, 'must not contain credentials; use the _USERNAME/_PASSWORD or _TOKEN variables');
  }
  return value.replace(/\/+$/, '');
}

export function readBoolean(env: Env, name: string): boolean {
  const value = nonEmpty(env, name);
  if (value === undefined) return false;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(name, 'must be true or false');
}
