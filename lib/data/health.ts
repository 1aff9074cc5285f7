import 'server-only';
import type { Database } from '@/lib/db';
import { toSourceFailures } from './matrix';

export interface Health {
  status: 'ok' | 'degraded';
  demo: boolean;
  database: { ok: boolean; kind: Database['kind'] | null; message?: string };
  lastSnapshot: { id: string; cluster: string; takenAt: string; sourceErrors: { source: string; kind: string; message: string }[] } | null;
}

/** Database reachability and the newest snapshot of any cluster. */
export async function readHealth(openDatabase: () => Promise<Database>, isDemo: boolean): Promise<Health> {
  let database: Database;
  try {
    database = await openDatabase();
    await database.prisma.$queryRaw`SELECT 1`;
  } catch {
    return { status: 'degraded', demo: isDemo, database: { ok: false, kind: null, message: 'the database is unavailable' }, lastSnapshot: null };
  }
  const latest = await database.prisma.snapshot.findFirst({
    orderBy: { takenAt: 'desc' },
    select: { id: true, takenAt: true, sourceErrors: true, cluster: { select: { name: true } } },
  });
  const sourceErrors = latest ? toSourceFailures(latest.sourceErrors) : [];
  return {
    status: latest && sourceErrors.length === 0 ? 'ok' : 'degraded',
    demo: isDemo,
    database: { ok: true, kind: database.kind },
    lastSnapshot: latest ? { id: latest.id, cluster: latest.cluster.name, takenAt: latest.takenAt.toISOString(), sourceErrors } : null,
  };
}

/** What the anonymous see (load balancers, uptime probes): no snapshot id, cluster name or source detail. */
export interface AnonymousHealth {
  status: Health['status'];
  demo: boolean;
  database: { ok: boolean };
  lastSnapshot: { takenAt: string; failingSources: number } | null;
}

export function toAnonymousHealth(health: Health): AnonymousHealth {
  return {
    status: health.status,
    demo: health.demo,
    database: { ok: health.database.ok },
    lastSnapshot: health.lastSnapshot ? { takenAt: health.lastSnapshot.takenAt, failingSources: health.lastSnapshot.sourceErrors.length } : null,
  };
}
