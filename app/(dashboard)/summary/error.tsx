'use client';

import { SegmentError } from '@/components/segment-error';

export default function SummaryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The summary could not be loaded" error={error} reset={reset} />;
}
