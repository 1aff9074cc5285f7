import { describe, expect, it } from 'vitest';
import { sourceLinkFor, sourceUiBases } from './source-links';

const observedAt = '2026-11-29T19:33:12.000Z';

describe('sourceUiBases', () => {
  const cluster = { sources: { prometheus: { url: 'https://prom.example.com', token: 'secret-token', skipTlsVerify: false }, harbor: { url: 'https://harbor.example.com', skipTlsVerify: false } } };

  it('uses the source URLs, and the UI settings where they are given', () => {
    expect(sourceUiBases(cluster, {})).toEqual({ prometheus: 'https://prom.example.com', harbor: 'https://harbor.example.com', opensearchDashboards: undefined });
    expect(sourceUiBases(cluster, { prometheus: 'https://grafana.example.com/prometheus', opensearchDashboards: 'https://logs.example.com' })).toMatchObject({
      prometheus: 'https://grafana.example.com/prometheus',
      opensearchDashboards: 'https://logs.example.com',
    });
  });

  it('has no UI for the demo cluster (no sources configured)', () => {
    expect(sourceUiBases(undefined, {})).toEqual({ prometheus: undefined, harbor: undefined, opensearchDashboards: undefined });
  });
});

describe('sourceLinkFor', () => {
  const bases = { prometheus: 'https://prom.example.com', harbor: 'https://harbor.example.com', opensearchDashboards: 'https://logs.example.com' };

  it('opens the exact PromQL in the Prometheus graph page, table tab, at the time it was observed', () => {
    const link = sourceLinkFor(bases, { source: 'prometheus', query: 'sum by (instance) (increase(x{job=~"a.*"}[10m])) > 0', observedAt });
    const url = new URL(link?.href ?? '');
    expect(url.origin + url.pathname).toBe('https://prom.example.com/graph');
    expect(url.searchParams.get('g0.expr')).toBe('sum by (instance) (increase(x{job=~"a.*"}[10m])) > 0');
    expect(url.searchParams.get('g0.tab')).toBe('1');
    expect(url.searchParams.get('g0.moment_input')).toBe('2026-11-29 19:33:12');
    expect(link?.href).not.toContain('+');
  });

  it('links Harbor checks to the projects page and OpenSearch checks to Discover for the day before', () => {
    expect(sourceLinkFor(bases, { source: 'harbor', query: 'GET /api/v2.0/projects', observedAt })?.href).toBe('https://harbor.example.com/harbor/projects');
    expect(sourceLinkFor(bases, { source: 'opensearch', query: 'GET /_cluster/health', observedAt })?.href).toBe(
      "https://logs.example.com/app/discover#/?_g=(time:(from:'2026-11-28T19:33:12.000Z',to:'2026-11-29T19:33:12.000Z'))",
    );
  });

  it('has no link without a configured UI, or for the Kubernetes API', () => {
    expect(sourceLinkFor({}, { source: 'prometheus', query: 'up', observedAt })).toBeNull();
    expect(sourceLinkFor(bases, { source: 'kubernetes', query: 'GET /api/v1/pods', observedAt })).toBeNull();
  });

  it('never carries more than the base URL, a path and the query', () => {
    const link = sourceLinkFor(bases, { source: 'prometheus', query: 'up', observedAt });
    expect(new URL(link?.href ?? '').username).toBe('');
    expect(new URL(link?.href ?? '').password).toBe('');
  });
});
