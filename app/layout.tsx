import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import { QueryProvider } from '@/components/query-provider';
import './globals.css';

const description = 'Live evidence of how a Kubernetes platform meets the DoD Enterprise DevSecOps Reference Design';

export const metadata: Metadata = {
  title: 'Refmap — DoD DevSecOps Reference Design, live',
  description,
  icons: { icon: [{ url: '/icon.svg', type: 'image/svg+xml' }], apple: '/icon.png' },
  openGraph: { title: 'Refmap', description, type: 'website', images: [{ url: '/social.png', width: 1200, height: 630, alt: 'Refmap: the DoD DevSecOps Reference Design, proved live on your Kubernetes platform' }] },
  twitter: { card: 'summary_large_image', images: ['/social.png'] },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-gray-50 text-gray-900 antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <QueryProvider>
          <AppHeader />
          <main id="main" className="mx-auto max-w-6xl px-4 py-6">
            {children}
          </main>
        </QueryProvider>
      </body>
    </html>
  );
}
