import 'server-only';
import { getConfig } from '@/lib/config';
import { getDatabase, type Database } from '@/lib/db';

/** The database of this process, from the validated configuration. */
export function getAppDatabase(): Promise<Database> {
  return getDatabase(getConfig());
}
