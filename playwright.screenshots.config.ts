import { defineConfig } from '@playwright/test';
import baseConfig from './playwright.config';

// npm run screenshots — the README's pictures, taken from a fresh demo (the fleet with its 90 days of
// history) in its own embedded database, .tmp/screenshots-data (kept between runs: delete it for a new
// history). Not part of `npm test`: run it when the pages change and commit docs/screenshots/ and
// public/*.png.
const port = Number(process.env.SCREENSHOTS_PORT ?? 3117);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = '.tmp/screenshots-data';

export default defineConfig({
  ...baseConfig,
  testDir: 'e2e/screenshots',
  testMatch: '*.shots.ts',
  retries: 0,
  reporter: [['list']],
  use: { ...baseConfig.use, baseURL },
  webServer: {
    ...baseConfig.webServer,
    command: `npx tsx --conditions=react-server scripts/demo-history.ts && npx next start -p ${port} -H 127.0.0.1`,
    url: `${baseURL}/api/health`,
    // the history takes about a minute on an idle machine, several on a busy one
    timeout: 900_000,
    env: {
      ...(Array.isArray(baseConfig.webServer) ? {} : baseConfig.webServer?.env),
      DATABASE_URL: '',
      REFMAP_DATA_DIR: dataDir,
      REFMAP_DEMO_FLEET: 'true',
      PORT: String(port),
    },
  },
});
