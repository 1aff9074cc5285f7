// npm run db:migrate — apply committed migrations to the configured database (embedded or DATABASE_URL).
import { ConfigError, getConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db';

async function main(): Promise<number> {
  const config = getConfig();
  const database = await openDatabase(config);
  await database.close();
  console.log(`migrations applied to the ${database.kind === 'postgres' ? 'Postgres database (DATABASE_URL)' : `embedded database in ${config.dataDir}`}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `db:migrate failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
