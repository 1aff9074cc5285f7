import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import { isSystemNamespace, judgeConstraints } from '../checks/kubernetes';
import { instantQuery, label } from '../checks/prometheus';
import { selects } from '../checks/selectors';
import { capOffenders, countPhrase } from '../offenders';
import type { ControlDefinition } from '../types';

// Section 3, Table 1, the rows about what runs: policy enforcement, runtime defence, and the
// service-mesh features (identity, encryption, zero trust) that Compliant Kubernetes delivers with
// NetworkPolicies and Calico's WireGuard instead of a privileged sidecar.

const CONSTRAINTS_IN_ERROR_QUERY = 'sum(gatekeeper_constraints{status="error"})';
const AUDIT_AGE_QUERY = 'time() - max(gatekeeper_audit_last_run_time)';
const FALCO_SEVERE_EVENTS_QUERY =
  'sum by (rule, priority, k8s_ns_name, k8s_pod_name) (increase(falcosecurity_falcosidekick_falco_events_total{priority=~"Critical|Alert|Emergency"}[1h])) > 0';
const FALCO_DROPS_QUERY = 'sum(increase(falcosecurity_scap_n_drops_total[1h]))';
const FELIX_RESTORE_ERRORS_QUERY = 'sum(increase(felix_iptables_restore_errors[1h]))';

export const table1RuntimeControls: ControlDefinition[] = [
  {
    id: 'T1.POLICY',
    sectionId: '3',
    group: 'Table 1: Container policy enforcement',
    title: 'Container policies are enforced and audited',
    requirement: 'Admission policies keep non-compliant workloads out, and a regular audit shows that what runs still complies.',
    implementation:
      'Gatekeeper enforces constraints (no privilege escalation, no privileged containers, allowed users, dropped capabilities, trusted registries, network policies) and audits running resources; the restricted Pod Security Standard adds a second layer.',
    remediation: 'Fix constraints in error, make sure the audit runs, fix the reported violations and move constraints from warn to deny.',
    checks: [
      {
        id: 'constraints-not-in-error',
        source: 'prometheus',
        query: CONSTRAINTS_IN_ERROR_QUERY,
        rule: 'No Gatekeeper constraint is in error.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, CONSTRAINTS_IN_ERROR_QUERY);
          if (samples.length === 0) return { status: 'unknown', summary: 'No gatekeeper_constraints series: Gatekeeper metrics are not scraped', excerpt: { warnings } };
          const inError = samples[0]?.value ?? 0;
          const excerpt = { constraintsInError: inError, warnings };
          return inError === 0
            ? { status: 'pass', summary: 'No Gatekeeper constraint is in error', excerpt }
            : { status: 'fail', summary: `${countPhrase(inError, 'Gatekeeper constraint')} in error`, excerpt };
        },
      },
      {
        id: 'audit-recent',
        source: 'prometheus',
        query: AUDIT_AGE_QUERY,
        rule: 'The last Gatekeeper audit is younger than twice the audit interval.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, AUDIT_AGE_QUERY);
          const age = samples[0]?.value;
          if (age === undefined || Number.isNaN(age)) return { status: 'unknown', summary: 'No gatekeeper_audit_last_run_time series', excerpt: { warnings } };
          const limit = 2 * context.settings.gatekeeperAuditIntervalSeconds;
          const excerpt = { auditAgeSeconds: Math.round(age), limitSeconds: limit, warnings };
          return age <= limit
            ? { status: 'pass', summary: `Gatekeeper audited ${Math.round(age)} s ago`, excerpt }
            : { status: 'fail', summary: `Gatekeeper last audited ${Math.round(age)} s ago (limit ${limit} s)`, excerpt };
        },
      },
      {
        id: 'constraint-violations',
        source: 'kubernetes',
        query: 'GET /apis/constraints.gatekeeper.sh/v1beta1/{kind} for every constraint kind → spec.enforcementAction, status.totalViolations, status.violations',
        rule: 'Every constraint enforces (deny) and its audit found 0 violations; warn or dryrun constraints are a warning.',
        run: async (context): Promise<CheckOutcome> => {
          const constraints = await context.sources.gatekeeperConstraints();
          if (!constraints.isInstalled) return { status: 'fail', summary: 'Gatekeeper is not installed: no admission policy is enforced', excerpt: { isInstalled: false } };
          if (constraints.items.length === 0) return { status: 'fail', summary: 'Gatekeeper has no constraints', excerpt: { constraints: 0 } };
          return judgeConstraints(constraints.items, context.settings.maxOffendersPerCheck);
        },
      },
    ],
  },
  {
    id: 'T1.RUNTIME',
    sectionId: '3',
    group: 'Table 1: Runtime defence',
    title: 'Runtime defence on every node',
    requirement: 'Suspicious behaviour of running containers is detected on every node and acted upon.',
    implementation: 'Falco runs on every node as a DaemonSet and reports through falcosidekick to alerting and to the log store.',
    remediation: 'Get Falco ready on every node (tolerations, resources), investigate severe events, and look into dropped system-call events.',
    checks: [
      {
        id: 'falco-on-every-node',
        source: 'kubernetes',
        query: 'GET /apis/apps/v1/daemonsets → falco: status.numberReady vs status.desiredNumberScheduled',
        rule: 'A Falco DaemonSet is ready on every node it is scheduled to.',
        run: async (context): Promise<CheckOutcome> => {
          const falco = (await context.sources.workloads()).filter((workload) => workload.kind === 'DaemonSet' && /^falco(-|$)/.test(workload.name) && !/sidekick|exporter/.test(workload.name));
          if (falco.length === 0) return { status: 'fail', summary: 'No Falco DaemonSet: nothing watches containers at run time', excerpt: { daemonSets: 0 } };
          const offenders: Offender[] = falco.filter((set) => set.ready < set.desired).map((set) => ({ object: `${set.namespace}/${set.name}`, reason: `${set.ready} of ${set.desired} nodes covered` }));
          const excerpt = { daemonSets: falco.map((set) => ({ name: `${set.namespace}/${set.name}`, desired: set.desired, ready: set.ready })), ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `Falco covers every node (${falco.map((set) => `${set.ready}/${set.desired}`).join(', ')})`, excerpt }
            : { status: 'fail', summary: `Falco is missing on some nodes: ${offenders.map((offender) => offender.reason).join(', ')}`, excerpt };
        },
      },
      {
        id: 'falco-severe-events',
        source: 'prometheus',
        query: `${FALCO_SEVERE_EVENTS_QUERY}; when empty, ${FALCO_DROPS_QUERY}`,
        rule: 'No Critical, Alert or Emergency Falco event in the last hour (accept known ones with a waiver); no Falco metrics at all is unknown, not a pass.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, FALCO_SEVERE_EVENTS_QUERY);
          // "no severe event" means nothing unless Falco's own metrics show that Falco is scraped
          if (samples.length === 0 && (await instantQuery(context, FALCO_DROPS_QUERY)).samples.length === 0) {
            return { status: 'unknown', summary: 'No Falco metrics are scraped: severe events cannot be seen', excerpt: { warnings } };
          }
          const offenders: Offender[] = samples.map((sample) => ({
            object: `${label(sample, 'k8s_ns_name')}/${label(sample, 'k8s_pod_name')}`,
            rule: label(sample, 'rule'),
            priority: label(sample, 'priority'),
            reason: `${Math.round(sample.value)} × ${label(sample, 'priority')}: ${label(sample, 'rule')}`,
          }));
          const excerpt = { warnings, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: 'No severe Falco event in the last hour', excerpt }
            : { status: 'fail', summary: `${countPhrase(offenders.length, 'pod')} raised severe Falco events in the last hour`, excerpt };
        },
      },
      {
        id: 'falco-drops',
        source: 'prometheus',
        query: FALCO_DROPS_QUERY,
        rule: 'Falco dropped no system-call events in the last hour (drops are blind spots).',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, FALCO_DROPS_QUERY);
          if (samples.length === 0) return { status: 'unknown', summary: 'No falcosecurity_scap_n_drops_total series: Falco metrics are not scraped', excerpt: { warnings } };
          const drops = Math.round(samples[0]?.value ?? 0);
          const excerpt = { dropsLastHour: drops, warnings };
          return drops === 0
            ? { status: 'pass', summary: 'Falco dropped no events in the last hour', excerpt }
            : { status: 'warn', summary: `Falco dropped ${drops} events in the last hour`, excerpt };
        },
      },
    ],
  },
  {
    id: 'T1.MESH-IDENTITY',
    sectionId: '3',
    group: 'Table 1: Service mesh proxy and service mesh (workload identity)',
    title: 'Workload identity and segmentation without a sidecar',
    requirement: 'Each workload has an identity that traffic rules are written against, so that only intended peers can talk to it.',
    implementation:
      'A service mesh takes workload identity from the Kubernetes API, exactly as NetworkPolicy pod selectors do; Compliant Kubernetes therefore segments with NetworkPolicies instead of a privileged mesh sidecar.',
    remediation: 'Write NetworkPolicies that select every workload pod (a namespace-wide default deny plus specific allows).',
    checks: [
      {
        id: 'pods-selected-by-network-policy',
        source: 'kubernetes',
        query: 'GET /api/v1/pods and GET /apis/networking.k8s.io/v1/networkpolicies → each pod matched by a podSelector in its namespace',
        rule: 'Every running pod outside the system namespaces is selected by at least one NetworkPolicy.',
        run: async (context): Promise<CheckOutcome> => {
          const [pods, policies] = await Promise.all([context.sources.pods(), context.sources.networkPolicies()]);
          const workloadPods = pods.filter((pod) => !isSystemNamespace(context.settings, pod.namespace) && pod.phase !== 'Succeeded' && pod.phase !== 'Failed');
          if (workloadPods.length === 0) return { status: 'not-applicable', summary: 'No running workload pods', excerpt: { pods: 0 } };
          const policiesByNamespace = new Map<string, typeof policies>();
          for (const policy of policies) policiesByNamespace.set(policy.namespace, [...(policiesByNamespace.get(policy.namespace) ?? []), policy]);
          const offenders: Offender[] = workloadPods
            .filter((pod) => !(policiesByNamespace.get(pod.namespace) ?? []).some((policy) => selects(policy.podSelector, pod.labels)))
            .map((pod) => ({ object: `${pod.namespace}/${pod.name}`, reason: 'no NetworkPolicy selects this pod' }));
          const excerpt = { pods: workloadPods.length, policies: policies.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(workloadPods.length, 'workload pod')} are selected by a NetworkPolicy`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(workloadPods.length, 'workload pod')} are not selected by any NetworkPolicy`, excerpt };
        },
      },
    ],
  },
  {
    id: 'T1.ENCRYPTION',
    sectionId: '3',
    group: 'Table 1: Service mesh proxy and service mesh (traffic encryption)',
    title: 'Node-to-node traffic is encrypted',
    requirement: 'Traffic between workloads on different nodes is encrypted on the wire.',
    implementation: 'Calico, the CNI of Compliant Kubernetes, encrypts node-to-node traffic with WireGuard when it is enabled.',
    remediation: 'Set wireguardEnabled: true in the default FelixConfiguration and check that every node gets a WireGuard interface address.',
    checks: [
      {
        id: 'felix-wireguard-enabled',
        source: 'kubernetes',
        query: 'GET /apis/crd.projectcalico.org/v1/felixconfigurations → default: spec.wireguardEnabled',
        rule: 'The default FelixConfiguration enables WireGuard.',
        run: async (context): Promise<CheckOutcome> => {
          const configurations = await context.sources.felixConfigurations();
          if (!configurations.isInstalled) return { status: 'warn', summary: 'Calico FelixConfiguration is not served: node-to-node encryption cannot be shown', excerpt: { isInstalled: false } };
          const defaultConfiguration = configurations.items.find((item) => item.name === 'default');
          const excerpt = { configurations: configurations.items.map((item) => ({ name: item.name, wireguardEnabled: item.isWireguardEnabled })) };
          if (!defaultConfiguration) return { status: 'fail', summary: 'No default FelixConfiguration: WireGuard is off', excerpt };
          return defaultConfiguration.isWireguardEnabled
            ? { status: 'pass', summary: 'Calico WireGuard encryption is enabled', excerpt }
            : { status: 'fail', summary: 'Calico WireGuard encryption is disabled', excerpt };
        },
      },
      {
        id: 'nodes-have-wireguard',
        source: 'kubernetes',
        query: 'GET /api/v1/nodes → metadata.annotations["projectcalico.org/IPv4WireguardInterfaceAddr"]',
        rule: 'Every node has a WireGuard interface address.',
        run: async (context): Promise<CheckOutcome> => {
          const nodes = await context.sources.nodes();
          if (nodes.length === 0) return { status: 'unknown', summary: 'The API lists no nodes', excerpt: { nodes: 0 } };
          const offenders: Offender[] = nodes.filter((node) => !node.wireguardAddress).map((node) => ({ object: `node ${node.name}`, reason: 'no WireGuard interface address' }));
          const excerpt = { nodes: nodes.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(nodes.length, 'node')} have a WireGuard interface`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(nodes.length, 'node')} have no WireGuard interface`, excerpt };
        },
      },
      {
        id: 'felix-restore-errors',
        source: 'prometheus',
        query: FELIX_RESTORE_ERRORS_QUERY,
        rule: 'Calico applied its rules without iptables-restore errors in the last hour.',
        run: async (context): Promise<CheckOutcome> => {
          const { samples, warnings } = await instantQuery(context, FELIX_RESTORE_ERRORS_QUERY);
          if (samples.length === 0) return { status: 'unknown', summary: 'No felix_iptables_restore_errors series: Calico metrics are not scraped', excerpt: { warnings } };
          const errors = Math.round(samples[0]?.value ?? 0);
          const excerpt = { errorsLastHour: errors, warnings };
          return errors === 0
            ? { status: 'pass', summary: 'Calico applied its rules without errors in the last hour', excerpt }
            : { status: 'warn', summary: `Calico hit ${errors} iptables-restore errors in the last hour`, excerpt };
        },
      },
    ],
  },
];

/** Declared apart so that it can sit last in Table 1, after the controls it is derived from. */
export const zeroTrustControl: ControlDefinition = {
  id: 'T1.ZERO-TRUST',
  sectionId: '3',
  group: 'Table 1: Zero trust down to the container level',
  title: 'Zero trust down to the container',
  requirement: 'No workload is trusted because of where it runs: each connection is allowed explicitly and protected on the wire.',
  implementation:
    'The Reference Design leaves this row vague, but its contents point at service-mesh features. Refmap therefore derives it from the workload-identity and encryption controls and shows their evidence.',
  remediation: 'Fix T1.MESH-IDENTITY and T1.ENCRYPTION.',
  derivedFrom: ['T1.MESH-IDENTITY', 'T1.ENCRYPTION'],
  checks: [],
};
