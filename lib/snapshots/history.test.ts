import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/lib/db';
import { defineHistoryTests, type OpenedTestDatabase } from '@/lib/testing/history-suite';
import { defineTamperTests } from '@/lib/testing/tamper-suite';

// Stored history on the embedded database (PGlite in a temporary folder).
const open = async (): Promise<OpenedTestDatabase> => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-history-'));
  const database = await openDatabase({ dataDir });
  return {
    database,
    close: async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

defineHistoryTests('embedded PGlite', open);
defineTamperTests('embedded PGlite', open);
