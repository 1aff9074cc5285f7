import { describe, expect, it } from 'vitest';
import { loadConfig } from '@/lib/config';
import { hasValidMetricsToken } from './request-auth';

const scrape = (headers: Record<string, string> = {}) => new Request('http://refmap.test/api/metrics', { headers });

describe('the metrics token', () => {
  it('is required in production: without one configured, nobody gets the metrics', () => {
    expect(hasValidMetricsToken(scrape(), loadConfig({ NODE_ENV: 'production', REFMAP_DEMO: 'true' }))).toBe(false);
    expect(hasValidMetricsToken(scrape({ authorization: 'Bearer anything' }), loadConfig({ NODE_ENV: 'production', REFMAP_DEMO: 'true' }))).toBe(false);
  });

  it('is checked when configured, and optional outside production', () => {
    const config = loadConfig({ NODE_ENV: 'production', REFMAP_METRICS_TOKEN: 'scrape-token' });
    expect(hasValidMetricsToken(scrape({ authorization: 'Bearer scrape-token' }), config)).toBe(true);
    expect(hasValidMetricsToken(scrape({ authorization: 'Bearer scrape-tokem' }), config)).toBe(false);
    expect(hasValidMetricsToken(scrape(), loadConfig({ NODE_ENV: 'development' }))).toBe(true);
  });
});
