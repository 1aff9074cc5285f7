import type { Evaluator } from '../../evaluator';
import { harborAuthMode } from './harbor-auth-mode';
import { harborAutoScan } from './harbor-auto-scan';
import { harborHealthy } from './harbor-healthy';
import { kuredNoPendingReboot } from './kured-no-pending-reboot';
import { nodeUptimeWithinLimit } from './node-uptime-within-limit';
import { trivyNoCriticalVulnerabilities } from './trivy-no-critical-vulnerabilities';
import { trivyVulnerabilitySeries } from './trivy-vulnerability-series';

/** Table 1, the rows about scanning, hosts and the registry (reference-design/04-table-1-scanning.yaml). */
export const SCANNING_EVALUATORS: Evaluator[] = [
  trivyVulnerabilitySeries,
  trivyNoCriticalVulnerabilities,
  kuredNoPendingReboot,
  nodeUptimeWithinLimit,
  harborAutoScan,
  harborHealthy,
  harborAuthMode,
];
