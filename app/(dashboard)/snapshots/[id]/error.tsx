'use client';

import { SegmentError } from '@/components/segment-error';

export default function SnapshotError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="This snapshot could not be loaded" error={error} reset={reset} />;
}
