'use client';

import { SegmentError } from '@/components/segment-error';

export default function ControlError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="This control could not be loaded" error={error} reset={reset} />;
}
