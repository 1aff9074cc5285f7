/**
 * The structure of the Reference Design as Compliant Kubernetes reads it: the named rows of Table 1
 * and the items of the container-hardening list (by their short names), each with the controls that
 * cover it. Tests hold the catalog to this map so that no row is silently dropped.
 */
export const TABLE_1_ROWS: { row: string; controlIds: string[] }[] = [
  { row: 'Logging agent', controlIds: ['T1.LOG-AGENT', 'T1.LOG-TAMPERPROOF'] },
  { row: 'Logging storage and retrieval', controlIds: ['T1.LOG-STORE', 'T1.LOG-RETENTION'] },
  { row: 'Log visualisation and analysis', controlIds: ['T1.LOG-VIZ'] },
  { row: 'Container policy enforcement', controlIds: ['T1.POLICY'] },
  { row: 'Runtime defence', controlIds: ['T1.RUNTIME'] },
  { row: 'Service mesh proxy and service mesh', controlIds: ['T1.MESH-IDENTITY', 'T1.ENCRYPTION'] },
  { row: 'Vulnerability management and CVE service', controlIds: ['T1.VULN-RUNTIME', 'T1.REGISTRY-SCAN'] },
  { row: 'Host-based security', controlIds: ['T1.HOST'] },
  { row: 'Artifact repository', controlIds: ['T1.ARTIFACT-REPO'] },
  { row: 'Zero trust down to the container level', controlIds: ['T1.ZERO-TRUST'] },
];

export const CONTAINER_HARDENING_ITEMS: { item: string; controlIds: string[] }[] = [
  { item: 'Organisation-issued base image', controlIds: ['S5.BASE-IMAGE'] },
  { item: 'Vulnerability management of the base image', controlIds: ['S5.BASE-IMAGE', 'T1.VULN-RUNTIME'] },
  { item: 'Dependencies available without the Internet', controlIds: ['S5.OFFLINE-DEPS'] },
  { item: 'Understand and set default configuration', controlIds: ['S5.DEFAULT-CONFIG'] },
  { item: 'Logs to stdout', controlIds: ['S5.STDOUT-LOGS'] },
  { item: 'Run as non-root', controlIds: ['S5.NON-ROOT'] },
  { item: 'No hard-coded configuration or secrets', controlIds: ['S5.NO-HARDCODED-SECRETS'] },
  { item: 'Remove unneeded packages', controlIds: ['S5.MINIMAL-PACKAGES'] },
  { item: 'Remove setuid/setgid; no privilege escalation', controlIds: ['S5.SETUID', 'S5.NO-PRIV-ESC'] },
  { item: 'Scan and block vulnerable images', controlIds: ['S5.VULN-GATE', 'T1.REGISTRY-SCAN', 'S5.SCANNER-DIVERSITY'] },
];

export const GENERAL_TOOLS: { item: string; controlIds: string[] }[] = [
  { item: 'GitOps-based deployment', controlIds: ['S4.GITOPS'] },
  { item: 'Network-flow analysis', controlIds: ['S5.NETFLOW'] },
  { item: 'Deployment strategies (§5.1)', controlIds: ['S5.DEPLOY-STRATEGY'] },
  { item: 'Monitoring, logging and alerting (§5.2)', controlIds: ['S5.ALERTING'] },
];
