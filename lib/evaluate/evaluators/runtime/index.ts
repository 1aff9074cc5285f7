import type { Evaluator } from '../../evaluator';
import { falcoDrops } from './falco-drops';
import { falcoOnEveryNode } from './falco-on-every-node';
import { falcoSevereEvents } from './falco-severe-events';
import { felixRestoreErrors } from './felix-restore-errors';
import { felixWireguardEnabled } from './felix-wireguard-enabled';
import { gatekeeperAuditRecent } from './gatekeeper-audit-recent';
import { gatekeeperConstraintViolations } from './gatekeeper-constraint-violations';
import { gatekeeperConstraints } from './gatekeeper-constraints';
import { gatekeeperConstraintsNotInError } from './gatekeeper-constraints-not-in-error';
import { nodesHaveWireguard } from './nodes-have-wireguard';
import { podsSelectedByNetworkPolicy } from './pods-selected-by-network-policy';

export const RUNTIME_EVALUATORS: Evaluator[] = [
  gatekeeperConstraints,
  gatekeeperConstraintsNotInError,
  gatekeeperAuditRecent,
  gatekeeperConstraintViolations,
  falcoOnEveryNode,
  falcoSevereEvents,
  falcoDrops,
  podsSelectedByNetworkPolicy,
  felixWireguardEnabled,
  nodesHaveWireguard,
  felixRestoreErrors,
];
