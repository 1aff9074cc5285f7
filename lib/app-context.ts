import 'server-only';
import { getConfig, type Config } from '@/lib/config';
import { openDatabase, type Database } from '@/lib/db';
import type { ControlDefinition } from '@/lib/evaluate/types';

/**
 * The composition root of a server or CLI process: the configuration (with its catalogs), the
 * database, read once and shared by every route, page and collection. One slot on globalThis,
 * because Next.js's development server re-evaluates modules and must not open a second database.
 */
interface AppRoot {
  config: Config;
  database?: Promise<Database>;
}

const globalForRoot = globalThis as unknown as { refmapRoot?: AppRoot };

function root(): AppRoot {
  globalForRoot.refmapRoot ??= { config: getConfig() };
  return globalForRoot.refmapRoot;
}

/** The validated configuration of this process. */
export function appConfig(): Config {
  return root().config;
}

/** The process-wide database, opened (and migrated) once; a failed open is tried again next time. */
export function getAppDatabase(): Promise<Database> {
  const app = root();
  app.database ??= openDatabase(app.config).catch((error: unknown) => {
    app.database = undefined;
    throw error;
  });
  return app.database;
}

/**
 * The controls this server shows: the built-in catalog with the config file's catalog section
 * applied (organisation controls included), so that a control added in REFMAP_CONFIG has its title
 * and drilldown like any other.
 */
export function activeControls(): ControlDefinition[] {
  return appConfig().catalog.controls;
}

export function findActiveControl(controlId: string): ControlDefinition | undefined {
  return activeControls().find((control) => control.id === controlId);
}
