import { openDatabase } from '@/lib/db';
import { createTestDatabase } from '@/lib/testing/postgres';
import { allFaultCases, defineFaultMatrixTests } from '@/lib/testing/fault-matrix-suite';

// The fault matrix on a real PostgreSQL server: every fault of every single source (36 cases). The
// pairs of sources run on the embedded database only (fault-matrix.test.ts), which stores the same
// way; repeating them here would double the time for no new path through the code.
defineFaultMatrixTests(
  'PostgreSQL',
  async () => {
    const testDatabase = await createTestDatabase();
    const database = await openDatabase({ databaseUrl: testDatabase.url, dataDir: '/nonexistent' });
    return {
      database,
      close: async () => {
        await database.close();
        await testDatabase.drop();
      },
    };
  },
  allFaultCases().filter((faultCase) => faultCase.sources.length === 1),
);
