import { CONTROLS } from '@/lib/catalog';
import { canonicalJson, sha256Hex } from '@/lib/evaluate/canonical-json';
import { evaluateControls } from '@/lib/evaluate/evaluate-controls';
import { DEFAULT_CATALOG_SETTINGS } from '@/lib/evaluate/settings';
import { createSourceReaders } from '@/lib/evaluate/source-readers';
import { createHarborClient } from '@/lib/sources/harbor/client';
import { createKubernetesClient } from '@/lib/sources/kubernetes/client';
import { createOpenSearchClient } from '@/lib/sources/opensearch/client';
import { createPrometheusClient } from '@/lib/sources/prometheus/client';
import { startDemoCluster, type DemoScenario } from '@/demo';

/** A fixed time, so that every age in the evidence is the same on every run. */
export const GOLDEN_NOW = new Date('2026-06-01T12:00:00Z');
export const GOLDEN_SCENARIOS: DemoScenario[] = ['healthy', 'stock', 'degraded'];

export interface GoldenCheck {
  checkId: string;
  status: string;
  query: string;
  /** sha256 of the evidence body without its observation time */
  contentSha256: string;
}

export interface GoldenControl {
  controlId: string;
  status: string;
  evidence: GoldenCheck[];
}

/**
 * What the built-in catalog concludes about each demo scenario, reduced to statuses, queries and
 * evidence content hashes: the record that a change to the catalog's form changed no verdict.
 */
export async function catalogGolden(): Promise<Record<string, GoldenControl[]>> {
  const golden: Record<string, GoldenControl[]> = {};
  for (const scenario of GOLDEN_SCENARIOS) {
    const demo = await startDemoCluster({ scenario, now: GOLDEN_NOW });
    try {
      const plain = (url: string) => ({ url, skipTlsVerify: false });
      const options = { timeoutMs: 10_000 };
      const sources = createSourceReaders({
        prometheus: createPrometheusClient({ ...plain(demo.urls.prometheus), token: demo.credentials.prometheusToken }, options),
        opensearch: createOpenSearchClient({ ...plain(demo.urls.opensearch), username: demo.credentials.opensearchUsername, password: demo.credentials.opensearchPassword }, options),
        harbor: createHarborClient({ ...plain(demo.urls.harbor), username: demo.credentials.harborUsername, password: demo.credentials.harborPassword }, options),
        kubernetes: createKubernetesClient({ kind: 'url', connection: { ...plain(demo.urls.kubernetes), token: demo.credentials.kubernetesToken } }, options),
      });
      const settings = { ...DEFAULT_CATALOG_SETTINGS, trustedRegistries: [demo.dataset.harborHost] };
      const results = await evaluateControls(CONTROLS, { sources, settings, now: GOLDEN_NOW, cluster: { name: 'demo', role: 'management' } });
      golden[scenario] = results.map((result) => ({
        controlId: result.controlId,
        status: result.status,
        evidence: result.evidence.map(({ observedAt: _observedAt, sha256: _sha256, ...body }) => ({
          checkId: body.checkId,
          status: body.status,
          query: body.query,
          contentSha256: sha256Hex(canonicalJson(body)),
        })),
      }));
    } finally {
      await demo.stop();
    }
  }
  return golden;
}
