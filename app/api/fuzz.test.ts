import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getAppDatabase } from '@/lib/app-context';
import { ROLES } from '@/lib/auth/roles';
import { sessionCookieFor, TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import { CONTROLS } from '@/lib/catalog';
import { advisoryLockKey } from '@/lib/snapshots/lock-keys';
import { callEndpoint, findApiEndpoints, urlPathOf, type ApiEndpoint, type RouteCall } from '@/lib/testing/api-routes';

// Property-based fuzzing of every API route handler under app/api (found on disk, so a new route is
// fuzzed without touching this file): random and half-valid path params, query strings, bodies,
// content types and sessions. Whatever comes in, a handler answers 2xx, 3xx or 4xx — never 5xx — and
// every error has the envelope {error: {code, message}} with no stack trace. The database is an
// embedded one in a temporary folder, seeded with two snapshots of the demo cluster.

const RUNS_PER_ENDPOINT = 500;

const dataDir = mkdtempSync(path.join(tmpdir(), 'refmap-fuzz-'));
let endpoints: ApiEndpoint[] = [];
const cookies: Record<string, string> = {};
/** ids that exist in the seeded database, so that some cases get past validation into the data */
const known = { snapshotIds: [] as string[], attestationIds: [] as string[], waiverIds: [] as string[] };
let releaseCollectionLock = () => {};
let casesRun = 0;

async function json(response: Response): Promise<unknown> {
  return JSON.parse(await response.text());
}

beforeAll(async () => {
  vi.stubEnv('REFMAP_DATA_DIR', dataDir);
  vi.stubEnv('REFMAP_SESSION_SECRET', TEST_SESSION_SECRET);
  vi.stubEnv('DATABASE_URL', '');
  endpoints = await findApiEndpoints();
  for (const role of ROLES) cookies[role] = await sessionCookieFor(role);
  const find = (pattern: string, method: string) => {
    const endpoint = endpoints.find((candidate) => candidate.pattern === pattern && candidate.method === method);
    if (!endpoint) throw new Error(`no ${method} ${pattern}`);
    return endpoint;
  };
  const asAdmin = { cookie: cookies.admin!, 'content-type': 'application/json' };

  // two snapshots of the built-in demo cluster, through the route a person uses
  for (let index = 0; index < 2; index++) {
    const response = await callEndpoint(find('/api/snapshots', 'POST'), { headers: asAdmin });
    expect(response.status).toBe(201);
    const body = (await json(response)) as { snapshots: { id: string }[] };
    known.snapshotIds.push(...body.snapshots.map((snapshot) => snapshot.id));
  }
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const attested = await callEndpoint(find('/api/attestations', 'POST'), {
    headers: asAdmin,
    body: JSON.stringify({ controlId: 'S5.IMAGE-SIGNING', statement: 'Images are signed in the release pipeline.', evidenceUrl: 'https://example.com/evidence', owner: 'platform team', expiresAt }),
  });
  const waived = await callEndpoint(find('/api/waivers', 'POST'), {
    headers: asAdmin,
    body: JSON.stringify({ controlId: 'S5.NON-ROOT', risk: 'One legacy pod runs as root.', reason: 'It is isolated and being replaced.', owner: 'platform team', expiresAt }),
  });
  for (const [response, list, key] of [
    [attested, known.attestationIds, 'attestation'],
    [waived, known.waiverIds, 'waiver'],
  ] as const) {
    const body = (await json(response)) as Record<string, { id?: string } | undefined>;
    if (body[key]?.id) list.push(body[key].id);
  }

  // POST /api/snapshots collects for real (that path is proven above and in the fault matrix); while
  // it is fuzzed, another collection holds the lock, so a valid request answers 409 at once instead
  // of taking a snapshot each time.
  const database = await getAppDatabase();
  const held = new Promise<void>((resolve) => (releaseCollectionLock = resolve));
  void database.tryWithAdvisoryLock(advisoryLockKey('collect', 'demo'), () => held);
}, 120_000);

afterAll(async () => {
  releaseCollectionLock();
  const database = await getAppDatabase();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
  vi.unstubAllEnvs();
  console.info(`API fuzzing: ${casesRun} cases over ${endpoints.length} endpoints, no 5xx`);
});

// --- generators ----------------------------------------------------------------------------------

/** Strings that tend to break parsers: encodings, traversal, injection, odd lengths. */
const nastyString = fc.constantFrom(
  '',
  ' ',
  '%',
  '%zz',
  '%00',
  '\u0000',
  '../../etc/passwd',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '{"$ne":null}',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9'.repeat(400),
  'x'.repeat(5000),
  '😀🏳️‍🌈',
  'true',
  'null',
  '2026-02-30T25:61:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
);

const controlId = fc.constantFrom(...CONTROLS.map((control) => control.id), 'S5.NOPE', 's5.non-root', 'S5');
const isoDate = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
const knownId = fc.constantFrom('snapshotIds', 'attestationIds', 'waiverIds').chain((kind) => (known[kind].length > 0 ? fc.constantFrom(...known[kind]) : fc.uuid()));

/** A value that is sometimes valid for some parameter, often not. */
const value = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 2, arbitrary: isoDate },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: 2000 }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 2, arbitrary: controlId },
  { weight: 2, arbitrary: knownId },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.constantFrom('demo', 'other-cluster', '1', '2', '3', '4', '5', 'hour', 'day', 'week', 'pdf', 'attest', 'signin', 'admin', 'officer') },
);

const QUERY_KEYS = ['cluster', 'at', 'from', 'to', 'limit', 'section', 'bucket', 'against', 'control', 'page', 'pageSize', 'actor', 'action', 'returnTo', 'code', 'state', 'error', 'format'];
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

/** A query string: well-encoded pairs, or raw text as a broken client might send. */
const query = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.tuple(key, value), { maxLength: 5 }).map((pairs) => new URLSearchParams(pairs).toString()) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((text) => encodeURI(text).replace(/#/g, '%23')) },
  { weight: 1, arbitrary: fc.constantFrom('%', '&&&', '=', 'cluster', 'cluster=%E0%A4%A', 'at=%ZZ', 'limit=1&limit=2') },
);

const BODY_KEYS = ['cluster', 'controlId', 'statement', 'evidenceUrl', 'owner', 'expiresAt', 'risk', 'reason', 'role', 'name', 'returnTo'];
const bodyValue = fc.oneof(value, fc.integer(), fc.boolean(), fc.constant(null), fc.array(value, { maxLength: 3 }), fc.webUrl(), fc.lorem({ maxCount: 15 }));
const bodyObject = fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...BODY_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), bodyValue, { maxKeys: 8 });

/** A body and its content type: JSON (valid or not), a form, plain text, or nothing. */
const body = fc.oneof(
  { weight: 4, arbitrary: bodyObject.map((object) => ({ body: JSON.stringify(object), type: 'application/json' })) },
  { weight: 1, arbitrary: fc.jsonValue().map((anything) => ({ body: JSON.stringify(anything) ?? 'null', type: 'application/json' })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((text) => ({ body: text, type: 'application/json' })) },
  { weight: 1, arbitrary: bodyObject.map((object) => ({ body: new URLSearchParams(Object.entries(object).map(([name, item]) => [name, String(item)])).toString(), type: 'application/x-www-form-urlencoded' })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((text) => ({ body: text, type: fc.sample(fc.constantFrom('text/plain', 'multipart/form-data; boundary=x', 'application/octet-stream', ''), 1)[0]! })) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** Mostly an admin (to reach the handler's own logic), sometimes another role, none, or garbage. */
const cookie = fc.oneof(
  { weight: 6, arbitrary: fc.constant('admin') },
  { weight: 2, arbitrary: fc.constantFrom(...ROLES) },
  { weight: 1, arbitrary: fc.constant('none') },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((text) => `garbage:${text}`) },
);

function requestFor(endpoint: ApiEndpoint) {
  const params = fc.tuple(...endpoint.paramNames.map(() => value));
  return fc.record({ params, query, body, cookie, forwardedFor: fc.option(fc.ipV4(), { nil: undefined }), authorization: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }) }).map((generated): RouteCall => {
    const headers: Record<string, string> = {};
    if (generated.cookie === 'none') {
      // no session at all
    } else if (generated.cookie.startsWith('garbage:')) {
      headers.cookie = `refmap_session=${encodeURIComponent(generated.cookie.slice(8))}`;
    } else {
      headers.cookie = cookies[generated.cookie]!;
    }
    if (generated.body?.type) headers['content-type'] = generated.body.type;
    if (generated.forwardedFor) headers['x-forwarded-for'] = generated.forwardedFor;
    if (generated.authorization !== undefined) headers.authorization = generated.authorization.replace(/[^\x20-\x7e]/g, '');
    return {
      params: Object.fromEntries(endpoint.paramNames.map((name, index) => [name, generated.params[index]!])),
      query: generated.query,
      headers,
      body: generated.body?.body,
    };
  });
}

// --- the property ----------------------------------------------------------------------------------

const STACK_TRACE = /\n\s+at |\.tsx?:\d+|node_modules|webpack-internal/;

/** What is wrong with an answer, or undefined when it is fine. */
async function problemWith(response: Response): Promise<string | undefined> {
  if (response.status >= 500) return `answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
  if (response.status < 400) return undefined;
  const text = await response.text();
  if (STACK_TRACE.test(text)) return `a stack trace in the body: ${text.slice(0, 300)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `${response.status} without a JSON body: ${text.slice(0, 200)}`;
  }
  const error = (parsed as { error?: { code?: unknown; message?: unknown } }).error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return `${response.status} without the error envelope: ${text.slice(0, 200)}`;
  return undefined;
}

describe('every API route under fuzzing', () => {
  it('finds the routes on disk', () => {
    const names = endpoints.map((endpoint) => `${endpoint.method} ${endpoint.pattern}`);
    expect(names).toEqual(expect.arrayContaining(['GET /api/matrix', 'POST /api/snapshots', 'GET /api/snapshots/[id]', 'GET /api/controls/[id]', 'DELETE /api/waivers/[id]']));
  });

  it(`answers ${RUNS_PER_ENDPOINT} random requests per endpoint with 2xx-4xx and the error envelope`, async () => {
    for (const endpoint of endpoints) {
      await fc.assert(
        fc.asyncProperty(requestFor(endpoint), async (call) => {
          casesRun++;
          const response = await callEndpoint(endpoint, call);
          const problem = await problemWith(response);
          if (problem !== undefined) throw new Error(`${endpoint.method} ${urlPathOf(endpoint, call.params ?? {})}?${call.query ?? ''}: ${problem}`);
        }),
        { numRuns: RUNS_PER_ENDPOINT },
      );
    }
    expect(casesRun).toBe(endpoints.length * RUNS_PER_ENDPOINT);
  }, 600_000);
});
