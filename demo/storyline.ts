import { profileFor, type ScenarioProfile } from './scenarios/scenario-profile';
import type { DemoScenario } from './types';

/**
 * The 90 days the demo fleet (lib/demo-fleet.ts) lived through. Pure data and arithmetic: nothing here starts a
 * server or touches the database, so the configuration can ask it which clusters the demo has.
 *
 * Like Compliant Kubernetes, the fleet is one management cluster and two workload clusters whose
 * logs and images live in the management cluster (its OpenSearch and Harbor serve all three).
 */

export { DEMO_FLEET, type DemoClusterDescription } from '@/lib/demo-fleet';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Something that changed on one cluster: from `startDaysAgo` until `endDaysAgo` (exclusive; null:
 * still so today) the cluster's profile is changed by `apply`. Times count back from the storyline's
 * anchor, so the story always ends "now". Before the improvements, the clusters were worse than
 * their scenario; the incidents make them worse for a while.
 */
interface Incident {
  cluster: string;
  what: string;
  startDaysAgo: number;
  endDaysAgo: number | null;
  apply(profile: ScenarioProfile, at: Date, anchor: Date): ScenarioProfile;
}

// The wildcard certificate's renewal starts failing 40 days ago; it would expire 2 days from now.
const STUCK_CERTIFICATE = 'ingress-nginx/wildcard-demo-example-com';
const STUCK_CERTIFICATE_EXPIRES_IN_DAYS = 2;

const INCIDENTS: readonly Incident[] = [
  // improvements the platform team rolled out over the quarter; they hold until today
  {
    cluster: 'wc1',
    what: 'kured installed, nodes rebooted',
    startDaysAgo: 62,
    endDaysAgo: null,
    apply: (profile) => ({ ...profile, kured: 'running', nodesPendingReboot: 0, nodeBootAgeDays: [3, 6] }),
  },
  { cluster: 'wc1', what: 'unexpected cluster-admin binding removed', startDaysAgo: 21, endDaysAgo: null, apply: (profile) => ({ ...profile, hasUnexpectedClusterAdmin: false }) },
  {
    cluster: 'mgmt',
    what: 'Harbor blocks pulls of vulnerable images',
    startDaysAgo: 70,
    endDaysAgo: null,
    apply: (profile) => ({ ...profile, harborPreventVul: true, harborSeverity: 'high' }),
  },
  {
    cluster: 'mgmt',
    what: 'kured installed, nodes rebooted',
    startDaysAgo: 16,
    endDaysAgo: null,
    apply: (profile) => ({ ...profile, kured: 'running', nodesPendingReboot: 0, nodeBootAgeDays: [3, 6] }),
  },
  { cluster: 'wc2', what: 'default-deny NetworkPolicy everywhere', startDaysAgo: 30, endDaysAgo: null, apply: (profile) => ({ ...profile, namespacesWithoutNetworkPolicy: [] }) },
  { cluster: 'wc2', what: 'Argo CD back in sync', startDaysAgo: 58, endDaysAgo: null, apply: (profile) => ({ ...profile, argoOutOfSyncApps: [] }) },
  // wc1: a bad deploy brings vulnerable images, noisy Falco rules and broken alerting; fixed over days
  {
    cluster: 'wc1',
    what: 'bad deploy: ledger and search-api images with critical CVEs',
    startDaysAgo: 40,
    endDaysAgo: 35,
    apply: (profile) => ({ ...profile, criticalImages: { ...profile.criticalImages, 'payments/ledger': 3, 'search/search-api': 2 } }),
  },
  { cluster: 'wc1', what: 'bad deploy: Alertmanager cannot notify', startDaysAgo: 40, endDaysAgo: 39, apply: (profile) => ({ ...profile, alertmanagerFailing: true }) },
  {
    cluster: 'wc1',
    what: 'bad deploy: Falco missing on a node, critical events',
    startDaysAgo: 40,
    endDaysAgo: 37,
    apply: (profile) => ({ ...profile, falcoMissingOnOneNode: true, falcoEventPriority: 'Critical' }),
  },
  // wc2: two new namespaces went live without a default-deny NetworkPolicy, fixed one at a time
  {
    cluster: 'wc2',
    what: 'payments and search without NetworkPolicy',
    startDaysAgo: 75,
    endDaysAgo: 71,
    apply: (profile) => ({ ...profile, namespacesWithoutNetworkPolicy: [...profile.namespacesWithoutNetworkPolicy, 'payments', 'search'] }),
  },
  {
    cluster: 'wc2',
    what: 'search without NetworkPolicy',
    startDaysAgo: 71,
    endDaysAgo: 68,
    apply: (profile) => ({ ...profile, namespacesWithoutNetworkPolicy: [...profile.namespacesWithoutNetworkPolicy, 'search'] }),
  },
  { cluster: 'wc2', what: 'payments out of sync in Argo CD', startDaysAgo: 20, endDaysAgo: 18, apply: (profile) => ({ ...profile, argoOutOfSyncApps: ['payments'] }) },
  // mgmt: the wildcard certificate stops renewing until someone notices it nearly expired
  {
    cluster: 'mgmt',
    what: 'wildcard certificate not renewing',
    startDaysAgo: 40,
    endDaysAgo: 12,
    apply: (profile, at, anchor) => {
      const daysLeft = Math.floor((anchor.getTime() + STUCK_CERTIFICATE_EXPIRES_IN_DAYS * DAY_MS - at.getTime()) / DAY_MS);
      return { ...profile, certificateDaysLeft: { ...profile.certificateDaysLeft, [STUCK_CERTIFICATE]: daysLeft } };
    },
  },
  // mgmt: the OpenSearch that holds every cluster's logs answers 500 for a day
  { cluster: 'mgmt', what: 'OpenSearch outage', startDaysAgo: 25, endDaysAgo: 24, apply: (profile) => ({ ...profile, defaultFaults: { ...profile.defaultFaults, opensearch: 'http500' } }) },
];

/**
 * The profile a cluster had at `at`: the scenario's own, with every incident open then applied.
 * @example profileAt('wc1', 'stock', new Date(anchor.getTime() - 40 * DAY_MS), anchor).alertmanagerFailing // true
 */
export function profileAt(clusterName: string, scenario: DemoScenario, at: Date, anchor: Date): ScenarioProfile {
  const daysAgo = (anchor.getTime() - at.getTime()) / DAY_MS;
  const isOpen = (incident: Incident): boolean => daysAgo <= incident.startDaysAgo && (incident.endDaysAgo === null || daysAgo > incident.endDaysAgo);
  return INCIDENTS.filter((incident) => incident.cluster === clusterName && isOpen(incident)).reduce(
    (profile, incident) => incident.apply(profile, at, anchor),
    profileFor(scenario),
  );
}

/** The incidents of the storyline, for the demo's README and the generator's log. */
export function describeIncidents(): { cluster: string; what: string; startDaysAgo: number; endDaysAgo: number | null }[] {
  return INCIDENTS.map(({ cluster, what, startDaysAgo, endDaysAgo }) => ({ cluster, what, startDaysAgo, endDaysAgo }));
}

export const HISTORY_DAYS = 90;
export const HOURLY_HOURS = 24;

/**
 * When the history's snapshots are taken, oldest first: one a day (at the anchor's time of day) for
 * HISTORY_DAYS days, then one an hour for the last HOURLY_HOURS hours before the anchor. The anchor
 * itself is left to the app's first live collection.
 * @example historyTimes(new Date('2026-06-01T12:00:00Z')).at(-1) // 2026-06-01T11:00:00Z
 */
export function historyTimes(anchor: Date): Date[] {
  const times: Date[] = [];
  for (let day = HISTORY_DAYS; day >= 1; day--) {
    const at = anchor.getTime() - day * DAY_MS;
    if (at < anchor.getTime() - HOURLY_HOURS * HOUR_MS) times.push(new Date(at));
  }
  for (let hour = HOURLY_HOURS; hour >= 1; hour--) times.push(new Date(anchor.getTime() - hour * HOUR_MS));
  return times;
}

/** A sign-off the storyline records, at a time counted back from the anchor. */
export interface StorySignOff {
  kind: 'waiver' | 'attestation';
  cluster: string;
  controlId: string;
  recordedDaysAgo: number;
  /** negative: it expired that many days ago */
  expiresInDays: number;
  owner: string;
  text: string;
}

export const STORY_SIGN_OFFS: readonly StorySignOff[] = [
  {
    kind: 'waiver',
    cluster: 'wc1',
    controlId: 'T1.VULN-RUNTIME',
    recordedDaysAgo: 39,
    expiresInDays: -33,
    owner: 'payments-team@example.com',
    text: 'Patched ledger and search-api images are being rebuilt; the vulnerable ones run until then.',
  },
  {
    kind: 'attestation',
    cluster: 'wc1',
    controlId: 'S4.CI-CD',
    recordedDaysAgo: 50,
    expiresInDays: 315,
    owner: 'platform-lead@example.com',
    text: 'Every application is built, scanned and promoted by the shared GitLab pipeline; see the pipeline definition.',
  },
  {
    kind: 'attestation',
    cluster: 'mgmt',
    controlId: 'S4.CI-CD',
    recordedDaysAgo: 80,
    expiresInDays: 7,
    owner: 'platform-lead@example.com',
    text: 'Platform components are built and promoted by the platform pipeline; the yearly review is due.',
  },
  {
    kind: 'waiver',
    cluster: 'wc2',
    controlId: 'T1.VULN-RUNTIME',
    recordedDaysAgo: 4,
    expiresInDays: 10,
    owner: 'shop-team@example.com',
    text: 'The redis image waits for the vendor fix; its port is not reachable from outside the namespace.',
  },
];
