import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceError } from '@/lib/sources/source-error';
import { describeFailureModes } from '@/lib/sources/test-support/failure-modes';
import { readFixture, startFixtureServer, type FixtureServer } from '@/lib/sources/test-support/fixture-server';
import { createPrometheusClient } from './client';

const here = import.meta.dirname;

/** JSON has no NaN: expected files write it as the string "NaN". */
function readExpected<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(here, 'fixtures', name), 'utf8'), (_key, value: unknown) => (value === 'NaN' ? Number.NaN : value)) as T;
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serveFixture(name: string, status = 200): Promise<string> {
  server = await startFixtureServer(() => ({ status, json: readFixture(here, name) }));
  return server.url;
}

describe('prometheus instantQuery', () => {
  it('normalises a vector answer and surfaces warnings', async () => {
    const url = await serveFixture('query-vector.json');
    const at = new Date('2024-06-01T10:00:00Z');
    const result = await createPrometheusClient({ url, skipTlsVerify: false }, { timeoutMs: 1000 }).instantQuery('up{job=~"fluentd.*"}', at);
    expect({ samples: result.samples, warnings: result.warnings }).toEqual(readExpected('instant-vector.expected.json'));
    expect(result.evaluatedAt).toEqual(at);
  });

  it('POSTs the query and the evaluation time as a form', async () => {
    const url = await serveFixture('query-vector.json');
    await createPrometheusClient({ url, skipTlsVerify: false }, { timeoutMs: 1000 }).instantQuery('up == 0', new Date('2024-06-01T10:00:00Z'));
    const request = server!.requests[0]!;
    expect(request.method).toBe('POST');
    expect(request.rawPath).toBe('/api/v1/query');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ query: 'up == 0', time: '1717236000.000' });
  });

  it('turns a scalar into one sample without labels', async () => {
    const url = await serveFixture('query-scalar.json');
    const result = await createPrometheusClient({ url, skipTlsVerify: false }, { timeoutMs: 1000 }).instantQuery('scalar(time() - node_boot_time_seconds)');
    expect(result.samples).toEqual([{ labels: {}, value: 86400 }]);
  });

  it('calls a matrix answer to an instant query a parse error', async () => {
    const url = await serveFixture('query-matrix.json');
    const error = await createPrometheusClient({ url, skipTlsVerify: false }, { timeoutMs: 1000 }).instantQuery('up[5m]').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ kind: 'parse', path: '/api/v1/query' });
    expect((error as SourceError).message).toContain('got matrix');
  });

  it('reports a rejected query with Prometheus own explanation', async () => {
    const url = await serveFixture('query-error.json', 400);
    const error = await createPrometheusClient({ url, skipTlsVerify: false }, { timeoutMs: 1000 }).instantQuery('sum(up))').catch((e: unknown) => e);
    expect(error).toMatchObject({ source: 'prometheus', kind: 'http', status: 400 });
    expect((error as SourceError).message).toContain('bad_data');
    expect(server!.requests).toHaveLength(1);
  });
});

describe('prometheus rangeQuery', () => {
  const range = { start: new Date('2024-06-01T09:00:00Z'), end: new Date('2024-06-01T10:00:00Z'), stepSeconds: 1800 };

  it('normalises a matrix answer, with infos among the warnings', async () => {
    const url = await serveFixture('query-matrix.json');
    const result = await createPrometheusClient({ url, skipTlsVerify: false }, { timeoutMs: 1000 }).rangeQuery('ALERTS{alertstate="firing"}', range);
    expect({ series: result.series, warnings: result.warnings, stepSeconds: result.stepSeconds }).toEqual(readExpected('range-matrix.expected.json'));
    const request = server!.requests[0]!;
    expect(request.rawPath).toBe('/api/v1/query_range');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      query: 'ALERTS{alertstate="firing"}',
      start: '1717232400.000',
      end: '1717236000.000',
      step: '1800',
    });
  });

  it('calls a vector or a scalar answer to a range query a parse error', async () => {
    for (const fixture of ['query-vector.json', 'query-scalar.json']) {
      const url = await serveFixture(fixture);
      const error = await createPrometheusClient({ url, skipTlsVerify: false }, { timeoutMs: 1000 }).rangeQuery('up', range).catch((e: unknown) => e);
      expect(error, fixture).toMatchObject({ kind: 'parse', path: '/api/v1/query_range' });
      await server!.close();
      server = undefined;
    }
  });
});

describeFailureModes({
  source: 'prometheus',
  auth: 'token',
  call: (connection, timeoutMs) => createPrometheusClient(connection, { timeoutMs }).instantQuery('up'),
  answer: () => ({ json: readFixture(here, 'query-vector.json') }),
});
