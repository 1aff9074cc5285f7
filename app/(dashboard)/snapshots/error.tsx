'use client';

import { SegmentError } from '@/components/segment-error';

export default function HistoryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The history could not be loaded" error={error} reset={reset} />;
}
