import type * as k8s from '@kubernetes/client-node';
import type { KubernetesVersion, NamespaceSummary, NodeSummary } from '@/lib/sources/types';
import { toIsoTimestamp } from './request';

const WIREGUARD_ANNOTATION = 'projectcalico.org/IPv4WireguardInterfaceAddr';

/**
 * GET /version. Managed offerings report minor versions such as "29+"; when major/minor are empty
 * the numbers come from gitVersion (v1.29.3).
 */
export function toKubernetesVersion(info: Pick<k8s.VersionInfo, 'gitVersion' | 'major' | 'minor'>): KubernetesVersion {
  const fromGit = /^v?(\d+)\.(\d+)/.exec(info.gitVersion ?? '');
  const major = Number.parseInt(info.major, 10);
  const minor = Number.parseInt(info.minor, 10);
  return {
    gitVersion: info.gitVersion,
    major: Number.isNaN(major) ? Number(fromGit?.[1] ?? 0) : major,
    minor: Number.isNaN(minor) ? Number(fromGit?.[2] ?? 0) : minor,
  };
}

export function toNamespaceSummary(namespace: k8s.V1Namespace): NamespaceSummary {
  return {
    name: namespace.metadata?.name ?? '',
    labels: namespace.metadata?.labels ?? {},
    phase: namespace.status?.phase,
  };
}

export function toNodeSummary(node: k8s.V1Node): NodeSummary {
  const info = node.status?.nodeInfo;
  const ready = (node.status?.conditions ?? []).find((condition) => condition.type === 'Ready');
  return {
    name: node.metadata?.name ?? '',
    kubeletVersion: info?.kubeletVersion ?? '',
    osImage: info?.osImage ?? '',
    kernelVersion: info?.kernelVersion ?? '',
    createdAt: toIsoTimestamp(node.metadata?.creationTimestamp),
    isReady: ready?.status === 'True',
    wireguardAddress: node.metadata?.annotations?.[WIREGUARD_ANNOTATION],
    labels: node.metadata?.labels ?? {},
  };
}
