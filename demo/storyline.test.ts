import { describe, expect, it } from 'vitest';
import { profileFor } from './scenarios/scenario-profile';
import { DEMO_FLEET, historyTimes, HISTORY_DAYS, HOURLY_HOURS, profileAt, STORY_SIGN_OFFS } from './storyline';

const anchor = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(anchor.getTime() - days * 86_400_000);

describe('historyTimes', () => {
  const times = historyTimes(anchor);

  it('is daily for the quarter, then hourly for the last day, oldest first and before the anchor', () => {
    expect(times[0]).toEqual(daysAgo(HISTORY_DAYS));
    expect(times.at(-1)).toEqual(new Date(anchor.getTime() - 3_600_000));
    expect(times.length).toBe(HISTORY_DAYS - 1 + HOURLY_HOURS);
    expect(times.every((time, index) => index === 0 || time > times[index - 1]!)).toBe(true);
  });

  it('has at least 60 days with a snapshot, which the trends need', () => {
    expect(new Set(times.map((time) => time.toISOString().slice(0, 10))).size).toBeGreaterThanOrEqual(60);
  });
});

describe('profileAt', () => {
  it('is the scenario itself today, apart from the improvements that hold', () => {
    const today = profileAt('wc1', 'stock', anchor, anchor);
    expect(today.alertmanagerFailing).toBe(profileFor('stock').alertmanagerFailing);
    expect(today.kured).toBe('running');
  });

  it('has the bad deploy on wc1 forty days ago, fixed step by step', () => {
    expect(profileAt('wc1', 'stock', daysAgo(40), anchor).alertmanagerFailing).toBe(true);
    expect(profileAt('wc1', 'stock', daysAgo(38), anchor).alertmanagerFailing).toBe(false);
    expect(profileAt('wc1', 'stock', daysAgo(38), anchor).falcoEventPriority).toBe('Critical');
    expect(profileAt('wc1', 'stock', daysAgo(36), anchor).criticalImages['payments/ledger']).toBe(3);
    expect(profileAt('wc1', 'stock', daysAgo(34), anchor).criticalImages['payments/ledger']).toBeUndefined();
    expect(profileAt('wc2', 'stock', daysAgo(40), anchor).alertmanagerFailing).toBe(false);
  });

  it('lets the wildcard certificate run down until it is renewed twelve days ago', () => {
    const daysLeft = (days: number) => profileAt('mgmt', 'stock', daysAgo(days), anchor).certificateDaysLeft?.['ingress-nginx/wildcard-demo-example-com'];
    expect(daysLeft(30)).toBe(32);
    expect(daysLeft(13)).toBe(15);
    expect(daysLeft(11)).toBeUndefined();
  });

  it('changes nothing for a cluster outside the storyline (the single demo cluster)', () => {
    expect(profileAt('demo', 'degraded', daysAgo(40), anchor)).toEqual(profileFor('degraded'));
  });
});

describe('the story sign-offs', () => {
  it('belong to fleet clusters and include one that expired and one that expires within 14 days', () => {
    const names = DEMO_FLEET.map((cluster) => cluster.name);
    expect(STORY_SIGN_OFFS.every((signOff) => names.includes(signOff.cluster))).toBe(true);
    expect(STORY_SIGN_OFFS.some((signOff) => signOff.expiresInDays < 0)).toBe(true);
    expect(STORY_SIGN_OFFS.some((signOff) => signOff.expiresInDays > 0 && signOff.expiresInDays <= 14)).toBe(true);
  });
});
