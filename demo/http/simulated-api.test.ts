import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type ApiBehaviour, SimulatedApi, hasBasicAuth, hasBearerToken, jsonResponse, textResponse } from './simulated-api';

const TOKEN = 'test-token';

const behaviour: ApiBehaviour = {
  source: 'prometheus',
  isAuthorized: (request) => hasBearerToken(request, TOKEN),
  unauthorized: () => textResponse(401, 'Unauthorized\n'),
  serverError: () => jsonResponse(500, { error: 'boom' }),
  handle: (request) => jsonResponse(200, { items: request.isEmpty ? [] : [1, 2, 3], padding: 'x'.repeat(200) }),
};

let api: SimulatedApi | undefined;

afterEach(async () => {
  await api?.stop();
  api = undefined;
});

async function started(options: { slowMs?: number } = {}): Promise<SimulatedApi> {
  api = new SimulatedApi(behaviour, { slowMs: options.slowMs ?? 50 });
  await api.start();
  return api;
}

function get(target: SimulatedApi, token = TOKEN): Promise<Response> {
  return fetch(`${target.url}/anything`, { headers: { authorization: `Bearer ${token}` } });
}

/** Resolves with the error code of a request that never got an answer. */
function connectionError(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, (response) => {
      response.resume();
      reject(new Error(`unexpected answer ${response.statusCode}`));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.end();
  });
}

describe('SimulatedApi', () => {
  it('listens on a loopback port and answers authorised requests', async () => {
    const target = await started();
    expect(target.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await get(target);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ items: [1, 2, 3] });
  });

  it('answers 401 without or with wrong credentials', async () => {
    const target = await started();
    expect((await fetch(`${target.url}/anything`)).status).toBe(401);
    expect((await get(target, 'wrong')).status).toBe(401);
  });

  it('down: refuses connections, then serves again on the same port', async () => {
    const target = await started();
    target.setFault('down');
    expect(await connectionError(`${target.url}/anything`)).toBe('ECONNREFUSED');
    target.setFault(undefined);
    expect((await get(target)).status).toBe(200);
  });

  it('slow: answers only after the delay', async () => {
    const target = await started({ slowMs: 300 });
    target.setFault('slow');
    const startedAt = Date.now();
    const response = await get(target);
    expect(response.status).toBe(200);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(280);
  });

  it('slow: stop() tears pending answers down instead of waiting', async () => {
    const target = await started({ slowMs: 60_000 });
    target.setFault('slow');
    const pending = connectionError(`${target.url}/anything`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stoppedAt = Date.now();
    await target.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(await pending).toBe('ECONNRESET');
  });

  it('http500: answers with the API error', async () => {
    const target = await started();
    target.setFault('http500');
    const response = await get(target);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'boom' });
  });

  it('unauthorized: answers 401 even with good credentials', async () => {
    const target = await started();
    target.setFault('unauthorized');
    expect((await get(target)).status).toBe(401);
  });

  it('malformed: 200 with a body that is not JSON', async () => {
    const target = await started();
    target.setFault('malformed');
    const response = await get(target);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('truncated: the body stops half way and the connection drops', async () => {
    const target = await started();
    target.setFault('truncated');
    const response = await get(target);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('wrong-shape: valid JSON that fits no schema', async () => {
    const target = await started();
    target.setFault('wrong-shape');
    const body = (await (await get(target)).json()) as Record<string, unknown>;
    expect(body.items).toBe('not-a-list');
  });

  it('empty: the API answers as if it held nothing', async () => {
    const target = await started();
    target.setFault('empty');
    expect(await (await get(target)).json()).toMatchObject({ items: [] });
  });

  it('starts down when asked to, and comes up later', async () => {
    api = new SimulatedApi(behaviour, { slowMs: 50, fault: 'down' });
    await api.start();
    expect(await connectionError(`${api.url}/x`)).toBe('ECONNREFUSED');
    api.setFault(undefined);
    expect((await get(api)).status).toBe(200);
  });
});

describe('credential checks', () => {
  const request = (authorization?: string) => ({
    method: 'GET',
    rawPath: '/',
    url: new URL('http://127.0.0.1/'),
    headers: authorization === undefined ? {} : { authorization },
    body: '',
    isEmpty: false,
  });

  it('checks bearer tokens exactly', () => {
    expect(hasBearerToken(request('Bearer abc'), 'abc')).toBe(true);
    expect(hasBearerToken(request('Bearer abcd'), 'abc')).toBe(false);
    expect(hasBearerToken(request(), 'abc')).toBe(false);
  });

  it('checks basic auth', () => {
    const header = `Basic ${Buffer.from('robot$reader:s3cret').toString('base64')}`;
    expect(hasBasicAuth(request(header), 'robot$reader', 's3cret')).toBe(true);
    expect(hasBasicAuth(request(header), 'robot$reader', 'other')).toBe(false);
    expect(hasBasicAuth(request('Bearer x'), 'robot$reader', 's3cret')).toBe(false);
  });
});
