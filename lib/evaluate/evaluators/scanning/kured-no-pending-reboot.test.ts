import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { kuredNoPendingReboot } from './kured-no-pending-reboot';

const { judge } = kuredNoPendingReboot.spec;
const params = { query: 'max by (node) (kured_reboot_required)', nodeLabel: 'node' };
const node = (name: string, value: number) => ({ labels: { node: name }, value });

describe('kured-no-pending-reboot', () => {
  it.each([
    { state: 'no node waits', samples: [node('n1', 0), node('n2', 0)], expected: 'pass', summary: 'kured reports no pending reboot on 2 nodes' },
    { state: 'one node waits', samples: [node('n1', 1), node('n2', 0)], expected: 'warn', summary: '1 of 2 nodes wait for a reboot' },
    { state: 'kured not reporting', samples: [], expected: 'warn', summary: 'kured is not reporting: reboots after security updates are not automated' },
  ])('$state → $expected', ({ samples, expected, summary }) => {
    const outcome = judge({ samples, warnings: [] }, params, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('names the waiting nodes by the label of its params', () => {
    const outcome = judge({ samples: [{ labels: { instance: 'n9' }, value: 1 }], warnings: [] }, { ...params, nodeLabel: 'instance' }, testEnv());
    expect(outcome.excerpt).toEqual({ nodes: 1, warnings: [], offenders: [{ object: 'node n9', reason: 'reboot required' }], totalOffenders: 1 });
  });
});
