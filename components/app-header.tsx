import Link from 'next/link';
import { connection } from 'next/server';
import { getConfig } from '@/lib/config';

/** Site header; in demo mode a banner says plainly that the data is simulated. */
export async function AppHeader() {
  // read at request time: configuration belongs to the running server, not to the build
  await connection();
  const config = getConfig();
  return (
    <header className="border-b border-gray-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
        <Link href="/" className="text-lg font-bold text-gray-900">
          Refmap
        </Link>
        <nav aria-label="Main">
          <ul className="flex gap-4 text-sm">
            <li>
              <Link href="/" className="text-blue-800 underline-offset-2 hover:underline">
                Matrix
              </Link>
            </li>
          </ul>
        </nav>
      </div>
      {config.isDemo ? (
        <div role="status" className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
          <strong>Demo cluster</strong> — no source is configured, so Refmap reads its built-in simulated cluster (scenario “{config.demoScenario}”).
        </div>
      ) : null}
    </header>
  );
}
