/**
 * What the first runs of this benchmark found and what was changed because of it. Written down once,
 * with the figures of those runs (same machine, same script): the rest of BENCHMARKS.md is measured
 * anew on every run.
 */
export const CHANGES_MADE = `## What the benchmark changed

- **Kubernetes lists are read as plain JSON** (\`lib/sources/kubernetes/request.ts\`, \`client.ts\`). Pods, namespaces, nodes,
  Deployments, DaemonSets, ClusterRoleBindings and NetworkPolicies are fetched a page at a time with one GET and \`JSON.parse\`
  instead of through \`@kubernetes/client-node\`'s model deserialiser, which was the largest item of the collector's CPU profile
  (10,000 pods are 28 MB of JSON); the next page is asked for as soon as the current one's continue token is known. The
  collector's CPU time for listing all pods went from 903 ms to about 300 ms, for a whole snapshot from 1,405 ms to about
  700 ms (runs before and after the change).
- **History read indexes** (\`prisma/migrations/20261204090000_history_read_indexes\`): \`snapshot (cluster_id, taken_at DESC, id DESC)\`
  in place of \`(cluster_id, taken_at DESC)\`, \`control_result (snapshot_id, status, control_id)\` and
  \`snapshot_section (snapshot_id, section_id, pass/fail/warn/unknown counts)\`, so that one cluster's year is read from indexes
  alone instead of every page of tables where all clusters' rows are interleaved.
- **Trends** (\`lib/data/trends.ts\`): each snapshot's counts are looked up on that index (a lateral subquery) instead of a hash
  join over every cluster's counts, and the score series and time to remediate are queried at the same time.
- **Time to remediate** (\`lib/data/remediation.ts\`): the database returns, per snapshot in time order, which controls passed and
  which failed (index-only); the episodes are one pass in TypeScript. Before, window functions sorted every result of the
  cluster per control (an external sort on disk, plus JIT compilation), whatever the range: \`/api/trends\` for a year took
  1,822 ms (median) and 2,065 ms (p95), for the default 30 days 1,988 ms and 2,306 ms; the remediation query alone 1.5 s.
  Now a range reads its own snapshots and the newer ones (for fixes after it), plus one look back per control that starts
  the range failing.
- **Status changes kept at write time** (\`prisma/migrations/20261205090000_control_status_changes\`,
  \`lib/snapshots/status-changes.ts\`): one row per control whose pass/fail differs from its previous pass/fail in the cluster,
  written in the snapshot's transaction and backfilled by the migration from the stored history. Time to remediate reads these
  (a few hundred per cluster-year) instead of every result: before this change, on this machine, \`/api/trends\` for a year took
  264 ms (median) and 296 ms (p95), time to remediate for a year alone 259 ms and 290 ms.
- **\`@kubernetes/client-node\` only where it is needed** (\`lib/sources/kubernetes/transport.ts\`): every Kubernetes call is a plain
  JSON GET (version, lists, custom resources, discovery); the package is imported only for a kubeconfig file or the in-cluster
  service account (contexts, exec plugins, rotating tokens). Before, the collector loaded it at start: 121 MB of its 253 MB
  before the first snapshot.
- **Collections a few at a time per process** (\`lib/snapshots/scheduler.ts\`): a process starting every cluster's collection at once
  opened one lock connection each; 50 clusters on 5 processes wanted 250 connections, over PostgreSQL's default 100.
- **Less JavaScript for every page**: the client components validate with \`zod/mini\` instead of \`zod\`; the JavaScript for \`/\`
  went from about 182 KB to 168 KB gzip (\`nomodule\` polyfills, which current browsers skip, not counted in either).
`;
