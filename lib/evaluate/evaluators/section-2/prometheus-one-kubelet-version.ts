import { definePromEvaluator, promQueryParams } from '../../rules/prometheus';
import { minorOf } from '../../rules/versions';

export const prometheusOneKubeletVersion = definePromEvaluator({
  name: 'prometheus-one-kubelet-version',
  description: 'kube-state-metrics reports one kubelet minor version across nodes (series labelled kubelet_version).',
  params: promQueryParams,
  judge: ({ samples, warnings }) => {
    if (samples.length === 0) return { status: 'unknown', summary: 'No kube_node_info series: kube-state-metrics reports nothing', excerpt: { versions: 0, warnings } };
    const versions = samples.map((sample) => ({ kubeletVersion: sample.labels.kubelet_version ?? '?', nodes: sample.value }));
    const minors = new Set(versions.map((version) => minorOf(version.kubeletVersion)));
    const excerpt = { versions, warnings };
    return minors.size === 1
      ? { status: 'pass', summary: `kube-state-metrics reports one kubelet minor version`, excerpt }
      : { status: 'warn', summary: `kube-state-metrics reports ${minors.size} kubelet minor versions`, excerpt };
  },
});
