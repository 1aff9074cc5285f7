import 'server-only';
import type { Database } from '@/lib/db';
import { toSourceFailures } from './matrix';

/** What the alert rules watch beyond scores: sources that failed, sign-offs about to lapse. */
export interface MonitoringFacts {
  /** the sources the newest snapshot of each cluster could not read */
  sourceErrors: { cluster: string; source: string; kind: string }[];
  /** per cluster, control and kind, the earliest expiry among the sign-offs in force now */
  signOffExpiries: { cluster: string; control: string; kind: 'attestation' | 'waiver'; expiresAt: Date }[];
}

export async function readMonitoringFacts(database: Database, now: Date): Promise<MonitoringFacts> {
  const clusters = await database.prisma.cluster.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } });
  const sourceErrors: MonitoringFacts['sourceErrors'] = [];
  for (const cluster of clusters) {
    const newest = await database.prisma.snapshot.findFirst({ where: { clusterId: cluster.id }, orderBy: { takenAt: 'desc' }, select: { sourceErrors: true } });
    for (const failure of toSourceFailures(newest?.sourceErrors)) sourceErrors.push({ cluster: cluster.name, source: failure.source, kind: failure.kind });
  }
  // in force: not revoked and not yet expired; records are few (people write them), no paging needed
  const inForce = { revokedAt: null, expiresAt: { gt: now } };
  const select = { clusterName: true, controlId: true, expiresAt: true } as const;
  const [attestations, waivers] = await Promise.all([
    database.prisma.attestation.findMany({ where: inForce, select }),
    database.prisma.waiver.findMany({ where: inForce, select }),
  ]);
  const earliest = new Map<string, MonitoringFacts['signOffExpiries'][number]>();
  const records = [...attestations.map((row) => ({ ...row, kind: 'attestation' as const })), ...waivers.map((row) => ({ ...row, kind: 'waiver' as const }))];
  for (const record of records) {
    const key = `${record.kind}\u0000${record.clusterName}\u0000${record.controlId}`;
    const known = earliest.get(key);
    if (known === undefined || record.expiresAt < known.expiresAt) {
      earliest.set(key, { cluster: record.clusterName, control: record.controlId, kind: record.kind, expiresAt: record.expiresAt });
    }
  }
  return { sourceErrors, signOffExpiries: [...earliest.values()] };
}
