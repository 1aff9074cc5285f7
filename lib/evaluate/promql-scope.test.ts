import { describe, expect, it } from 'vitest';
import { scopePromQl } from './promql-scope';

const wc1 = { cluster: 'wc1' };

describe('scopePromQl', () => {
  it.each([
    ['up', 'up{cluster="wc1"}'],
    ['up{job="kubelet"}', 'up{job="kubelet",cluster="wc1"}'],
    ['up{}', 'up{cluster="wc1"}'],
    ['sum by (node) (up{job="kubelet"})', 'sum by (node) (up{job="kubelet",cluster="wc1"})'],
    ['count by (kubelet_version) (kube_node_info)', 'count by (kubelet_version) (kube_node_info{cluster="wc1"})'],
    ['time() - max(gatekeeper_audit_last_run_time)', 'time() - max(gatekeeper_audit_last_run_time{cluster="wc1"})'],
    ['increase(falco_events_total{priority=~"Critical|Alert"}[1h]) > 0', 'increase(falco_events_total{priority=~"Critical|Alert",cluster="wc1"}[1h]) > 0'],
    ['{__name__=~"gatekeeper_.*"}', '{__name__=~"gatekeeper_.*",cluster="wc1"}'],
    ['max_over_time(up[3h:5m])', 'max_over_time(up{cluster="wc1"}[3h:5m])'],
    ['a / on(instance) group_left(node) b', 'a{cluster="wc1"} / on(instance) group_left(node) b{cluster="wc1"}'],
    ['label_replace(vector(1), "rule", "x y", "", "")', 'label_replace(vector(1), "rule", "x y", "", "")'],
    ['count(up == 1) / count(up)', 'count(up{cluster="wc1"} == 1) / count(up{cluster="wc1"})'],
    ['up offset 5m', 'up{cluster="wc1"} offset 5m'],
    ['certmanager_x - time() < 1e3', 'certmanager_x{cluster="wc1"} - time() < 1e3'],
    ['up{cluster="wc1"}', 'up{cluster="wc1"}'],
    ['sum without (pod) (rate(x_total{job="a"}[5m]))', 'sum without (pod) (rate(x_total{job="a",cluster="wc1"}[5m]))'],
  ])('%s → %s', (query, expected) => {
    expect(scopePromQl(query, wc1)).toEqual({ isScoped: true, query: expected });
  });

  it('does not touch label names inside strings or grouping lists', () => {
    expect(scopePromQl('sum by (up) (x{a="up"})', wc1)).toEqual({ isScoped: true, query: 'sum by (up) (x{a="up",cluster="wc1"})' });
  });

  it('says when a query cannot be scoped instead of guessing', () => {
    expect(scopePromQl('up{cluster="wc2"}', wc1)).toMatchObject({ isScoped: false, reason: expect.stringContaining('contradicts cluster="wc1"') });
    expect(scopePromQl('up{job="a"', wc1)).toMatchObject({ isScoped: false });
    expect(scopePromQl('up{cluster=~"wc.*"}', wc1)).toMatchObject({ isScoped: false });
  });

  it('leaves a query alone when there is nothing to add', () => {
    expect(scopePromQl('up', {})).toEqual({ isScoped: true, query: 'up' });
  });
});
