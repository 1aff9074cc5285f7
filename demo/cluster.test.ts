import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoCluster, startDemoCluster } from './index';

const NOW = new Date('2026-01-01T00:00:00Z');
const started: DemoCluster[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((cluster) => cluster.stop()));
});

async function start(options: Parameters<typeof startDemoCluster>[0]): Promise<DemoCluster> {
  const cluster = await startDemoCluster(options);
  started.push(cluster);
  return cluster;
}

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

function prometheusUp(cluster: DemoCluster): Promise<Response> {
  return fetch(`${cluster.urls.prometheus}/api/v1/query?query=up`, { headers: { authorization: `Bearer ${cluster.credentials.prometheusToken}` } });
}

describe('startDemoCluster', () => {
  it('serves four loopback URLs without trailing slashes', async () => {
    const cluster = await start({ scenario: 'healthy', now: NOW });
    expect(Object.keys(cluster.urls).sort()).toEqual(['harbor', 'kubernetes', 'opensearch', 'prometheus']);
    for (const url of Object.values(cluster.urls)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(Object.values(cluster.urls)).size).toBe(4);
    expect(cluster.scenario).toBe('healthy');
    expect(cluster.dataset.scenario).toBe('healthy');
  });

  it('makes new random credentials on every start', async () => {
    const first = await start({ scenario: 'stock', now: NOW });
    const second = await start({ scenario: 'stock', now: NOW });
    expect(first.credentials.prometheusToken).not.toBe(second.credentials.prometheusToken);
    expect(first.credentials.harborPassword).not.toBe(second.credentials.harborPassword);
    expect(first.credentials.kubernetesToken.length).toBeGreaterThanOrEqual(32);
    const crossed = await fetch(`${first.urls.prometheus}/api/v1/query?query=up`, { headers: { authorization: `Bearer ${second.credentials.prometheusToken}` } });
    expect(crossed.status).toBe(401);
  });

  it('starts the degraded scenario with OpenSearch down, unless told otherwise', async () => {
    const degraded = await start({ scenario: 'degraded', now: NOW });
    expect(await connectionError(`${degraded.urls.opensearch}/`)).toBe('ECONNREFUSED');
    expect((await prometheusUp(degraded)).status).toBe(200);
    const overridden = await start({ scenario: 'degraded', now: NOW, faults: { opensearch: undefined } });
    const health = await fetch(`${overridden.urls.opensearch}/_cluster/health`, {
      headers: { authorization: `Basic ${Buffer.from(`${overridden.credentials.opensearchUsername}:${overridden.credentials.opensearchPassword}`).toString('base64')}` },
    });
    expect(health.status).toBe(200);
  });

  it('applies faults given at start and changed at run time', async () => {
    const cluster = await start({ scenario: 'stock', now: NOW, faults: { prometheus: 'http500' } });
    expect((await prometheusUp(cluster)).status).toBe(500);
    cluster.setFault('prometheus', 'unauthorized');
    expect((await prometheusUp(cluster)).status).toBe(401);
    cluster.setFault('prometheus', undefined);
    expect((await prometheusUp(cluster)).status).toBe(200);
  });

  it('frees every port on stop, even with slow answers pending', async () => {
    const cluster = await startDemoCluster({ scenario: 'stock', now: NOW, faults: { kubernetes: 'slow' }, slowMs: 60_000 });
    const pending = connectionError(`${cluster.urls.kubernetes}/version`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await cluster.stop();
    expect(await pending).toBe('ECONNRESET');
    for (const url of Object.values(cluster.urls)) expect(await connectionError(url)).toBe('ECONNREFUSED');
  });
});
