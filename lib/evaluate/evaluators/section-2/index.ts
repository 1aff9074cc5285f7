import type { Evaluator } from '../../evaluator';
import { clusterAdminBindings } from './cluster-admin-bindings';
import { imagesFromTrustedRegistry } from './images-from-trusted-registry';
import { kubeletVersionsAligned } from './kubelet-versions-aligned';
import { kubernetesApiVersion } from './kubernetes-api-version';
import { namespacesDefaultDeny } from './namespaces-default-deny';
import { namespacesEnforceRestricted } from './namespaces-enforce-restricted';
import { prometheusOneKubeletVersion } from './prometheus-one-kubelet-version';
import { trivyPssRestrictedReport } from './trivy-pss-restricted-report';

export const SECTION_2_EVALUATORS: Evaluator[] = [
  kubernetesApiVersion,
  kubeletVersionsAligned,
  prometheusOneKubeletVersion,
  namespacesEnforceRestricted,
  trivyPssRestrictedReport,
  namespacesDefaultDeny,
  imagesFromTrustedRegistry,
  clusterAdminBindings,
];
