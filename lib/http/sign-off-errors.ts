import { NoSuchSignOffError, SignOffRejectedError } from '@/lib/data/sign-offs';
import { toHttpError } from './data-errors';
import { HttpError } from './errors';

/** Attestation and waiver errors as HTTP errors; everything else as the shared mapping does. */
export function toSignOffHttpError(error: unknown): unknown {
  if (error instanceof NoSuchSignOffError) return new HttpError(404, `${error.kind}_not_found`, error.message);
  // a bad expiry is bad input; the rest conflict with the state of the control or of the record
  if (error instanceof SignOffRejectedError) return new HttpError(error.code === 'bad_expiry' ? 400 : 409, error.code, error.message);
  return toHttpError(error);
}
