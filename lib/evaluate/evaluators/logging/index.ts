import type { Evaluator } from '../../evaluator';
import { dashboardsSystemIndex } from './dashboards-system-index';
import { fluentdBufferSpace } from './fluentd-buffer-space';
import { fluentdOutputErrors } from './fluentd-output-errors';
import { fluentdTargetsUp } from './fluentd-targets-up';
import { ismPoliciesCoverLogs } from './ism-policies-cover-logs';
import { logAgentDaemonsetsReady } from './log-agent-daemonsets-ready';
import { logSnapshotAge } from './log-snapshot-age';
import { logsStoredOutsideCluster } from './logs-stored-outside-cluster';
import { logsWrittenRecently } from './logs-written-recently';
import { oldestLogIndex } from './oldest-log-index';
import { openSearchHealth } from './opensearch-health';
import { openSearchLogAliases } from './opensearch-log-aliases';

export const LOGGING_EVALUATORS: Evaluator[] = [
  logAgentDaemonsetsReady,
  fluentdTargetsUp,
  fluentdOutputErrors,
  fluentdBufferSpace,
  logsStoredOutsideCluster,
  openSearchHealth,
  openSearchLogAliases,
  logsWrittenRecently,
  ismPoliciesCoverLogs,
  oldestLogIndex,
  logSnapshotAge,
  dashboardsSystemIndex,
];
