import { defineConfig, type ReporterDescription } from '@playwright/test';

// scripts/test.sh sets E2E_PORT (a free port) and E2E_DATABASE_URL (a fresh database on its throwaway
// PostgreSQL). Run alone, `npm run test:e2e` uses port 3100 and an embedded database in .tmp/e2e-data
// (delete that directory to start from an empty database). Either way: `npm run build` first.
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const e2eDatabaseUrl = process.env.E2E_DATABASE_URL;

const reporter: ReporterDescription[] = [['list'], ['html', { open: 'never' }]];
// scripts/test.sh reads the counts for its closing summary from this report
if (process.env.PLAYWRIGHT_JSON_OUTPUT_FILE) reporter.push(['json']);

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  // one app, one database: tests run one at a time
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter,
  use: {
    baseURL,
    headless: true,
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not available here
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        // without these, Chromium keeps calling Google services, and the closed network refuses each call
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    // e2e/seed-history.ts first stores an older snapshot (the demo cluster two days ago, healthy), so
    // that trends, diffs and as-of views have history to show; then the app starts as usual.
    command: `npx tsx --conditions=react-server e2e/seed-history.ts && npx next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    // the app logs warnings and errors only; they belong in the test output
    stdout: 'pipe',
    env: {
      ...(e2eDatabaseUrl
        ? { DATABASE_URL: e2eDatabaseUrl }
        : { DATABASE_URL: '', REFMAP_DATA_DIR: '.tmp/e2e-data' }),
      // An empty value counts as unset (lib/config.ts): whatever this shell has configured, the app
      // runs its built-in demo cluster, the one the specs describe.
      PROMETHEUS_URL: '',
      OPENSEARCH_URL: '',
      HARBOR_URL: '',
      KUBERNETES_API_URL: '',
      KUBECONFIG: '',
      REFMAP_CONFIG: '',
      REFMAP_CLUSTER_NAME: '',
      REFMAP_DEMO_SCENARIO: 'stock',
      // next start runs with NODE_ENV=production: the built-in demo cluster must be asked for explicitly
      REFMAP_DEMO: 'true',
      // one snapshot at start-up, none during the run: every page shows the same data
      REFMAP_COLLECT_INTERVAL: '1h',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: '1',
    },
  },
});
