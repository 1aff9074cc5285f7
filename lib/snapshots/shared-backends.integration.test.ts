import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { openDatabase, type Database } from '@/lib/db';
import type { ControlResult } from '@/lib/evaluate/types';
import { labelledOpenMetrics } from '@/lib/testing/labelled-openmetrics';
import { createTestDatabase } from '@/lib/testing/postgres';
import { buildDemoDataset } from '@/demo';
import { collectSnapshot } from './collect';
import { resolveTargets } from './targets';

// Two workload clusters whose metrics meet in one Prometheus (as in a Thanos, labelled `cluster`):
// wc1 is healthy, wc2 runs the stock scenario. With each cluster's label matchers injected into
// every query, each gets its own verdicts; without them, wc1 would be blamed for wc2's findings.

const directory = mkdtempSync(path.join(tmpdir(), 'refmap-shared-prometheus-'));
const PROMETHEUS_SCRIPT = path.resolve('scripts/test/prometheus.sh');
let prometheusUrl: string;
let database: Database;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const metrics = path.join(directory, 'metrics.om');
  writeFileSync(
    metrics,
    labelledOpenMetrics([
      { label: 'cluster', value: 'wc1', dataset: buildDemoDataset({ scenario: 'healthy', now }) },
      { label: 'cluster', value: 'wc2', dataset: buildDemoDataset({ scenario: 'stock', now }) },
    ]),
  );
  prometheusUrl = execFileSync('bash', [PROMETHEUS_SCRIPT, 'start', path.join(directory, 'prometheus'), metrics, now.toISOString()], { encoding: 'utf8', timeout: 180_000 }).trim();
  const testDatabase = await createTestDatabase();
  dropDatabase = testDatabase.drop;
  database = await openDatabase({ databaseUrl: testDatabase.url, dataDir: '/nonexistent' });
}, 240_000);

afterAll(async () => {
  await database?.close();
  await dropDatabase?.();
  execFileSync('bash', [PROMETHEUS_SCRIPT, 'stop', path.join(directory, 'prometheus')]);
});

async function collect(scoped: boolean): Promise<Map<string, Map<string, ControlResult>>> {
  const configFile = path.join(directory, `refmap-${scoped}.yaml`);
  const cluster = (name: string) => `  - name: ${name}\n    role: workload\n    prometheus: { url: ${prometheusUrl} }\n${scoped ? `    scope: { prometheusLabels: { cluster: ${name} } }\n` : ''}`;
  writeFileSync(configFile, `clusters:\n${cluster('wc1')}${cluster('wc2')}`);
  const config = loadConfig({ REFMAP_CONFIG: configFile, REFMAP_DATA_DIR: path.join(directory, 'data') });
  const byCluster = new Map<string, Map<string, ControlResult>>();
  for (const target of await resolveTargets(config)) {
    const summary = await collectSnapshot(database, { ...target, clusterName: `${target.clusterName}-${scoped ? 'scoped' : 'unscoped'}` });
    byCluster.set(target.clusterName, new Map(summary.results.map((result) => [result.controlId, result])));
  }
  return byCluster;
}

const check = (results: Map<string, ControlResult>, controlId: string, checkId: string) => results.get(controlId)!.evidence.find((item) => item.checkId === checkId)!;

describe('clusters sharing one Prometheus', () => {
  it('each get their own verdicts, from queries that name their cluster', async () => {
    const scoped = await collect(true);
    const wc1 = scoped.get('wc1')!;
    const wc2 = scoped.get('wc2')!;
    const critical = (results: Map<string, ControlResult>) => check(results, 'T1.VULN-RUNTIME', 'no-critical-vulnerabilities');
    expect(critical(wc1).query).toContain('cluster="wc1"');
    expect(critical(wc2).query).toContain('cluster="wc2"');
    // the healthy cluster has no critical CVE; the stock one does
    expect(critical(wc1).status).toBe('pass');
    expect(critical(wc2).status).toBe('fail');
    const differing = [...wc1.keys()].filter((id) => wc1.get(id)!.status !== wc2.get(id)!.status);
    expect(differing.length).toBeGreaterThan(0);
  }, 120_000);

  it('without scoping, the healthy cluster is blamed for the other’s findings (why scoping exists)', async () => {
    const unscoped = await collect(false);
    expect(check(unscoped.get('wc1')!, 'T1.VULN-RUNTIME', 'no-critical-vulnerabilities').status).toBe('fail');
  }, 120_000);
});
