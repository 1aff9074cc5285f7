import 'server-only';
import { z } from 'zod';
import type { Database } from '@/lib/db';
import { listAttestations } from './attestations';
import { findSnapshotAsOf, NoSnapshotError, NoSuchClusterError } from './matrix';
import { listWaivers } from './waivers';

/**
 * What an officer works on next: every failing, warning or unknown control of every cluster, worst
 * first, with how long it has been so, how many objects offend, and who owns it (from its waivers and
 * attestations); and the sign-offs that run out soon.
 */

export const EXPIRING_WITHIN_DAYS = 14;
const ATTENTION_STATUSES = ['fail', 'unknown', 'warn'] as const;
type AttentionStatus = (typeof ATTENTION_STATUSES)[number];
// how far back a status streak is looked for: older than this reads as "since before <date>"
const LOOKBACK_MS = 120 * 86_400_000;

export interface AttentionItem {
  cluster: string;
  controlId: string;
  sectionId: string;
  status: AttentionStatus;
  summary: string;
  /** the first snapshot of the current streak of this status (within the look-back) */
  since: string;
  /** objects named by the control's evidence (pods, images, projects …) */
  offenders: number;
  /** owners of waivers or attestations of this control on this cluster, newest first */
  owners: string[];
  isWaived: boolean;
}

export interface ExpiringSignOff {
  kind: 'waiver' | 'attestation';
  cluster: string;
  controlId: string;
  owner: string;
  expiresAt: string;
}

export interface Attention {
  items: AttentionItem[];
  expiring: ExpiringSignOff[];
  /** clusters without a snapshot yet */
  missing: string[];
}

const SEVERITY: Record<AttentionStatus, number> = { fail: 0, unknown: 1, warn: 2 };

/**
 * Pure: worst status first (fail, then unknown — a check that could not look — then warn), then the
 * oldest, then the most offenders.
 */
export function compareAttention(a: AttentionItem, b: AttentionItem): number {
  return SEVERITY[a.status] - SEVERITY[b.status] || Date.parse(a.since) - Date.parse(b.since) || b.offenders - a.offenders || a.controlId.localeCompare(b.controlId);
}

/**
 * Pure: when the newest run of `status` began, given a control's statuses oldest first.
 * @example streakStart([{ at: t1, status: 'pass' }, { at: t2, status: 'fail' }, { at: t3, status: 'fail' }], 'fail') // t2
 */
export function streakStart(history: { at: Date; status: string }[], status: string): Date | null {
  let start: Date | null = null;
  for (const entry of history) start = entry.status === status ? (start ?? entry.at) : null;
  return start;
}

const evidenceBodySchema = z.object({ excerpt: z.object({ totalOffenders: z.number().int().nonnegative().optional() }).passthrough().nullish() }).passthrough();

function offendersOf(bodies: string[]): number {
  let total = 0;
  for (const json of bodies) {
    const parsed = evidenceBodySchema.safeParse(JSON.parse(json));
    total += parsed.success ? (parsed.data.excerpt?.totalOffenders ?? 0) : 0;
  }
  return total;
}

async function readClusterAttention(database: Database, clusterName: string, now: Date): Promise<AttentionItem[] | null> {
  let found;
  try {
    found = await findSnapshotAsOf(database, clusterName, now);
  } catch (error) {
    if (error instanceof NoSnapshotError || error instanceof NoSuchClusterError) return null;
    throw error;
  }
  const results = await database.prisma.controlResult.findMany({
    where: { snapshotId: found.snapshot.id, status: { in: [...ATTENTION_STATUSES] } },
    select: { controlId: true, sectionId: true, status: true, summary: true, evidence: { select: { body: { select: { json: true } } } } },
  });
  if (results.length === 0) return [];
  const controlIds = results.map((result) => result.controlId);
  const [history, waivers, attestations] = await Promise.all([
    database.prisma.controlResult.findMany({
      where: { controlId: { in: controlIds }, snapshot: { clusterId: found.cluster.id, takenAt: { gte: new Date(now.getTime() - LOOKBACK_MS), lte: now } } },
      orderBy: { snapshot: { takenAt: 'asc' } },
      select: { controlId: true, status: true, snapshot: { select: { takenAt: true } } },
    }),
    listWaivers(database, { clusterName, at: now }),
    listAttestations(database, { clusterName, at: now }),
  ]);
  return results.map((result): AttentionItem => {
    const status = result.status as AttentionStatus;
    const statuses = history.filter((row) => row.controlId === result.controlId).map((row) => ({ at: row.snapshot.takenAt, status: row.status }));
    const signOffs = [...waivers, ...attestations].filter((record) => record.controlId === result.controlId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return {
      cluster: clusterName,
      controlId: result.controlId,
      sectionId: result.sectionId,
      status,
      summary: result.summary,
      since: (streakStart(statuses, status) ?? found.snapshot.takenAt).toISOString(),
      offenders: offendersOf(result.evidence.map((item) => item.body.json)),
      owners: [...new Set(signOffs.map((record) => record.owner))],
      isWaived: waivers.some((waiver) => waiver.controlId === result.controlId && waiver.state === 'active'),
    };
  });
}

async function readExpiring(database: Database, clusterNames: string[], now: Date): Promise<ExpiringSignOff[]> {
  const limit = now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000;
  const expiring: ExpiringSignOff[] = [];
  for (const clusterName of clusterNames) {
    const [waivers, attestations] = await Promise.all([listWaivers(database, { clusterName, at: now }), listAttestations(database, { clusterName, at: now })]);
    for (const record of [...waivers, ...attestations]) {
      if (record.state === 'active' && Date.parse(record.expiresAt) <= limit) {
        expiring.push({ kind: record.kind, cluster: clusterName, controlId: record.controlId, owner: record.owner, expiresAt: record.expiresAt });
      }
    }
  }
  return expiring.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt));
}

export async function readAttention(database: Database, clusterNames: string[], now: Date = new Date()): Promise<Attention> {
  const items: AttentionItem[] = [];
  const missing: string[] = [];
  for (const clusterName of clusterNames) {
    const clusterItems = await readClusterAttention(database, clusterName, now);
    if (clusterItems === null) missing.push(clusterName);
    else items.push(...clusterItems);
  }
  return { items: items.sort(compareAttention), expiring: await readExpiring(database, clusterNames, now), missing };
}
