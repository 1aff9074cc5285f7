import type { ReportSnapshotData } from '@/lib/data/report-data';
import type { ControlStatus } from '@/lib/evaluate/types';
import { encodeEvidenceBody, hashEvidence } from '@/lib/snapshots/manifest';

/**
 * For the export unit tests: a stored snapshot as readReportSnapshot returns it, with the controls
 * and check statuses a test names, and awkward text everywhere (multi-line queries and reasons,
 * padded summaries, an unnamed offender).
 */
export interface TestControl {
  controlId: string;
  status: ControlStatus;
  /** one piece of evidence per status (default: one with the control's status) */
  checks?: ControlStatus[];
}

export function testSnapshot(controls: TestControl[]): ReportSnapshotData {
  const observedAt = new Date('2026-05-01T10:00:00.123Z');
  return {
    id: '0196a000-0000-7000-8000-000000000001',
    cluster: 'shop',
    takenAt: new Date('2026-05-01T10:00:00Z'),
    durationMs: 1234,
    catalogVersion: 'test',
    refmapVersion: 'test',
    score: 0.25,
    sourceErrors: [{ source: 'harbor', kind: 'http', message: 'HTTP 503\non two lines ' }],
    rawSourceErrors: [{ source: 'harbor', kind: 'http', message: 'HTTP 503\non two lines ' }],
    sequence: null,
    manifestHash: null,
    previousManifestHash: null,
    signature: null,
    publicKey: null,
    predecessorManifestHash: null,
    results: controls.map(({ controlId, status, checks = [status] }) => ({
      controlId,
      sectionId: '5',
      status,
      summary: `${controlId} is ${status}`,
      resultHash: null,
      evidence: checks.map((checkStatus, index) => {
        const checkId = `c${index + 1}`;
        const body = {
          checkId,
          source: checkStatus === 'manual' ? 'attestation' : 'kubernetes',
          query: 'GET /api/v1/pods\n  → containers',
          status: checkStatus,
          summary: ` ${checkStatus}  summary `,
          excerpt: { offenders: [{ object: 'ns/pod a', reason: 'multi\nline' }, { object: '', reason: '' }], totalOffenders: 7 },
        };
        const { json, sha256 } = encodeEvidenceBody(body);
        return { checkId, observedAt, sha256: hashEvidence(body, observedAt.toISOString()), bodySha256: sha256, bodyJson: json };
      }),
    })),
  };
}
