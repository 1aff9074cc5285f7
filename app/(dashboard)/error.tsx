'use client';

import { SegmentError } from '@/components/segment-error';

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="This page could not be loaded" error={error} reset={reset} />;
}
