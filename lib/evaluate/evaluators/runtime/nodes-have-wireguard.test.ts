import { describe, expect, it } from 'vitest';
import type { NodeSummary } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { nodesHaveWireguard } from './nodes-have-wireguard';

const { judge } = nodesHaveWireguard.spec;
const node = (name: string, wireguardAddress?: string): NodeSummary => ({ name, kubeletVersion: 'v1.32.0', osImage: 'Ubuntu', kernelVersion: '6.8', isReady: true, wireguardAddress });

describe('nodes-have-wireguard', () => {
  it.each([
    { state: 'every node has an interface', nodes: [node('n1', '10.0.0.1'), node('n2', '10.0.0.2')], expected: 'pass' },
    { state: 'one node without', nodes: [node('n1', '10.0.0.1'), node('n2')], expected: 'fail' },
    { state: 'no nodes listed', nodes: [], expected: 'unknown' },
  ])('$state → $expected', ({ nodes, expected }) => {
    expect(judge(nodes, {}, testEnv()).status).toBe(expected);
  });

  it('names the node without an interface', () => {
    const outcome = judge([node('n1', '10.0.0.1'), node('n2')], {}, testEnv());
    expect(outcome.summary).toBe('1 of 2 nodes have no WireGuard interface');
    expect(outcome.excerpt.offenders).toEqual([{ object: 'node n2', reason: 'no WireGuard interface address' }]);
  });
});
