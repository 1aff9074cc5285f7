import 'server-only';
import { findActiveControl } from '@/lib/app-context';
import type { Database } from '@/lib/db';
import type { JsonValue } from '@/lib/evaluate/canonical-json';
import { CONTROL_STATUSES, type ControlStatus } from '@/lib/evaluate/types';
import { decodeEvidenceBody } from '@/lib/snapshots/manifest';
import { findSnapshotAsOf } from './matrix';

export interface ControlDetail {
  cluster: string;
  snapshot: { id: string; takenAt: string };
  control: {
    id: string;
    sectionId: string;
    group: string;
    title: string;
    requirement: string;
    implementation: string;
    remediation: string;
    isManual: boolean;
  };
  status: ControlStatus;
  summary: string;
  checks: {
    id: string;
    source: string;
    query: string;
    rule: string;
    status: ControlStatus;
    summary: string;
    observedAt: string;
    excerpt: JsonValue;
    sha256: string;
    offenders: { object: string; container?: string; reason: string }[];
    totalOffenders: number;
    /** the source failure that made this check unknown, as recorded with its evidence */
    sourceError: { source: string; kind: string; message: string } | null;
  }[];
  history: { snapshotId: string; takenAt: string; status: ControlStatus }[];
}

export class NoSuchControlError extends Error {
  constructor(readonly controlId: string) {
    super(`no control ${controlId}`);
  }
}

const HISTORY_LENGTH = 30;

function toStatus(value: string): ControlStatus {
  return (CONTROL_STATUSES as readonly string[]).includes(value) ? (value as ControlStatus) : 'unknown';
}

function readSourceError(excerpt: JsonValue): ControlDetail['checks'][number]['sourceError'] {
  if (typeof excerpt !== 'object' || excerpt === null || Array.isArray(excerpt)) return null;
  const error = excerpt.error;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) return null;
  return { source: String(error.source ?? ''), kind: String(error.kind ?? ''), message: String(error.message ?? '') };
}

function readOffenders(excerpt: JsonValue): { offenders: ControlDetail['checks'][number]['offenders']; total: number } {
  if (typeof excerpt !== 'object' || excerpt === null || Array.isArray(excerpt)) return { offenders: [], total: 0 };
  const list = Array.isArray(excerpt.offenders) ? excerpt.offenders : [];
  const offenders = list
    .filter((item): item is { [key: string]: JsonValue } => typeof item === 'object' && item !== null && !Array.isArray(item))
    .map((item) => ({
      object: String(item.object ?? ''),
      container: typeof item.container === 'string' ? item.container : undefined,
      reason: String(item.reason ?? ''),
    }));
  const total = typeof excerpt.totalOffenders === 'number' ? excerpt.totalOffenders : offenders.length;
  return { offenders, total };
}

/** One control as of a time: definition, verdict, each check with its query and evidence, recent history. */
export async function readControlDetail(database: Database, clusterName: string, controlId: string, at?: Date): Promise<ControlDetail> {
  const definition = findActiveControl(controlId);
  if (!definition) throw new NoSuchControlError(controlId);
  const { cluster, snapshot } = await findSnapshotAsOf(database, clusterName, at);
  const result = await database.prisma.controlResult.findUnique({
    where: { snapshotId_controlId: { snapshotId: snapshot.id, controlId } },
    select: {
      status: true,
      summary: true,
      evidence: { select: { checkId: true, observedAt: true, sha256: true, body: { select: { json: true } } }, orderBy: { checkId: 'asc' } },
    },
  });
  const history = await database.prisma.controlResult.findMany({
    where: { controlId, snapshot: { clusterId: cluster.id, takenAt: { lte: snapshot.takenAt } } },
    orderBy: { snapshot: { takenAt: 'desc' } },
    take: HISTORY_LENGTH,
    select: { status: true, snapshot: { select: { id: true, takenAt: true } } },
  });
  const rules = new Map(definition.checks.map((check) => [check.id, check.rule]));
  return {
    cluster: clusterName,
    snapshot: { id: snapshot.id, takenAt: snapshot.takenAt.toISOString() },
    control: {
      id: definition.id,
      sectionId: definition.sectionId,
      group: definition.group,
      title: definition.title,
      requirement: definition.requirement,
      implementation: definition.implementation,
      remediation: definition.remediation,
      isManual: definition.isManual ?? false,
    },
    // a control added to the catalog after this snapshot was taken has no result in it
    status: result ? toStatus(result.status) : 'unknown',
    summary: result?.summary ?? 'This control was not evaluated in this snapshot',
    checks: (result?.evidence ?? []).map((item) => {
      const body = decodeEvidenceBody(item.body.json);
      const excerpt: JsonValue = body.excerpt;
      const { offenders, total } = readOffenders(excerpt);
      return {
        id: item.checkId,
        source: body.source,
        query: body.query,
        rule: rules.get(item.checkId) ?? '',
        status: toStatus(body.status),
        summary: body.summary,
        observedAt: item.observedAt.toISOString(),
        excerpt,
        sha256: item.sha256,
        offenders,
        totalOffenders: total,
        sourceError: body.status === 'unknown' ? readSourceError(excerpt) : null,
      };
    }),
    history: history.map((row) => ({ snapshotId: row.snapshot.id, takenAt: row.snapshot.takenAt.toISOString(), status: toStatus(row.status) })),
  };
}
