import type { Evaluator } from '../../evaluator';
import { alertmanagerConfigLoaded } from './alertmanager-config-loaded';
import { alertmanagerNotificationsDelivered } from './alertmanager-notifications-delivered';
import { certificatesNotExpiring } from './certificates-not-expiring';
import { complianceFailuresMetric } from './compliance-failures-metric';
import { complianceReports } from './compliance-reports';
import { deploymentStrategySet } from './deployment-strategy-set';
import { distinctScanningEngines } from './distinct-scanning-engines';
import { firingAlerts } from './firing-alerts';
import { imageOsNotEndOfLife } from './image-os-not-end-of-life';
import { namespacesLogToOpenSearch } from './namespaces-log-to-opensearch';
import { networkFlowToolReady } from './network-flow-tool-ready';
import { scrapeTargetsUp } from './scrape-targets-up';
import { veleroBackupRecent } from './velero-backup-recent';

export const SECTION_5_EVALUATORS: Evaluator[] = [
  imageOsNotEndOfLife,
  namespacesLogToOpenSearch,
  networkFlowToolReady,
  complianceFailuresMetric,
  complianceReports,
  distinctScanningEngines,
  deploymentStrategySet,
  alertmanagerConfigLoaded,
  alertmanagerNotificationsDelivered,
  firingAlerts,
  scrapeTargetsUp,
  veleroBackupRecent,
  certificatesNotExpiring,
];
