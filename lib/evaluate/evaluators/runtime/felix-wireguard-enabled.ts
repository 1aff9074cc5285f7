import { z } from 'zod';
import type { CustomResourceList, FelixConfigurationSummary } from '@/lib/sources/types';
import { defineEvaluator } from '../../evaluator';

export const felixWireguardEnabled = defineEvaluator({
  name: 'felix-wireguard-enabled',
  source: 'kubernetes',
  description: 'Calico’s default FelixConfiguration enables WireGuard; a cluster that does not serve FelixConfigurations warns.',
  params: z.object({}).strict(),
  reads: ['felixConfigurations'],
  query: () => 'GET /apis/crd.projectcalico.org/v1/felixconfigurations → default: spec.wireguardEnabled',
  read: async (sources): Promise<CustomResourceList<FelixConfigurationSummary>> => sources.felixConfigurations(),
  judge: (configurations) => {
    if (!configurations.isInstalled) return { status: 'warn', summary: 'Calico FelixConfiguration is not served: node-to-node encryption cannot be shown', excerpt: { isInstalled: false } };
    // Calico applies the configuration named `default` cluster-wide
    const defaultConfiguration = configurations.items.find((item) => item.name === 'default');
    const excerpt = { configurations: configurations.items.map((item) => ({ name: item.name, wireguardEnabled: item.isWireguardEnabled })) };
    if (!defaultConfiguration) return { status: 'fail', summary: 'No default FelixConfiguration: WireGuard is off', excerpt };
    return defaultConfiguration.isWireguardEnabled
      ? { status: 'pass', summary: 'Calico WireGuard encryption is enabled', excerpt }
      : { status: 'fail', summary: 'Calico WireGuard encryption is disabled', excerpt };
  },
});
