import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '@/lib/config';
import { readControlDetail } from '@/lib/data/control-detail';
import { readMatrix } from '@/lib/data/matrix';
import { openDatabase, type Database } from '@/lib/db';
import { renderResultsCsv } from '@/lib/reports/csv';
import { loadReportModel } from '@/lib/reports/report-model';
import { collectSnapshot } from '@/lib/snapshots/collect';
import { resolveTargets } from '@/lib/snapshots/targets';
import { createTestDatabase } from '@/lib/testing/postgres';
import { startDemoCluster, type DemoCluster } from '@/demo';

// An organisation's own controls, defined only in REFMAP_CONFIG (a CEL rule over pods, a PromQL
// threshold), collected from a real Prometheus and the demo Kubernetes API, then shown and exported
// like built-in ones; and a per-cluster override of a check's query, sent and recorded.

const PROMETHEUS_URL = process.env.TEST_PROMETHEUS_URL;
const OVERRIDE_QUERY = 'label_replace(label_replace(vector(1), "rule", "planted by the wc1 override", "", ""), "priority", "Critical", "", "")';

let demo: DemoCluster;
let config: Config;
let database: Database;
let dropDatabase: () => Promise<void>;

beforeAll(async () => {
  if (!PROMETHEUS_URL) throw new Error('TEST_PROMETHEUS_URL is not set: run integration tests through `npm test`');
  demo = await startDemoCluster({ scenario: 'stock' });
  const directory = mkdtempSync(path.join(tmpdir(), 'refmap-org-controls-'));
  const configFile = path.join(directory, 'refmap.yaml');
  writeFileSync(
    configFile,
    `clusters:
  - name: wc1
    role: workload
    prometheus: { url: ${PROMETHEUS_URL} }
    kubernetes: { url: ${demo.urls.kubernetes}, tokenEnv: DEMO_KUBERNETES_TOKEN, tls: { insecureSkipVerify: true } }
    catalog:
      overrides:
        T1.RUNTIME: { checks: { falco-severe-events: { params: { query: '${OVERRIDE_QUERY}' } } } }
catalog:
  controls:
    - id: ORG.NON-ROOT-CEL
      section: "5"
      title: Workload containers declare runAsNonRoot
      requirement: Every container of a running workload pod sets securityContext.runAsNonRoot.
      severity: high
      checks:
        - id: pods-declare-non-root
          evaluator: kubernetes-cel
          params:
            resource: /api/v1/pods
            select: "object.status.phase == 'Running'"
            require: "object.spec.containers.all(c, has(c.securityContext) && has(c.securityContext.runAsNonRoot) && c.securityContext.runAsNonRoot)"
    - id: ORG.KUBELETS-UP
      section: "5"
      title: Every kubelet is scraped
      requirement: Prometheus reaches the kubelet of every node.
      checks:
        - id: kubelet-targets
          evaluator: promql
          params: { query: 'max_over_time(up{job="kubelet"}[3h])', expect: every, op: "==", value: 1, objectLabel: node }
`,
  );
  const env = { REFMAP_CONFIG: configFile, DEMO_KUBERNETES_TOKEN: demo.credentials.kubernetesToken, REFMAP_DATA_DIR: path.join(directory, 'data') };
  // pages and exports find control titles through the process's configuration
  Object.assign(process.env, env);
  (globalThis as { refmapRoot?: unknown }).refmapRoot = undefined;
  config = loadConfig({ ...process.env, ...env });
  const testDatabase = await createTestDatabase();
  dropDatabase = testDatabase.drop;
  database = await openDatabase({ databaseUrl: testDatabase.url, dataDir: '/nonexistent' });
});

afterAll(async () => {
  await database?.close();
  await dropDatabase?.();
  await demo?.stop();
});

describe('controls an organisation defines in REFMAP_CONFIG', () => {
  it('are collected, shown in the matrix and the drilldown, and exported; the cluster’s override is sent and recorded', async () => {
    const [target] = await resolveTargets(config);
    const summary = await collectSnapshot(database, target!);

    const byId = new Map(summary.results.map((result) => [result.controlId, result]));
    const cel = byId.get('ORG.NON-ROOT-CEL')!;
    // the stock demo runs pods as root: the CEL rule names them
    expect(cel.status).toBe('fail');
    expect(JSON.stringify(cel.evidence[0]?.excerpt)).toContain('does not satisfy');
    expect(cel.evidence[0]?.query).toContain('GET /api/v1/pods → CEL');
    const promql = byId.get('ORG.KUBELETS-UP')!;
    expect(promql.status).toBe('pass');
    expect(promql.evidence[0]?.query).toBe('max_over_time(up{job="kubelet"}[3h])');

    // the override reached Prometheus: only the planted query answers with this rule name
    const falco = byId.get('T1.RUNTIME')!.evidence.find((item) => item.checkId === 'falco-severe-events')!;
    expect(falco.query).toBe(OVERRIDE_QUERY);
    expect(falco.status).toBe('fail');
    expect(JSON.stringify(falco.excerpt)).toContain('planted by the wc1 override');

    const matrix = await readMatrix(database, 'wc1');
    const section5 = matrix.sections.find((section) => section.id === '5')!;
    expect(section5.controls.find((control) => control.id === 'ORG.NON-ROOT-CEL')).toMatchObject({ title: 'Workload containers declare runAsNonRoot', status: 'fail' });

    const detail = await readControlDetail(database, 'wc1', 'ORG.KUBELETS-UP');
    expect(detail.control.title).toBe('Every kubelet is scraped');
    expect(JSON.stringify(detail)).toContain('max_over_time(up{job=\\"kubelet\\"}[3h])');

    const model = await loadReportModel(database, summary.snapshotId, { controls: config.catalog.controls, downloadedBy: { sub: 'it', name: 'it', roles: ['auditor'] } });
    const csv = renderResultsCsv(model);
    expect(csv).toContain('ORG.NON-ROOT-CEL');
    expect(csv).toContain('ORG.KUBELETS-UP');
  });
});
