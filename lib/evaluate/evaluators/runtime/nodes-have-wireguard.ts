import { z } from 'zod';
import type { NodeSummary } from '@/lib/sources/types';
import type { Offender } from '../../types';
import { defineEvaluator } from '../../evaluator';
import { capOffenders, countPhrase } from '../../offenders';

export const nodesHaveWireguard = defineEvaluator({
  name: 'nodes-have-wireguard',
  source: 'kubernetes',
  description: 'Every node carries Calico’s WireGuard interface address annotation; no nodes at all is unknown.',
  params: z.object({}).strict(),
  reads: ['nodes'],
  query: () => 'GET /api/v1/nodes → metadata.annotations["projectcalico.org/IPv4WireguardInterfaceAddr"]',
  read: async (sources): Promise<NodeSummary[]> => sources.nodes(),
  judge: (nodes, _params, { settings }) => {
    if (nodes.length === 0) return { status: 'unknown', summary: 'The API lists no nodes', excerpt: { nodes: 0 } };
    const offenders: Offender[] = nodes.filter((node) => !node.wireguardAddress).map((node) => ({ object: `node ${node.name}`, reason: 'no WireGuard interface address' }));
    const excerpt = { nodes: nodes.length, ...capOffenders(offenders, settings.maxOffendersPerCheck) };
    return offenders.length === 0
      ? { status: 'pass', summary: `All ${countPhrase(nodes.length, 'node')} have a WireGuard interface`, excerpt }
      : { status: 'fail', summary: `${offenders.length} of ${countPhrase(nodes.length, 'node')} have no WireGuard interface`, excerpt };
  },
});
