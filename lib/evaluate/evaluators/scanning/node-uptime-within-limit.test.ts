import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { nodeUptimeWithinLimit } from './node-uptime-within-limit';

const { judge } = nodeUptimeWithinLimit.spec;
const DAY = 86_400;
const params = { query: 'max by (instance) (time() - node_boot_time_seconds)', nodeLabel: 'instance' };
const node = (name: string, days: number) => ({ labels: { instance: name }, value: days * DAY });

describe('node-uptime-within-limit', () => {
  it.each([
    { state: 'recent reboots', samples: [node('n1', 3), node('n2', 30)], limit: 30, expected: 'pass', summary: 'All 2 nodes rebooted within 30 days' },
    { state: 'one node past the limit', samples: [node('n1', 3), node('n2', 45.5)], limit: 30, expected: 'fail', summary: '1 of 2 nodes up longer than 30 days' },
    { state: 'a tighter limit', samples: [node('n1', 20)], limit: 14, expected: 'fail', summary: '1 of 1 node up longer than 14 days' },
    { state: 'no series', samples: [], limit: 30, expected: 'unknown', summary: 'No node_boot_time_seconds series: node-exporter reports nothing' },
  ])('$state → $expected', ({ samples, limit, expected, summary }) => {
    const outcome = judge({ samples, warnings: [] }, params, testEnv({ maxRebootPendingDays: limit }));
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('names the node and its whole days of uptime', () => {
    expect(judge({ samples: [node('n2', 45.5)], warnings: [] }, params, testEnv()).excerpt).toEqual({
      nodes: 1,
      limitDays: 30,
      warnings: [],
      offenders: [{ object: 'node n2', reason: 'up 45 days' }],
      totalOffenders: 1,
    });
  });
});
