import { z } from 'zod';
import type { NodeSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';
import { countPhrase } from '../../offenders';
import { minorOf } from '../../rules/versions';

export const kubeletVersionsAligned = defineEvaluator({
  name: 'kubelet-versions-aligned',
  source: 'kubernetes',
  description: 'Every node runs the same kubelet minor version.',
  params: z.object({}).strict(),
  reads: ['nodes'],
  query: () => 'GET /api/v1/nodes → status.nodeInfo.kubeletVersion',
  read: async (sources): Promise<NodeSummary[]> => sources.nodes(),
  judge: (nodes) => {
    if (nodes.length === 0) return { status: 'unknown', summary: 'The API lists no nodes: check the account’s permissions', excerpt: { nodes: 0 } };
    const byMinor = new Map<string, string[]>();
    for (const node of nodes) {
      const key = `1.${minorOf(node.kubeletVersion) ?? '?'}`;
      byMinor.set(key, [...(byMinor.get(key) ?? []), node.name]);
    }
    const excerpt = { nodes: nodes.length, kubeletMinorVersions: Object.fromEntries([...byMinor].map(([minor, names]) => [minor, names.length])) };
    return byMinor.size === 1
      ? { status: 'pass', summary: `All ${countPhrase(nodes.length, 'node')} run kubelet ${[...byMinor.keys()][0]}`, excerpt }
      : { status: 'warn', summary: `Nodes run ${byMinor.size} kubelet minor versions (${[...byMinor.keys()].join(', ')}): an upgrade is unfinished`, excerpt };
  },
});
