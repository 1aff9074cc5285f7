import { HttpError } from './errors';

/**
 * Request bodies are small JSON documents (an attestation, a waiver, a sign-in): anything larger is
 * refused with 413 before it is buffered, whatever Content-Length claims (a chunked body has none).
 */
export const MAX_BODY_BYTES = 64 * 1024;

export async function readCappedText(request: Request, maxBytes: number = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new HttpError(413, 'payload_too_large', `the request body must be at most ${maxBytes} bytes`);
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
