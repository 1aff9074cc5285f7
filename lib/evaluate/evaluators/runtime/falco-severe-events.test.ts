import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { falcoSevereEvents } from './falco-severe-events';

const { judge } = falcoSevereEvents.spec;
const params = {
  query: 'sum by (rule, priority, k8s_ns_name, k8s_pod_name) (increase(falcosecurity_falcosidekick_falco_events_total[1h]))',
  ruleLabel: 'rule',
  priorityLabel: 'priority',
  namespaceLabel: 'k8s_ns_name',
  podLabel: 'k8s_pod_name',
  severePriorities: ['Critical', 'Alert', 'Emergency'],
};
const event = (pod: string, value: number, priority = 'Critical') => ({ labels: { rule: 'Terminal shell in container', priority, k8s_ns_name: 'shop', k8s_pod_name: pod }, value });

describe('falco-severe-events', () => {
  it.each([
    { state: 'Falco scraped, only a Notice event', samples: [event('grafana', 3, 'Notice')], expected: 'pass' },
    { state: 'a Critical counter that did not grow in the window', samples: [event('web-1', 0), event('grafana', 3, 'Notice')], expected: 'pass' },
    { state: 'one pod with a severe event', samples: [event('web-1', 2)], expected: 'fail' },
    { state: 'two pods with severe events, priorities in any case', samples: [event('web-1', 2), event('web-2', 1, 'alert')], expected: 'fail' },
    // no counter at all: Falco is not scraped, which proves nothing
    { state: 'no event counter at all', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('names the pod, the rule and the priority', () => {
    const outcome = judge({ samples: [event('web-1', 2.2), event('grafana', 3, 'Notice')], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('1 pod raised severe Falco events in the window');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'shop/web-1', rule: 'Terminal shell in container', priority: 'Critical', reason: '2 × Critical: Terminal shell in container' }]);
  });
});
