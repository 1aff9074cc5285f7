'use client';

import { SegmentError } from '@/components/segment-error';

export default function AuditWindowError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The audit window could not be loaded" error={error} reset={reset} />;
}
