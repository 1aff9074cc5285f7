import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { falcoDrops } from './falco-drops';

const { judge } = falcoDrops.spec;
const params = { query: 'sum(increase(falcosecurity_scap_n_drops_total[1h]))' };

describe('falco-drops', () => {
  it.each([
    { state: 'no drops', samples: [{ labels: {}, value: 0 }], expected: 'pass' },
    { state: 'a fraction that rounds to 0', samples: [{ labels: {}, value: 0.4 }], expected: 'pass' },
    { state: 'drops', samples: [{ labels: {}, value: 7.6 }], expected: 'warn' },
    { state: 'no series: Falco is not scraped', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('records the rounded drops', () => {
    const outcome = judge({ samples: [{ labels: {}, value: 7.6 }], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('Falco dropped 8 events in the last hour');
    expect(outcome.excerpt).toEqual({ dropsLastHour: 8, warnings: [] });
  });
});
