import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/lib/db';
import { allFaultCases, defineFaultMatrixTests } from '@/lib/testing/fault-matrix-suite';

// The whole fault matrix on the embedded database (PGlite in a temporary folder).
defineFaultMatrixTests(
  'embedded PGlite',
  async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-fault-matrix-db-'));
    const database = await openDatabase({ dataDir });
    return {
      database,
      close: async () => {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
  allFaultCases(),
);
