import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { certificatesNotExpiring } from './certificates-not-expiring';

const { judge } = certificatesNotExpiring.spec;
const DAY = 86_400;
const params = { query: 'certmanager_certificate_expiration_timestamp_seconds - time()', namespaceLabel: 'namespace', nameLabel: 'name' };
const certificate = (name: string, remainingSeconds: number) => ({ labels: { namespace: 'ingress', name }, value: remainingSeconds });

describe('certificates-not-expiring', () => {
  it.each([
    { state: 'every certificate valid beyond the limit', samples: [certificate('web', 60 * DAY), certificate('api', 20 * DAY)], expected: 'pass' },
    { state: 'a certificate inside the limit', samples: [certificate('web', 60 * DAY), certificate('api', 19 * DAY)], expected: 'fail' },
    { state: 'an expired certificate', samples: [certificate('web', -2 * DAY)], expected: 'fail' },
    { state: 'no series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv({ minCertificateValidityDays: 20 })).status).toBe(expected);
  });

  it('says how long until, or since, expiry', () => {
    const outcome = judge({ samples: [certificate('web', 5.5 * DAY), certificate('old', -1.2 * DAY)], warnings: [] }, params, testEnv({ minCertificateValidityDays: 20 }));
    expect(outcome.summary).toBe('2 of 2 certificates expire within 20 days or have expired');
    expect(outcome.excerpt).toEqual({
      certificates: 2,
      limitDays: 20,
      warnings: [],
      totalOffenders: 2,
      offenders: [
        { object: 'ingress/old', reason: 'expired 1 day ago' },
        { object: 'ingress/web', reason: 'expires in 5 days' },
      ],
    });
  });
});
