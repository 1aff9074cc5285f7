import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoFault, DemoSourceName } from '../types';

/**
 * The HTTP plumbing every simulated API shares: a loopback listener on an ephemeral port,
 * credential checks, and the injectable faults. Each API only says how it authenticates, how its
 * errors look, and how it answers a request.
 */

export interface ApiRequest {
  method: string;
  /** the path without the query string, still percent-encoded as sent */
  rawPath: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** the `empty` fault is on: answer like a system that holds no data at all */
  isEmpty: boolean;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface ApiBehaviour {
  source: DemoSourceName;
  isAuthorized(request: ApiRequest): boolean;
  /** the API's own 401 answer */
  unauthorized(): ApiResponse;
  /** the API's own 500 answer */
  serverError(): ApiResponse;
  handle(request: ApiRequest): ApiResponse;
}

const MAX_BODY_BYTES = 1_048_576;

// Invalid JSON that still looks like the start of an answer, as a broken proxy might send.
const MALFORMED_BODY = '{"status": success, "items": [ {"metadata": ';
// Valid JSON that matches no API's schema.
const WRONG_SHAPE_BODY = JSON.stringify({ unexpected: true, items: 'not-a-list', data: 'not-an-object', status: 42, result: null });

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function textResponse(status: number, text: string, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: text };
}

/** Bearer-token check shared by the Prometheus and Kubernetes simulators. */
export function hasBearerToken(request: ApiRequest, token: string): boolean {
  return request.headers.authorization === `Bearer ${token}`;
}

/** Basic-auth check shared by the Harbor and OpenSearch simulators. */
export function hasBasicAuth(request: ApiRequest, username: string, password: string): boolean {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${username}:${password}`;
}

export class SimulatedApi {
  private readonly server: Server;
  private port = 0;
  private fault: DemoFault | undefined;
  private isListening = false;
  private isStopped = false;
  private readonly pendingSlow = new Set<{ timer: NodeJS.Timeout; response: ServerResponse }>();

  constructor(
    private readonly behaviour: ApiBehaviour,
    private readonly options: { slowMs: number; fault?: DemoFault },
  ) {
    this.fault = options.fault;
    this.server = createServer((request, response) => {
      this.onRequest(request, response).catch(() => response.destroy());
    });
    // A failed re-listen (port taken meanwhile) leaves the source down instead of crashing the process.
    this.server.on('error', () => {
      this.isListening = false;
    });
  }

  /** Listens on 127.0.0.1 on a free port; a source that starts `down` closes again right away. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.isListening = true;
    if (this.fault === 'down') this.closeListener();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setFault(fault: DemoFault | undefined): void {
    this.fault = fault;
    if (this.isStopped) return;
    if (fault === 'down' && this.isListening) this.closeListener();
    if (fault !== 'down' && !this.isListening) {
      // binding happens synchronously inside listen(), so the next connection already succeeds
      this.server.listen(this.port, '127.0.0.1');
      this.isListening = true;
    }
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    for (const pending of this.pendingSlow) {
      clearTimeout(pending.timer);
      pending.response.destroy();
    }
    this.pendingSlow.clear();
    this.server.closeAllConnections();
    if (!this.isListening) return;
    this.isListening = false;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Refuses new connections (the port is closed) and drops open ones, like a process that died. */
  private closeListener(): void {
    this.isListening = false;
    this.server.close();
    this.server.closeAllConnections();
  }

  private async onRequest(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(incoming);
    if (body === undefined) {
      this.write(response, incoming.method ?? 'GET', { status: 413, body: '' });
      return;
    }
    const rawUrl = incoming.url ?? '/';
    const queryStart = rawUrl.indexOf('?');
    const fault = this.fault;
    const request: ApiRequest = {
      method: incoming.method ?? 'GET',
      rawPath: queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart),
      url: new URL(rawUrl, this.url),
      headers: incoming.headers,
      body,
      isEmpty: fault === 'empty',
    };
    if (fault === 'slow') {
      const pending = {
        response,
        timer: setTimeout(() => {
          this.pendingSlow.delete(pending);
          this.write(response, request.method, this.answer(request, undefined));
        }, this.options.slowMs),
      };
      this.pendingSlow.add(pending);
      response.on('close', () => {
        clearTimeout(pending.timer);
        this.pendingSlow.delete(pending);
      });
      return;
    }
    const answer = this.answer(request, fault);
    if (fault === 'truncated') {
      this.writeTruncated(response, answer);
      return;
    }
    this.write(response, request.method, answer);
  }

  private answer(request: ApiRequest, fault: DemoFault | undefined): ApiResponse {
    if (fault === 'unauthorized' || !this.behaviour.isAuthorized(request)) return this.behaviour.unauthorized();
    switch (fault) {
      case 'http500':
        return this.behaviour.serverError();
      case 'malformed':
        return { status: 200, headers: { 'content-type': 'application/json' }, body: MALFORMED_BODY };
      case 'wrong-shape':
        return { status: 200, headers: { 'content-type': 'application/json' }, body: WRONG_SHAPE_BODY };
      default:
        try {
          return this.behaviour.handle(request);
        } catch {
          return this.behaviour.serverError();
        }
    }
  }

  private write(response: ServerResponse, method: string, answer: ApiResponse): void {
    if (response.destroyed) return;
    const body = Buffer.from(answer.body, 'utf8');
    response.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
    response.end(method === 'HEAD' ? undefined : body);
  }

  /** Announces the whole body, sends half of it, then drops the connection. */
  private writeTruncated(response: ServerResponse, answer: ApiResponse): void {
    const body = Buffer.from(answer.body, 'utf8');
    response.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
    response.write(body.subarray(0, Math.floor(body.length / 2)), () => {
      response.socket?.destroy();
    });
  }
}

function readBody(incoming: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    incoming.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    incoming.on('error', reject);
  });
}
