'use client';

import { SegmentError } from '@/components/segment-error';

export default function AttentionError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="What needs attention could not be loaded" error={error} reset={reset} />;
}
