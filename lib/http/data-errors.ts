import { NoSuchControlError } from '@/lib/data/control-detail';
import { NoSnapshotError, NoSuchClusterError } from '@/lib/data/matrix';
import { HttpError } from './errors';

/** Read-model "not found" cases as HTTP errors. */
export function toHttpError(error: unknown): unknown {
  if (error instanceof NoSuchClusterError) return new HttpError(404, 'cluster_not_found', error.message);
  if (error instanceof NoSnapshotError) return new HttpError(404, 'no_snapshot', `${error.message}; the first collection may still be running`);
  if (error instanceof NoSuchControlError) return new HttpError(404, 'control_not_found', error.message);
  return error;
}
