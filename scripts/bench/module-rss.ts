// Child process of `npm run bench` (part 1): how much of the collector's resident memory is code.
// Loads the collector's heavy dependencies one group at a time, in the order a collector with a URL
// and token loads them, and sends the RSS after each.
import { exitWithParent, sendToParent } from './child-process';
import type { ModuleRss } from './collection-types';

async function main(): Promise<void> {
  exitWithParent();
  const steps: ModuleRss['steps'] = [{ loaded: 'Node.js and the TypeScript loader (tsx)', rssBytes: process.memoryUsage().rss }];
  const load = async (loaded: string, importModule: () => Promise<unknown>) => {
    await importModule();
    steps.push({ loaded, rssBytes: process.memoryUsage().rss });
  };
  await load('Prisma client, PostgreSQL driver and PGlite (lib/db)', () => import('@/lib/db'));
  await load('sources, catalog, evaluation and store (lib/snapshots/collect)', () => import('@/lib/snapshots/collect'));
  // imported by the Kubernetes source only for a kubeconfig file or the in-cluster service account
  await load('@kubernetes/client-node (a kubeconfig or in-cluster connection only)', () => import('@kubernetes/client-node'));
  await sendToParent<ModuleRss>({ type: 'result', value: { steps } });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await sendToParent({ type: 'error', message: (error as Error).stack ?? String(error) }).catch(() => undefined);
    process.exit(1);
  },
);
