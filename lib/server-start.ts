import 'server-only';
import { ConfigError, getConfig } from '@/lib/config';
import { getDatabase } from '@/lib/db';
import { log } from '@/lib/log';
import { startCollectionSchedule } from '@/lib/snapshots/scheduler';

export async function startServer(): Promise<void> {
  try {
    const config = getConfig();
    if (config.isDemo) log.warn({ event: 'demo.mode', scenario: config.demoScenario }, 'no source is configured: Refmap shows the built-in demo cluster');
    const database = await getDatabase(config);
    log.info({ event: 'server.ready', database: database.kind, cluster: config.clusterName }, 'Refmap is ready');
    startCollectionSchedule(database, config);
  } catch (error) {
    // Fail at start-up, loudly and clearly, rather than serve a half-working app.
    const message = error instanceof ConfigError ? error.message : `start-up failed: ${(error as Error).message}`;
    log.fatal({ event: 'server.start_failed' }, message);
    process.exit(1);
  }
}
