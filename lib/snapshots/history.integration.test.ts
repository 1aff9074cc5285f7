import { openDatabase } from '@/lib/db';
import { createTestDatabase } from '@/lib/testing/postgres';
import { defineHistoryTests, type OpenedTestDatabase } from '@/lib/testing/history-suite';
import { defineTamperTests } from '@/lib/testing/tamper-suite';

// Stored history on a real PostgreSQL server.
const open = async (): Promise<OpenedTestDatabase> => {
  const testDatabase = await createTestDatabase();
  const database = await openDatabase({ databaseUrl: testDatabase.url, dataDir: '/nonexistent' });
  return {
    database,
    close: async () => {
      await database.close();
      await testDatabase.drop();
    },
  };
};

defineHistoryTests('PostgreSQL', open);
defineTamperTests('PostgreSQL', open);
