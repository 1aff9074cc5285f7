// Child process of `npm run bench`: serves the built-in demo cluster at fleet scale on loopback ports,
// so that the collector measured by the benchmark shares neither its CPU time accounting nor its memory.
// Sends {urls, credentials, harborHost, counts} once listening; runs until the benchmark stops it.
import { startDemoCluster, type DemoScale } from '@/demo';
import { exitWithParent, sendToParent } from './child-process';
import type { DemoClusterInfo } from './collection-types';

async function main(): Promise<void> {
  exitWithParent();
  const scale = JSON.parse(process.argv[2] ?? '{}') as Partial<DemoScale>;
  const started = performance.now();
  const cluster = await startDemoCluster({ scenario: 'stock', scale });
  const { kubernetes, harbor } = cluster.dataset;
  const itemsOf = (kind: string) => kubernetes.resources.find((resource) => resource.kind === kind)?.items.length ?? 0;
  let harborRepositories = 0;
  for (const repositories of harbor.repositories.values()) harborRepositories += repositories.length;
  let harborArtifacts = 0;
  for (const artifacts of harbor.artifacts.values()) harborArtifacts += artifacts.length;
  await sendToParent<DemoClusterInfo>({
    type: 'result',
    value: {
      urls: cluster.urls,
      credentials: cluster.credentials,
      harborHost: cluster.dataset.harborHost,
      counts: { pods: itemsOf('Pod'), namespaces: itemsOf('Namespace'), harborProjects: harbor.projects.length, harborRepositories, harborArtifacts },
      startMs: performance.now() - started,
      pid: process.pid,
    },
  });
}

main().catch(async (error: unknown) => {
  await sendToParent({ type: 'error', message: (error as Error).stack ?? String(error) }).catch(() => undefined);
  process.exit(1);
});
