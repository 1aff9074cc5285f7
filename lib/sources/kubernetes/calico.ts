import 'server-only';
import { z } from 'zod';
import type { CustomResourceList, FelixConfigurationSummary } from '@/lib/sources/types';
import { listCustomResources } from './custom-resources';
import type { KubernetesContext } from './request';

// Calico FelixConfiguration (crd.projectcalico.org/v1): the `default` object holds cluster-wide settings.
const felixConfigurationSchema = z.object({
  metadata: z.object({ name: z.string() }),
  spec: z.object({ wireguardEnabled: z.boolean().optional(), wireguardEnabledV6: z.boolean().optional() }).nullish(),
});

function toFelixConfigurationSummary(configuration: z.infer<typeof felixConfigurationSchema>): FelixConfigurationSummary {
  return {
    name: configuration.metadata.name,
    isWireguardEnabled: configuration.spec?.wireguardEnabled === true,
    isWireguardV6Enabled: configuration.spec?.wireguardEnabledV6 === true,
  };
}

export function listFelixConfigurations(context: KubernetesContext): Promise<CustomResourceList<FelixConfigurationSummary>> {
  return listCustomResources(context, { group: 'crd.projectcalico.org', version: 'v1', plural: 'felixconfigurations' }, {
    schema: felixConfigurationSchema,
    toSummary: toFelixConfigurationSummary,
    pageSize: 100,
  });
}
