'use client';

import { SegmentError } from '@/components/segment-error';

export default function DiffError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The comparison could not be loaded" error={error} reset={reset} />;
}
