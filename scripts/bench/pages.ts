import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONTROLS } from '@/lib/catalog';
import { PAGE_JAVASCRIPT_TARGET_BYTES, measurePageJavascript, type PageJavascript } from '../page-javascript';
import { onCleanup } from './cleanup';
import { clusterName, type HistoryScale } from './history-seed';
import { loadAverage } from './machine';
import { freePort, waitForHealth } from './next-server';
import type { PostgresServer } from './postgres-server';
import { formatBytes, formatMs, summarize, timeRepeatedly, type Summary } from './stats';

/**
 * Pages served by the production build (`next start`) over the history part's database (a year of
 * hourly snapshots × 10 clusters): the whole server render of the matrix and of a drilldown, timed
 * from the request to the last byte of HTML, and the JavaScript `/` sends (gzip).
 */

const REPO_ROOT = path.join(import.meta.dirname, '..', '..');
const RUNS = 40;
const TARGET_P95_MS = 100;

export interface PageMeasurement {
  label: string;
  targetP95Ms?: number;
  summary: Summary;
  htmlBytes: number;
}

export interface PagesResult {
  build: { isFresh: boolean; seconds: number };
  pages: PageMeasurement[];
  javascript: PageJavascript;
  load: string;
}

/** The production build: made now (a full run measures the code as it is), or an existing one reused (--quick). */
export function ensureBuild(reuse: boolean, logPath: string): PagesResult['build'] {
  if (reuse && existsSync(path.join(REPO_ROOT, '.next', 'BUILD_ID'))) return { isFresh: false, seconds: 0 };
  const started = performance.now();
  const log = openSync(logPath, 'a');
  const built = spawnSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'next'), ['build'], { cwd: REPO_ROOT, stdio: ['ignore', log, log], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (built.status !== 0) throw new Error(`next build failed (exit ${built.status}); see ${logPath}`);
  return { isFresh: true, seconds: (performance.now() - started) / 1000 };
}

/**
 * `next start` on the history database, with the seeded clusters configured. Collection is kept
 * from writing: the interval (400 days) already holds each cluster's seeded snapshots.
 */
async function startApp(options: { server: PostgresServer; database: string; scale: HistoryScale; workDir: string; logPath: string }): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const configPath = path.join(options.workDir, 'pages-clusters.yaml');
  const clusters = Array.from({ length: options.scale.clusters }, (_, index) => `  - name: ${clusterName(index + 1)}\n    role: workload\n    prometheus: { url: http://127.0.0.1:9 }`);
  writeFileSync(configPath, `clusters:\n${clusters.join('\n')}\nretention:\n  enabled: false\n`);
  const port = await freePort();
  const log = openSync(options.logPath, 'a');
  const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: options.server.databaseUrl(options.database),
      REFMAP_CONFIG: configPath,
      REFMAP_COLLECT_INTERVAL: '400d',
      REFMAP_ALLOW_LOCAL_SIGNIN: 'true',
      // this server only reads the seeded history: it seals nothing, so it needs no signing key
      REFMAP_ALLOW_UNSIGNED: 'true',
      REFMAP_SESSION_SECRET: 'bench-session-secret-bench-session-secret',
      LOG_LEVEL: 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = onCleanup(`next start (pid ${child.pid})`, async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, options.logPath, () => child.exitCode !== null);
  return { baseUrl, stop };
}

async function signIn(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/local`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'viewer', name: 'bench' }) });
  if (!response.ok) throw new Error(`local sign-in: HTTP ${response.status}`);
  const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
  if (!cookie) throw new Error('local sign-in set no cookie');
  return cookie;
}

export async function runPages(options: { server: PostgresServer; database: string; scale: HistoryScale; workDir: string; reuseBuild: boolean }): Promise<PagesResult> {
  const logPath = path.join(options.workDir, 'pages.log');
  console.error(`[pages] ${options.reuseBuild ? 'reusing the production build, or building one if there is none' : 'building (next build)'}; log in ${logPath}`);
  const build = ensureBuild(options.reuseBuild, logPath);
  const app = await startApp({ ...options, logPath });
  try {
    const cookie = await signIn(app.baseUrl);
    const get = async (pagePath: string): Promise<string> => {
      const response = await fetch(`${app.baseUrl}${pagePath}`, { headers: { cookie } });
      const html = await response.text();
      if (response.status !== 200) throw new Error(`GET ${pagePath}: HTTP ${response.status}`);
      return html;
    };
    const drilldownControls = CONTROLS.filter((control) => control.isManual !== true).map((control) => control.id);
    const cases: { label: string; targetP95Ms?: number; path: (run: number) => string }[] = [
      { label: 'matrix of one cluster — `/?cluster=`', targetP95Ms: TARGET_P95_MS, path: (run) => `/?cluster=${clusterName((run % options.scale.clusters) + 1)}` },
      { label: `matrix of all ${options.scale.clusters} clusters side by side — \`/\``, path: () => '/' },
      {
        label: 'drilldown of a control — `/controls/{id}?cluster=`',
        targetP95Ms: TARGET_P95_MS,
        path: (run) => `/controls/${encodeURIComponent(drilldownControls[run % drilldownControls.length]!)}?cluster=${clusterName((run % options.scale.clusters) + 1)}`,
      },
    ];
    const pages: PageMeasurement[] = [];
    for (const page of cases) {
      // one untimed call: the route compiled into memory, connections open
      const htmlBytes = Buffer.byteLength(await get(page.path(0)));
      const summary = summarize(await timeRepeatedly(RUNS, (run) => get(page.path(run + 1))));
      pages.push({ label: page.label, targetP95Ms: page.targetP95Ms, summary, htmlBytes });
      console.error(`[pages] ${page.label}: median ${formatMs(summary.median)}, p95 ${formatMs(summary.p95)}`);
    }
    const javascript = await measurePageJavascript(await get('/'), (scriptPath) => fetch(`${app.baseUrl}${scriptPath}`).then((response) => response.text()));
    console.error(`[pages] JavaScript for /: ${formatBytes(javascript.gzipBytes)} gzip in ${javascript.files.length} files`);
    return { build, pages, javascript, load: loadAverage() };
  } finally {
    await app.stop();
  }
}

function verdict(measured: number, target: number | undefined): string {
  if (target === undefined) return '';
  return measured < target ? `met (< ${target} ms)` : `**missed** (target < ${target} ms: ${(measured / target).toFixed(1)} ×)`;
}

export function renderPages(result: PagesResult, scale: HistoryScale): string {
  const { javascript } = result;
  const largest = [...javascript.files].sort((a, b) => b.gzipBytes - a.gzipBytes).slice(0, 5);
  return [
    '## 4. Pages',
    '',
    `The production build (${result.build.isFresh ? `\`next build\` run by the script, ${result.build.seconds.toFixed(0)} s` : 'an existing `.next` build'}) served by \`next start\` over the`,
    `history part's database (${scale.clusters} clusters × ${scale.days} days of hourly snapshots), signed in as a viewer. Each page is fetched ${RUNS} times after one`,
    'untimed call, one request at a time, from the request to the last byte of the HTML: the whole server render, database reads included.',
    `Load average after the part: ${result.load}.`,
    '',
    '| page | median | p95 | max | target (p95) | HTML |',
    '|---|---:|---:|---:|---|---:|',
    ...result.pages.map(
      (page) =>
        `| ${page.label} | ${formatMs(page.summary.median)} | ${formatMs(page.summary.p95)} | ${formatMs(page.summary.max)} | ${verdict(page.summary.p95, page.targetP95Ms)} | ${formatBytes(page.htmlBytes)} |`,
    ),
    '',
    `**JavaScript sent for \`/\`**: ${formatBytes(javascript.gzipBytes)} gzip (${formatBytes(javascript.bytes)} uncompressed) in ${javascript.files.length} files — ` +
      `target ${formatBytes(PAGE_JAVASCRIPT_TARGET_BYTES)}: ${javascript.gzipBytes <= PAGE_JAVASCRIPT_TARGET_BYTES ? 'met' : '**missed**'} ` +
      '(checked on every build by `e2e/javascript-budget.spec.ts`). Largest files (gzip): ' +
      `${largest.map((file) => `\`${path.basename(file.path)}\` ${formatBytes(file.gzipBytes)}`).join(', ')}.`,
  ].join('\n');
}
