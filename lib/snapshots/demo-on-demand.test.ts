import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs `npm run collect -- --once` in a child process and returns the demo/ modules it loaded. */
function demoModulesLoadedByCollect(env: Record<string, string>): { loaded: string[]; output: string; status: number | null } {
  const directory = mkdtempSync(path.join(tmpdir(), 'refmap-demo-imports-'));
  const log = path.join(directory, 'demo-imports.log');
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=react-server', '--import', './lib/testing/record-demo-imports.mjs', 'scripts/collect.ts', '--once'],
    {
      encoding: 'utf8',
      timeout: 120_000,
      env: { NODE_ENV: 'test', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REFMAP_DATA_DIR: path.join(directory, 'data'), REFMAP_DEMO_IMPORT_LOG: log, LOG_LEVEL: 'error', REFMAP_SOURCE_TIMEOUT: '2s', ...env },
    },
  );
  const loaded = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { loaded, output: `${child.stdout}\n${child.stderr}`, status: child.status };
}

// A production collector is meant to run beside everything else without noticing: the simulators
// of the demo cluster must not even be loaded when real sources are configured.
describe('the demo cluster is loaded on demand only', () => {
  it('a collector with real sources configured loads no demo/ module', () => {
    // a closed port: the collection records the source as unreachable, which is fine here
    const { loaded, output, status } = demoModulesLoadedByCollect({ PROMETHEUS_URL: 'http://127.0.0.1:9', REFMAP_CLUSTER_NAME: 'prod' });
    expect(status, output).toBe(0);
    expect(loaded).toEqual([]);
  }, 150_000);

  it('a collector in demo mode does load it (so the probe above can see a load)', () => {
    const { loaded, output, status } = demoModulesLoadedByCollect({});
    expect(status, output).toBe(0);
    expect(loaded.filter((url) => url.endsWith('.ts')).length).toBeGreaterThan(0);
  }, 150_000);
});
