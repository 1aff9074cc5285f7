'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

const LINKS = [
  { href: '/', label: 'Matrix', isCurrent: (path: string) => path === '/' || path.startsWith('/controls/') },
  { href: '/nist', label: 'NIST 800-53', isCurrent: (path: string) => path.startsWith('/nist') },
  { href: '/trends', label: 'Trends', isCurrent: (path: string) => path.startsWith('/trends') },
  { href: '/snapshots', label: 'History', isCurrent: (path: string) => path.startsWith('/snapshots') },
  { href: '/attention', label: 'Needs attention', isCurrent: (path: string) => path.startsWith('/attention') },
  { href: '/summary', label: 'Summary', isCurrent: (path: string) => path.startsWith('/summary') },
  { href: '/audit-window', label: 'Audit window', isCurrent: (path: string) => path.startsWith('/audit-window') },
];

/** The main sections of the site; the current one is marked for screen readers and by an underline. */
export function MainNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {LINKS.map((link) => {
          const isCurrent = link.isCurrent(pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={isCurrent ? 'page' : undefined}
                className={`text-blue-800 underline-offset-4 hover:underline ${isCurrent ? 'font-semibold underline decoration-2' : ''}`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
