import { afterEach, describe, expect, it } from 'vitest';
import type { SourceConnection, SourceName } from '@/lib/sources/connection';
import { SourceError } from '@/lib/sources/source-error';
import { startFixtureServer, TEST_CERT_PEM, TEST_KEY_PEM, type FixtureHandler, type FixtureServer } from './fixture-server';

/** Credentials planted in every failure test; none may show up in an error. */
export const PLANTED_TOKEN = 'tok-PLANTED-SECRET-4711';
export const PLANTED_PASSWORD = 'pw-PLANTED-SECRET-0815';

export interface FailureModeSpec {
  source: SourceName;
  /** calls one client method against the given connection (the client is built from it) */
  call: (connection: SourceConnection, timeoutMs: number) => Promise<unknown>;
  /** a valid answer for that call, used when the server behaves */
  answer: FixtureHandler;
  /** basic auth (Harbor, OpenSearch) or a bearer token (Prometheus, Kubernetes) */
  auth: 'basic' | 'token';
}

async function failureOf(promise: Promise<unknown>): Promise<SourceError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceError) return error;
    throw error;
  }
  throw new Error('expected a SourceError');
}

function expectNoCredential(error: SourceError): void {
  for (const text of [error.message, JSON.stringify(error.toJSON()), JSON.stringify(error), String(error.stack)]) {
    expect(text).not.toContain('PLANTED');
  }
}

/**
 * The failure modes every source client must turn into a clear SourceError: timeout, a body cut
 * short, 500 (retried twice, then reported), malformed JSON, 401, an untrusted certificate (that the
 * right CA then fixes) and a server that wants a client certificate. Every error is also checked for
 * the planted credentials.
 */
export function describeFailureModes(spec: FailureModeSpec): void {
  describe(`${spec.source} failure modes`, () => {
    let server: FixtureServer | undefined;
    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    function connection(url: string, extra: Partial<SourceConnection> = {}): SourceConnection {
      const auth = spec.auth === 'basic' ? { username: 'refmap-reader', password: PLANTED_PASSWORD } : { token: PLANTED_TOKEN };
      return { url, skipTlsVerify: false, ...auth, ...extra };
    }

    it('answers a well-formed reply', async () => {
      server = await startFixtureServer(spec.answer);
      await expect(spec.call(connection(server.url), 2000)).resolves.toBeDefined();
    });

    it('gives up after the timeout, without retrying', async () => {
      server = await startFixtureServer(() => 'hang');
      const error = await failureOf(spec.call(connection(server.url), 300));
      expect(error).toMatchObject({ source: spec.source, kind: 'timeout' });
      expect(server.requests).toHaveLength(1);
      expectNoCredential(error);
    });

    it('times out on a body that stops half-way', async () => {
      server = await startFixtureServer(() => 'hang-body');
      const error = await failureOf(spec.call(connection(server.url), 300));
      expect(error).toMatchObject({ source: spec.source, kind: 'timeout' });
    });

    it('retries a 500 twice, then reports it', async () => {
      server = await startFixtureServer(() => ({ status: 500, json: { message: 'internal error' } }));
      const error = await failureOf(spec.call(connection(server.url), 1000));
      expect(error).toMatchObject({ source: spec.source, kind: 'http', status: 500 });
      expect(server.requests).toHaveLength(3);
      expect(error.path).toMatch(/^\//);
      expectNoCredential(error);
    });

    it('recovers when a retry succeeds', async () => {
      let calls = 0;
      // as a gateway answers while the source restarts
      const unavailable = { status: 503, headers: { 'content-type': 'text/html' }, text: '<html><body>503 Service Unavailable</body></html>' };
      server = await startFixtureServer((request) => (++calls === 1 ? unavailable : spec.answer(request)));
      await expect(spec.call(connection(server.url), 1000)).resolves.toBeDefined();
    });

    it('reports malformed JSON as a parse error', async () => {
      server = await startFixtureServer(() => ({ text: '{"items": [{"metadata": ' }));
      const error = await failureOf(spec.call(connection(server.url), 1000));
      expect(error).toMatchObject({ source: spec.source, kind: 'parse' });
      expect(server.requests).toHaveLength(1);
      expectNoCredential(error);
    });

    it('reports an answer of the wrong shape as a parse error', async () => {
      server = await startFixtureServer(() => ({ json: { unexpected: true, items: 'none' } }));
      const error = await failureOf(spec.call(connection(server.url), 1000));
      expect(error).toMatchObject({ source: spec.source, kind: 'parse' });
    });

    it('reports a 401 as an auth error, without retrying', async () => {
      server = await startFixtureServer(() => ({ status: 401, json: { errors: [{ code: 'UNAUTHORIZED', message: 'unauthorized' }] } }));
      const error = await failureOf(spec.call(connection(server.url), 1000));
      expect(error).toMatchObject({ source: spec.source, kind: 'auth', status: 401 });
      expect(server.requests).toHaveLength(1);
      expectNoCredential(error);
    });

    it('reports a refused connection as a network error', async () => {
      server = await startFixtureServer(spec.answer);
      const url = server.url;
      await server.close();
      server = undefined;
      const error = await failureOf(spec.call(connection(url), 1000));
      expect(error).toMatchObject({ source: spec.source, kind: 'network' });
      expectNoCredential(error);
    });

    it('refuses a certificate it does not trust, and accepts it with the right CA', async () => {
      server = await startFixtureServer(spec.answer, { tls: true });
      const error = await failureOf(spec.call(connection(server.url), 1000));
      expect(error).toMatchObject({ source: spec.source, kind: 'tls' });
      expectNoCredential(error);
      // nothing reached the server: the handshake failed before any request was sent
      expect(server.requests).toHaveLength(0);
      await expect(spec.call(connection(server.url, { ca: TEST_CERT_PEM }), 2000)).resolves.toBeDefined();
      expect(server.requests.length).toBeGreaterThan(0);
    });

    it('presents its client certificate when configured with one', async () => {
      server = await startFixtureServer(spec.answer, { tls: true, requireClientCert: true });
      const withoutCertificate = await failureOf(spec.call(connection(server.url, { ca: TEST_CERT_PEM }), 1000));
      expect(withoutCertificate.source).toBe(spec.source);
      expect(server.requests).toHaveLength(0);
      // the test-only certificate doubles as the client's certificate
      await expect(spec.call(connection(server.url, { ca: TEST_CERT_PEM, clientCert: TEST_CERT_PEM, clientKey: TEST_KEY_PEM }), 2000)).resolves.toBeDefined();
      expect(server.requests.length).toBeGreaterThan(0);
    });

    it('skips verification only when told to', async () => {
      server = await startFixtureServer(spec.answer, { tls: true });
      await expect(spec.call(connection(server.url, { skipTlsVerify: true }), 2000)).resolves.toBeDefined();
    });

    it('sends its credentials', async () => {
      server = await startFixtureServer(spec.answer);
      await spec.call(connection(server.url), 2000);
      const expected = spec.auth === 'basic' ? `Basic ${Buffer.from(`refmap-reader:${PLANTED_PASSWORD}`).toString('base64')}` : `Bearer ${PLANTED_TOKEN}`;
      expect(server.requests[0]?.headers.authorization).toBe(expected);
    });
  });
}
