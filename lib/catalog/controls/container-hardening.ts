import type { ContainerSummary, PodSummary } from '@/lib/sources/kubernetes/pods';
import type { CheckOutcome, Offender } from '@/lib/evaluate/types';
import { capOffenders, countPhrase } from '../offenders';
import type { CatalogSettings } from '../settings';
import type { CheckContext, ControlDefinition } from '../types';

// Section 5, "Container hardening": the items of the hardening guide that a running cluster can show.

const PODS_ENDPOINT = 'GET /api/v1/pods (all namespaces, paginated with limit/continue)';

function workloadContainers(pods: PodSummary[], settings: CatalogSettings): { pod: PodSummary; container: ContainerSummary }[] {
  const system = new Set(settings.systemNamespaces);
  return pods
    .filter((pod) => !system.has(pod.namespace) && pod.phase !== 'Succeeded' && pod.phase !== 'Failed')
    .flatMap((pod) => pod.containers.map((container) => ({ pod, container })));
}

/** Applies a per-container rule to every workload container and turns the offenders into an outcome. */
async function checkWorkloadContainers(
  context: CheckContext,
  describe: { noun: string; failVerb: string },
  findProblem: (pod: PodSummary, container: ContainerSummary) => string | undefined,
): Promise<CheckOutcome> {
  const containers = workloadContainers(await context.sources.pods(), context.settings);
  if (containers.length === 0) {
    return { status: 'not-applicable', summary: 'No running workload containers outside the system namespaces', excerpt: { checkedContainers: 0 } };
  }
  const offenders: Offender[] = [];
  for (const { pod, container } of containers) {
    const reason = findProblem(pod, container);
    if (reason) offenders.push({ object: `${pod.namespace}/${pod.name}`, container: container.name, reason });
  }
  const excerpt = { checkedContainers: containers.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
  if (offenders.length === 0) {
    return { status: 'pass', summary: `All ${countPhrase(containers.length, 'workload container')} ${describe.noun}`, excerpt };
  }
  return { status: 'fail', summary: `${offenders.length} of ${countPhrase(containers.length, 'workload container')} ${describe.failVerb}`, excerpt };
}

function rootProblem(pod: PodSummary, container: ContainerSummary): string | undefined {
  const runAsUser = container.runAsUser ?? pod.runAsUser;
  const runAsNonRoot = container.runAsNonRoot ?? pod.runAsNonRoot;
  if (runAsUser === 0) return 'runAsUser is 0 (root)';
  if (runAsNonRoot === true || (runAsUser !== undefined && runAsUser > 0)) return undefined;
  return 'neither runAsNonRoot: true nor a non-zero runAsUser is set, so the image decides (often root)';
}

function escalationProblem(_pod: PodSummary, container: ContainerSummary): string | undefined {
  if (container.privileged === true) return 'privileged: true';
  // Kubernetes allows escalation unless it is explicitly switched off.
  if (container.allowPrivilegeEscalation !== false) return 'allowPrivilegeEscalation is not false';
  return undefined;
}

const SECRET_LIKE_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)/i;

function hardcodedSecretProblem(_pod: PodSummary, container: ContainerSummary): string | undefined {
  // Names only: the value is never read here (the client drops it).
  const names = container.env.filter((variable) => variable.hasLiteralValue && SECRET_LIKE_NAME.test(variable.name)).map((variable) => variable.name);
  return names.length > 0 ? `literal value in env ${names.join(', ')} (use a Secret via valueFrom or a mounted file)` : undefined;
}

export const containerHardeningControls: ControlDefinition[] = [
  {
    id: 'S5.NON-ROOT',
    sectionId: '5',
    group: 'Container hardening',
    title: 'Containers run as a non-root user',
    requirement: 'Every workload container runs under a non-root user, so that a break-out starts without root rights.',
    implementation:
      'Compliant Kubernetes enforces the restricted Pod Security Standard and Gatekeeper policies on workload namespaces; application teams set runAsNonRoot and a numeric user in their images and manifests.',
    remediation: 'Set securityContext.runAsNonRoot: true and a non-zero runAsUser on the pod or container, and build images with a numeric USER.',
    checks: [
      {
        id: 'pods-run-as-non-root',
        source: 'kubernetes',
        query: `${PODS_ENDPOINT} → spec.securityContext / containers[].securityContext .runAsNonRoot, .runAsUser`,
        rule: 'Every container outside the system namespaces has runAsNonRoot: true or a non-zero runAsUser (container value overrides pod value).',
        run: (context) => checkWorkloadContainers(context, { noun: 'run as non-root', failVerb: 'may run as root' }, rootProblem),
      },
    ],
  },
  {
    id: 'S5.NO-PRIV-ESC',
    sectionId: '5',
    group: 'Container hardening',
    title: 'No privilege escalation, no privileged containers',
    requirement: 'Containers can neither gain more privileges than they started with nor run privileged; setuid binaries then lose their power.',
    implementation:
      'Gatekeeper constraints K8sPSPAllowPrivilegeEscalationContainer and K8sPSPPrivilegedContainer, and the restricted Pod Security Standard, keep workloads from escalating.',
    remediation: 'Set securityContext.allowPrivilegeEscalation: false, remove privileged: true, and drop ALL capabilities.',
    checks: [
      {
        id: 'pods-no-privilege-escalation',
        source: 'kubernetes',
        query: `${PODS_ENDPOINT} → containers[].securityContext .allowPrivilegeEscalation, .privileged`,
        rule: 'Every container outside the system namespaces sets allowPrivilegeEscalation: false and is not privileged.',
        run: (context) => checkWorkloadContainers(context, { noun: 'forbid privilege escalation', failVerb: 'can escalate privileges or run privileged' }, escalationProblem),
      },
    ],
  },
  {
    id: 'S5.NO-HARDCODED-SECRETS',
    sectionId: '5',
    group: 'Container hardening',
    title: 'No hard-coded secrets in configuration',
    requirement: 'Secrets and configuration reach containers through Secrets and ConfigMaps (environment, arguments or files), never as literals in manifests or images.',
    implementation: 'Compliant Kubernetes documents injecting Secrets and ConfigMaps; trivy-operator reports secrets exposed inside images.',
    remediation: 'Move the value into a Secret and reference it with env[].valueFrom.secretKeyRef or a mounted file.',
    checks: [
      {
        id: 'pods-no-literal-secret-env',
        source: 'kubernetes',
        query: `${PODS_ENDPOINT} → containers[].env[] names matching PASSWORD|SECRET|TOKEN|KEY with a literal value (values are never read)`,
        rule: 'No container outside the system namespaces has a secret-like environment variable with a literal value.',
        run: (context) => checkWorkloadContainers(context, { noun: 'take secrets from Secrets, not literals', failVerb: 'carry a secret-like literal in their environment' }, hardcodedSecretProblem),
      },
    ],
  },
  {
    id: 'S5.VULN-GATE',
    sectionId: '5',
    group: 'Container hardening',
    title: 'Images with serious vulnerabilities cannot be deployed',
    requirement: 'A process stops images whose known vulnerabilities exceed an agreed severity from reaching production.',
    implementation: 'Harbor can refuse to serve images above a severity ("prevent vulnerable images from running"); it is off by default and must be enabled per project.',
    remediation: 'In each Harbor project, enable "Prevent vulnerable images from running" with severity High (or lower).',
    checks: [
      {
        id: 'harbor-prevent-vulnerable',
        source: 'harbor',
        query: 'GET /api/v2.0/projects?page=N&page_size=100 → metadata.prevent_vul, metadata.severity',
        rule: 'Every project has prevent_vul "true" with a severity at or below the configured limit (default high).',
        run: async (context) => {
          const projects = await context.sources.harborProjects();
          if (projects.length === 0) {
            return { status: 'unknown', summary: 'Harbor lists no projects: check the account’s permissions', excerpt: { checkedProjects: 0 } };
          }
          const order = ['none', 'low', 'medium', 'high', 'critical'];
          const limit = order.indexOf(context.settings.maxAllowedVulnGateSeverity);
          const offenders: Offender[] = [];
          for (const project of projects) {
            if (!project.isPreventVulOn) offenders.push({ object: `project ${project.name}`, reason: 'prevent_vul is off' });
            else if (order.indexOf(project.severity ?? 'critical') > limit) {
              offenders.push({ object: `project ${project.name}`, reason: `blocks only from severity ${project.severity ?? 'unset'}` });
            }
          }
          const excerpt = { checkedProjects: projects.length, ...capOffenders(offenders, context.settings.maxOffendersPerCheck) };
          return offenders.length === 0
            ? { status: 'pass', summary: `All ${countPhrase(projects.length, 'Harbor project')} block vulnerable images`, excerpt }
            : { status: 'fail', summary: `${offenders.length} of ${countPhrase(projects.length, 'Harbor project')} let vulnerable images through`, excerpt };
        },
      },
    ],
  },
  ...(
    [
      ['S5.OFFLINE-DEPS', 'Builds do not depend on the Internet', 'Code dependencies come from a source that needs no Internet access, and Dockerfiles download nothing, so a build cannot be broken or poisoned by an outside server.'],
      ['S5.SETUID', 'No setuid or setgid binaries in images', 'Images have the setuid and setgid bits removed from their binaries, a belt-and-braces addition to forbidding privilege escalation.'],
      ['S5.DEFAULT-CONFIG', 'Default configuration is understood and made explicit', 'Teams know the defaults their software runs with and set important values explicitly, preferring an error at start-up to surprises at run time.'],
      ['S5.MINIMAL-PACKAGES', 'Images contain only the packages they need', 'Packages a container does not need are removed, to shrink the attack surface.'],
    ] as const
  ).map(
    ([id, title, requirement]): ControlDefinition => ({
      id,
      sectionId: '5',
      group: 'Container hardening',
      title,
      requirement,
      implementation: 'A practice of the application team; no running cluster can show it. It is recorded as an attestation with an owner and an expiry.',
      remediation: 'Record an attestation with a link to the build evidence (pipeline, Dockerfile review or image scan).',
      isManual: true,
      checks: [],
    }),
  ),
];
