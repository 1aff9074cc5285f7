'use client';

import { SegmentError } from '@/components/segment-error';

export default function TrendsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="Trends could not be loaded" error={error} reset={reset} />;
}
