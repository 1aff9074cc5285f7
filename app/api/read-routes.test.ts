import { beforeAll, describe, expect, it, vi } from 'vitest';
import { TEST_SESSION_SECRET } from '@/lib/auth/test-sessions';
import { callEndpoint, findApiEndpoints, type ApiEndpoint } from '@/lib/testing/api-routes';

// Every handler checks the session itself, reads as well as writes: a route that the proxy's table
// missed (or a proxy bypassed) still answers 401 without one. Only the sign-in flow, the health
// probe and the token-guarded metrics and chain head answer the anonymous.

const PUBLIC = new Set(['/api/health', '/api/metrics', '/api/chain-head', '/api/auth/signin', '/api/auth/callback', '/api/auth/local', '/api/auth/session', '/api/auth/signout']);
let endpoints: ApiEndpoint[];

beforeAll(async () => {
  vi.stubEnv('REFMAP_SESSION_SECRET', TEST_SESSION_SECRET);
  vi.stubEnv('DATABASE_URL', 'postgresql://nobody@127.0.0.1:1/none');
  endpoints = (await findApiEndpoints()).filter((endpoint) => !PUBLIC.has(endpoint.pattern));
}, 60_000);

describe('route handlers without a session', () => {
  it('answer 401 on every non-public route, reads included, before touching the database', async () => {
    expect(endpoints.filter((endpoint) => endpoint.method === 'GET').length).toBeGreaterThanOrEqual(10);
    const params = { id: '01900000-0000-7000-8000-000000000000' };
    const statuses = await Promise.all(endpoints.map(async (endpoint) => [`${endpoint.method} ${endpoint.pattern}`, (await callEndpoint(endpoint, { params })).status] as const));
    expect(statuses.filter(([, status]) => status !== 401)).toEqual([]);
  });
});
