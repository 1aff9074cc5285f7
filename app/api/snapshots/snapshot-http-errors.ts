import { NoPreviousSnapshotError, NoSuchSnapshotError } from '@/lib/data/snapshots';
import { toHttpError } from '@/lib/http/data-errors';
import { HttpError } from '@/lib/http/errors';

/** The snapshot routes' "not found" cases as HTTP errors; everything else as the shared mapping does. */
export function toSnapshotHttpError(error: unknown): unknown {
  if (error instanceof NoSuchSnapshotError) return new HttpError(404, 'snapshot_not_found', error.message);
  if (error instanceof NoPreviousSnapshotError) return new HttpError(404, 'no_previous_snapshot', error.message);
  return toHttpError(error);
}
