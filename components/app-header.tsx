import Link from 'next/link';
import { connection } from 'next/server';
import { getConfig } from '@/lib/config';
import { MainNav } from './main-nav';
import { UserMenu } from './user-menu';

/** Site header: navigation, who is signed in; in demo mode a banner says plainly that the data is simulated. */
export async function AppHeader() {
  // read at request time: configuration belongs to the running server, not to the build
  await connection();
  const config = getConfig();
  return (
    <header className="border-b border-gray-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href="/" className="flex items-center gap-2 text-lg font-bold text-gray-900">
            {/* the name is the link's text; the mark is decoration */}
            {/* eslint-disable-next-line @next/next/no-img-element -- a static SVG needs no image optimisation */}
            <img src="/icon.svg" alt="" width={24} height={24} />
            Refmap
          </Link>
          <MainNav />
        </div>
        <UserMenu />
      </div>
      {config.isDemo ? (
        <div role="status" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
          {config.clusters.length > 1 ? (
            <>
              <strong>Demo clusters</strong> — no source is configured, so Refmap reads its built-in simulated clusters {config.clusters.map((cluster) => cluster.name).join(', ')} (scenario “
              {config.demoScenario}”).
            </>
          ) : (
            <>
              <strong>Demo cluster</strong> — no source is configured, so Refmap reads its built-in simulated cluster (scenario “{config.demoScenario}”).
            </>
          )}
        </div>
      ) : null}
    </header>
  );
}
