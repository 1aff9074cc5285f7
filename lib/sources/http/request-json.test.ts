import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SourceError } from '@/lib/sources/source-error';
import { requestJson } from './request-json';

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

let server: http.Server | undefined;

async function serve(handler: Handler): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stopServer(): Promise<void> {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
}

afterEach(stopServer);

const schema = z.object({ ok: z.boolean() });
const SECRET = 'tok-PLANTED-4711';

async function failure(url: string, overrides: Partial<Parameters<typeof requestJson>[0]> = {}): Promise<SourceError> {
  try {
    await requestJson({ source: 'harbor', connection: { url, token: SECRET, skipTlsVerify: false }, path: '/api/v2.0/projects', schema, timeoutMs: 300, ...overrides });
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

describe('requestJson', () => {
  it('sends the bearer token and parses the answer', async () => {
    let seenAuthorization: string | undefined;
    const url = await serve((request, response) => {
      seenAuthorization = request.headers.authorization;
      response.setHeader('content-type', 'application/json');
      response.end('{"ok":true}');
    });
    const { body } = await requestJson({ source: 'harbor', connection: { url, token: SECRET, skipTlsVerify: false }, path: '/x', schema, timeoutMs: 1000 });
    expect(body).toEqual({ ok: true });
    expect(seenAuthorization).toBe(`Bearer ${SECRET}`);
  });

  it('retries a 500 at most twice, then reports it', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls++;
      response.statusCode = 500;
      response.end('oops');
    });
    const error = await failure(url);
    expect(calls).toBe(3);
    expect(error).toMatchObject({ source: 'harbor', kind: 'http', status: 500, path: '/api/v2.0/projects' });
  });

  it('recovers when a retry succeeds', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls++;
      if (calls === 1) {
        response.statusCode = 503;
        response.end();
        return;
      }
      response.end('{"ok":true}');
    });
    const { body } = await requestJson({ source: 'harbor', connection: { url, skipTlsVerify: false }, path: '/x', schema, timeoutMs: 1000 });
    expect(body.ok).toBe(true);
  });

  it('does not retry a 401 and calls it an auth problem', async () => {
    let calls = 0;
    const url = await serve((_request, response) => {
      calls++;
      response.statusCode = 401;
      response.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    });
    const error = await failure(url);
    expect(calls).toBe(1);
    expect(error.kind).toBe('auth');
  });

  it('reports malformed JSON, a truncated body and a wrong shape as parse errors', async () => {
    for (const body of ['{not json', '{"ok":tr', '{"ok":"yes"}']) {
      const url = await serve((_request, response) => response.end(body));
      const error = await failure(url);
      expect(error.kind, body).toBe('parse');
      await stopServer();
    }
  });

  it('gives up after the timeout', async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const error = await failure(url, { retries: 0 });
    expect(error.kind).toBe('timeout');
  });

  it('reports a refused connection as a network error', async () => {
    const url = await serve(() => undefined);
    await stopServer();
    const error = await failure(url, { retries: 0 });
    expect(error.kind).toBe('network');
  });

  it('never puts a credential in its message', async () => {
    const url = await serve((_request, response) => {
      response.statusCode = 403;
      response.end();
    });
    const error = await failure(url);
    expect(JSON.stringify(error.toJSON())).not.toContain('PLANTED');
    expect(error.message).not.toContain('PLANTED');
  });
});
