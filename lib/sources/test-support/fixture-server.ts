import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A small local HTTP(S) server for source tests: it serves recorded answers and can misbehave on
 * purpose (hang, cut a body short, answer 500 or 401, send broken JSON).
 */

export interface SeenRequest {
  method: string;
  /** the path exactly as sent, percent-encoding kept */
  rawPath: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type FixtureAnswer =
  | { status?: number; headers?: Record<string, string>; json?: unknown; text?: string }
  /** never answers */
  | 'hang'
  /** sends headers and half a body, then stalls */
  | 'hang-body';

export type FixtureHandler = (request: SeenRequest) => FixtureAnswer | Promise<FixtureAnswer>;

export interface FixtureServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

const TLS_DIR = path.join(import.meta.dirname, 'tls');
/** A self-signed certificate for 127.0.0.1 and localhost, for tests only (valid until 2126). */
export const TEST_CERT_PEM = readFileSync(path.join(TLS_DIR, 'test-only-server.cert.pem'), 'utf8');
export const TEST_KEY_PEM = readFileSync(path.join(TLS_DIR, 'test-only-server.key.pem'), 'utf8');

export interface FixtureServerOptions {
  /** serve HTTPS with the test-only certificate */
  tls?: boolean;
  /** with tls: only accept clients that present a certificate signed by the test-only certificate */
  requireClientCert?: boolean;
}

export async function startFixtureServer(handler: FixtureHandler, options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const requests: SeenRequest[] = [];
  const listener: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://fixture');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        rawPath: (req.url ?? '/').split('?')[0] ?? '/',
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      let answer: FixtureAnswer;
      try {
        answer = await handler(seen);
      } catch (error) {
        answer = { status: 599, text: String(error) };
      }
      if (answer === 'hang') return;
      if (answer === 'hang-body') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"items":[');
        return;
      }
      const body = answer.json !== undefined ? JSON.stringify(answer.json) : (answer.text ?? '');
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(body);
    });
  };
  const clientCertOptions = options.requireClientCert ? { ca: TEST_CERT_PEM, requestCert: true, rejectUnauthorized: true } : {};
  const server = options.tls ? https.createServer({ cert: TEST_CERT_PEM, key: TEST_KEY_PEM, ...clientCertOptions }, listener) : http.createServer(listener);
  // TLS handshake failures are what some tests are about; they must not crash the server
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Reads a JSON fixture next to the test: `readFixture(import.meta.dirname, 'pods-page-1.json')`. */
export function readFixture<T = unknown>(directory: string, name: string): T {
  return JSON.parse(readFileSync(path.join(directory, 'fixtures', name), 'utf8')) as T;
}
