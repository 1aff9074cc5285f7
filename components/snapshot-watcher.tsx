'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useHealthQuery } from '@/lib/queries/use-health-query';

/**
 * Re-renders the page when a snapshot lands that the page does not show. `shownSnapshotIds` are the
 * snapshots on the page (one per cluster); empty (no snapshot yet) polls fast and refreshes as soon
 * as the first one exists. An as-of view stays where the user put it.
 */
export function SnapshotWatcher({ shownSnapshotIds, isLive }: { shownSnapshotIds: string[]; isLive: boolean }) {
  const router = useRouter();
  const { data } = useHealthQuery(shownSnapshotIds.length === 0 ? 2_000 : 30_000);
  const latestId = data?.lastSnapshot?.id ?? null;
  const isShown = latestId === null || shownSnapshotIds.includes(latestId);
  useEffect(() => {
    if (isLive && !isShown) router.refresh();
  }, [isLive, isShown, router]);
  return null;
}
