import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

// Property-based: whatever value a variable holds, start-up either accepts it or stops with a
// ConfigError that names that variable — never another exception, never the value of a secret.
// (config.test.ts has the worked examples.)

/** Values near the valid ones and far from them. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 15 }),
  fc.integer({ min: -100_000, max: 100_000 }).map(String),
  fc.double().map(String),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom('', ' ', 'true', 'false', '0', '1', '15m', '1s', '0s', '1h30m', '10ms', '99999999d', 'postgres://', 'postgresql://u:p@h:5432/db', 'http://', 'https://user:pw@example.com', 'ftp://example.com', 'demo', 'Not A Name', '-', 'a'.repeat(64), '%', 'http://[::1', 'https://exa mple.com'),
);

// The variables loadConfig validates, each with what else must be set for it to be read.
const VARIABLES: [name: string, context: Record<string, string>][] = [
  ['PORT', {}],
  ['LOG_LEVEL', {}],
  ['DATABASE_URL', {}],
  ['REFMAP_COLLECT_INTERVAL', {}],
  ['REFMAP_SOURCE_TIMEOUT', {}],
  ['REFMAP_DATABASE_START_ATTEMPTS', {}],
  ['REFMAP_DATABASE_START_BACKOFF', {}],
  ['REFMAP_DEMO_SCENARIO', {}],
  ['REFMAP_DEMO_FLEET', {}],
  ['REFMAP_CLUSTER_NAME', {}],
  ['PROMETHEUS_URL', {}],
  ['OPENSEARCH_URL', {}],
  ['HARBOR_URL', {}],
  ['KUBERNETES_API_URL', {}],
  ['REFMAP_PROMETHEUS_INSECURE_SKIP_TLS_VERIFY', { PROMETHEUS_URL: 'https://prometheus.example.com' }],
  ['REFMAP_PUBLIC_URL', {}],
  ['REFMAP_PROMETHEUS_UI_URL', {}],
  ['REFMAP_OPENSEARCH_DASHBOARDS_URL', {}],
];

function outcomeOf(env: Record<string, string>): 'ok' | ConfigError {
  try {
    loadConfig(env, { cwd: '/srv/refmap' });
    return 'ok';
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
}

describe('loadConfig with any value', () => {
  it.each(VARIABLES)('accepts %s or stops naming it', (name, context) => {
    fc.assert(
      fc.property(anyValue, (value) => {
        const outcome = outcomeOf({ ...context, [name]: value });
        if (outcome === 'ok') return;
        expect(outcome.variable).toBe(name);
        expect(outcome.message).toMatch(new RegExp(`^Invalid configuration: ${name}: .+`));
      }),
      { numRuns: 300 },
    );
  });

  it.each(['PROMETHEUS_TOKEN', 'REFMAP_SESSION_SECRET', 'HARBOR_PASSWORD', 'REFMAP_METRICS_TOKEN'])('never repeats the value of the secret %s', (name) => {
    fc.assert(
      fc.property(fc.string({ minLength: 6, maxLength: 40 }).filter((value) => value.trim().length >= 6), anyValue, (secret, other) => {
        // the secret beside a bad setting, or given twice (directly and as a file)
        for (const env of [
          { [name]: secret, PROMETHEUS_URL: 'https://p.example.com', HARBOR_URL: 'https://h.example.com', HARBOR_USERNAME: 'robot', PORT: other },
          { [name]: secret, [`${name}_FILE`]: '/nonexistent', PROMETHEUS_URL: 'https://p.example.com', HARBOR_URL: 'https://h.example.com', HARBOR_USERNAME: 'robot' },
        ]) {
          const outcome = outcomeOf(env);
          if (outcome !== 'ok') expect(outcome.message).not.toContain(secret.trim());
        }
      }),
      { numRuns: 200 },
    );
  });
});
