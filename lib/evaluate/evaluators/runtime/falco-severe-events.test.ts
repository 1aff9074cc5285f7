import { describe, expect, it } from 'vitest';
import { testEnv } from '../../test-env';
import { falcoSevereEvents } from './falco-severe-events';

const { judge } = falcoSevereEvents.spec;
const params = {
  query: 'sum by (rule, priority, k8s_ns_name, k8s_pod_name) (increase(falcosecurity_falcosidekick_falco_events_total{priority=~"Critical|Alert|Emergency"}[1h])) > 0',
  ruleLabel: 'rule',
  priorityLabel: 'priority',
  namespaceLabel: 'k8s_ns_name',
  podLabel: 'k8s_pod_name',
};
const event = (pod: string, value: number) => ({ labels: { rule: 'Terminal shell in container', priority: 'Critical', k8s_ns_name: 'shop', k8s_pod_name: pod }, value });

describe('falco-severe-events', () => {
  it.each([
    // an empty answer passes here; falco-drops in the same control makes "Falco not scraped" unknown
    { state: 'no severe event', samples: [], expected: 'pass' },
    { state: 'one pod with a severe event', samples: [event('web-1', 2)], expected: 'fail' },
    { state: 'two pods with severe events', samples: [event('web-1', 2), event('web-2', 1)], expected: 'fail' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('names the pod, the rule and the priority', () => {
    const outcome = judge({ samples: [event('web-1', 2.2)], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('1 pod raised severe Falco events in the last hour');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'shop/web-1', rule: 'Terminal shell in container', priority: 'Critical', reason: '2 × Critical: Terminal shell in container' }]);
  });

  it('shows ? for labels a series lacks', () => {
    const outcome = judge({ samples: [{ labels: {}, value: 1 }], warnings: [] }, params, testEnv());
    expect(outcome.excerpt.offenders).toEqual([{ object: '?/?', rule: '?', priority: '?', reason: '1 × ?: ?' }]);
  });
});
