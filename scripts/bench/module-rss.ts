// Child process of `npm run bench` (part 1): how much of the collector's resident memory is code.
// Loads the collector's heavy dependencies one group at a time and sends the RSS after each.
import { exitWithParent, sendToParent } from './child-process';
import type { ModuleRss } from './collection-types';

async function main(): Promise<void> {
  exitWithParent();
  const steps: ModuleRss['steps'] = [{ loaded: 'Node.js and the TypeScript loader (tsx)', rssBytes: process.memoryUsage().rss }];
  const load = async (loaded: string, importModule: () => Promise<unknown>) => {
    await importModule();
    steps.push({ loaded, rssBytes: process.memoryUsage().rss });
  };
  await load('@kubernetes/client-node', () => import('@kubernetes/client-node'));
  await load('Prisma client, PostgreSQL driver and PGlite (lib/db)', () => import('@/lib/db'));
  await load('sources, catalog, evaluation and store (lib/snapshots/collect)', () => import('@/lib/snapshots/collect'));
  await sendToParent<ModuleRss>({ type: 'result', value: { steps } });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await sendToParent({ type: 'error', message: (error as Error).stack ?? String(error) }).catch(() => undefined);
    process.exit(1);
  },
);
