import { openDatabase } from '@/lib/db';
import { createTestDatabase } from '@/lib/testing/postgres';
import { defineHistoryTests } from './history-test-suite';

// Stored history on a real PostgreSQL server.
defineHistoryTests('PostgreSQL', async () => {
  const testDatabase = await createTestDatabase();
  const database = await openDatabase({ databaseUrl: testDatabase.url, dataDir: '/nonexistent' });
  return {
    database,
    close: async () => {
      await database.close();
      await testDatabase.drop();
    },
  };
});
