import 'server-only';
import { signInRefusal } from '@/lib/auth/local-sign-in-policy';
import { ConfigError, getConfig, type Config } from '@/lib/config';
import { getAppDatabase } from '@/lib/app-context';
import { DatabaseError, openDatabaseWithRetry } from '@/lib/db';
import { log } from '@/lib/log';
import { startCollectionSchedule } from '@/lib/snapshots/scheduler';
import { unsignedRefusal } from '@/lib/snapshots/signing';

/** Where the database is, for messages: never the URL itself (it may hold a password). */
function describeDatabase(config: Config): string {
  return config.databaseUrl ? 'the Postgres database of DATABASE_URL' : `the embedded database in ${config.dataDir}`;
}

/** What a failed start-up says: the configuration error as it is, or what failed and what to check. */
function startFailureMessage(error: unknown, config: Config | undefined): string {
  if (error instanceof ConfigError) return error.message;
  const message = `start-up failed: ${(error as Error).message}`;
  if (!(error instanceof DatabaseError) || config === undefined) return message;
  const check = config.databaseUrl ? 'check DATABASE_URL and that PostgreSQL is running and reachable' : `check that no other process uses ${config.dataDir}`;
  return `${message}. Refmap cannot start without ${describeDatabase(config)}: ${check} (waiting longer: REFMAP_DATABASE_START_ATTEMPTS, REFMAP_DATABASE_START_BACKOFF)`;
}

export async function startServer(): Promise<void> {
  let config: Config | undefined;
  try {
    config = getConfig();
    // fail closed: no password-less sign-in, nor demo data, that nobody asked for
    const refusal = signInRefusal(config, process.argv, process.env) ?? unsignedRefusal(config);
    if (refusal) throw new ConfigError(refusal.variable, refusal.reason);
    if (config.isDemo) log.warn({ event: 'demo.mode', scenario: config.demoScenario }, 'no source is configured: Refmap shows the built-in demo cluster');
    const where = describeDatabase(config);
    // A database that is still starting (a pod that came up first) is waited for, a few times, saying so each time.
    const database = await openDatabaseWithRetry(() => getAppDatabase(), {
      attempts: config.databaseStartAttempts,
      firstDelayMs: config.databaseStartBackoffMs,
      onRetry: ({ attempt, attempts, delayMs, error }) =>
        log.warn(
          { event: 'db.start_retry', attempt, attempts, retryInMs: delayMs },
          `cannot reach ${where} (attempt ${attempt} of ${attempts}): ${(error as Error).message}; trying again in ${delayMs / 1000} s`,
        ),
    });
    log.info({ event: 'server.ready', database: database.kind, cluster: config.clusterName }, 'Refmap is ready');
    startCollectionSchedule(database, config);
  } catch (error) {
    // Fail at start-up, loudly and clearly, rather than serve a half-working app.
    log.fatal({ event: 'server.start_failed' }, startFailureMessage(error, config));
    process.exit(1);
  }
}
