import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, readCappedText } from './body-limit';
import { HttpError } from './errors';

const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request('http://refmap.test/api/waivers', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('readCappedText', () => {
  it('reads a body up to the limit', async () => {
    expect(await readCappedText(post('{"a":1}'))).toBe('{"a":1}');
    expect(await readCappedText(post('x'.repeat(MAX_BODY_BYTES)))).toHaveLength(MAX_BODY_BYTES);
  });

  it('refuses a declared oversize body with 413 before reading it', async () => {
    await expect(readCappedText(post('{}', { 'content-length': String(MAX_BODY_BYTES + 1) }))).rejects.toMatchObject({ status: 413, code: 'payload_too_large' });
  });

  it('refuses a chunked body that grows past the limit, without buffering all of it', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16 * 1024;
        controller.enqueue(new Uint8Array(16 * 1024));
        if (sent > 100 * MAX_BODY_BYTES) controller.close();
      },
    });
    await expect(readCappedText(post(endless))).rejects.toBeInstanceOf(HttpError);
    expect(sent).toBeLessThan(10 * MAX_BODY_BYTES);
  });
});
