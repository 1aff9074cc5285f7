import type { SectionDefinition } from '@/lib/evaluate/types';

export const SECTIONS: SectionDefinition[] = [
  {
    id: '1',
    title: 'Introduction',
    summary:
      'Background, purpose and scope of the Reference Design and its audience. Context only: nothing here is checked, and the section does not count towards any score.',
  },
  {
    id: '2',
    title: 'Assumptions and principles',
    summary:
      'The principles the design rests on: a conformant Kubernetes, least privilege, micro-segmentation, trusted registries and hardened workloads, taken together as defence in depth.',
  },
  {
    id: '3',
    title: 'Software factory interconnects (Table 1)',
    summary:
      'The security features Table 1 expects of a privileged sidecar. Compliant Kubernetes keeps containers unprivileged and delivers each feature at the platform level instead.',
  },
  {
    id: '4',
    title: 'Software factory and CI/CD',
    summary: 'How software is delivered to the cluster: GitOps with Argo CD, or deployment as the last step of a CI pipeline, with no configuration drift.',
  },
  {
    id: '5',
    title: 'Additional tools and activities',
    summary: 'Container hardening, GitOps, network-flow analysis, deployment strategies (§5.1) and monitoring, logging and alerting (§5.2).',
  },
];
