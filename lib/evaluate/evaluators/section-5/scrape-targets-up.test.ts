import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { formatPercent, scrapeTargetsUp } from './scrape-targets-up';

const { judge } = scrapeTargetsUp.spec;
const params = { query: 'up' };
const targets = (up: number, down: number) => [
  ...Array.from({ length: up }, (_, index) => ({ labels: { job: 'app', instance: `up-${index}` }, value: 1 })),
  ...Array.from({ length: down }, (_, index) => ({ labels: { job: 'app', instance: `down-${index}` }, value: 0 })),
];

describe('scrape-targets-up', () => {
  it.each([
    { state: 'every target up', samples: targets(20, 0), expected: 'pass' },
    { state: 'exactly the minimum share up', samples: targets(19, 1), expected: 'pass' },
    { state: 'just below the minimum share', samples: targets(18, 1), expected: 'fail' },
    { state: 'no up series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv({ minTargetsUpShare: 0.95 })).status).toBe(expected);
  });

  it('names the down targets and states the share', () => {
    const outcome = judge({ samples: targets(18, 1), warnings: [] }, params, testEnv({ minTargetsUpShare: 0.95 }));
    expect(outcome.summary).toBe('Only 94.7 % of 19 scrape targets are up, below 95 %');
    expect(outcome.excerpt).toMatchObject({ targets: 19, minShare: 0.95, totalOffenders: 1, offenders: [{ object: 'app down-0', reason: 'target down' }] });
  });

  it.each([
    { share: 0.9523, text: '95.2 %' },
    { share: 0.57, text: '57 %' },
    { share: 0.94999, text: '94.9 %' },
  ])('formats $share as $text, never rounding up', ({ share, text }) => {
    expect(formatPercent(share)).toBe(text);
  });
});
