'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useHealthQuery } from '@/lib/queries/use-health-query';

/**
 * Re-renders the page when a snapshot newer than the one shown lands. With `shownSnapshotId`
 * null (no snapshot yet) it refreshes as soon as the first one exists.
 */
export function SnapshotWatcher({ shownSnapshotId, isLive }: { shownSnapshotId: string | null; isLive: boolean }) {
  const router = useRouter();
  const { data } = useHealthQuery(shownSnapshotId === null ? 2_000 : 30_000);
  const latestId = data?.lastSnapshot?.id ?? null;
  useEffect(() => {
    // an as-of view stays where the user put it
    if (isLive && latestId !== null && latestId !== shownSnapshotId) router.refresh();
  }, [isLive, latestId, shownSnapshotId, router]);
  return null;
}
