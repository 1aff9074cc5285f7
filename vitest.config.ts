import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      '@': root,
      // `server-only` throws outside React Server Components; tests are server code.
      'server-only': path.join(root, 'scripts/server-only-stub.js'),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: ['{lib,demo,app,components,scripts}/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
          environment: 'node',
          env: { LOG_LEVEL: 'warn' },
          // embedded Postgres (PGlite) takes a few seconds to start on a busy machine, in hooks too
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['{lib,demo,app,scripts}/**/*.integration.test.ts'],
          environment: 'node',
          env: { LOG_LEVEL: 'warn' },
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // one real Postgres and one real Prometheus are shared by all integration files
          fileParallelism: false,
        },
      },
    ],
  },
});
