import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster, type DemoFault } from '@/demo';
import type { CatalogSettings } from '@/lib/evaluate/settings';
import type { ControlDefinition } from '@/lib/evaluate/types';
import { loadConfig, SOURCE_NAMES, type Config, type SourceName } from '@/lib/config';
import { readSnapshot, type SnapshotDetail } from '@/lib/data/snapshots';
import type { Database } from '@/lib/db';
import { worstStatus } from '@/lib/evaluate/score';
import { findEvaluator } from '@/lib/evaluate/evaluators';
import { createSourceReaders, type SourceClients } from '@/lib/evaluate/source-readers';
import type { ControlStatus } from '@/lib/evaluate/types';
import type { SourceErrorKind } from '@/lib/sources/source-error';
import { collectCluster } from '@/lib/snapshots/scheduler';
import { resolveTargets, type CollectionTarget } from '@/lib/snapshots/targets';
import { verifyHistory } from '@/lib/snapshots/verify';

/**
 * The fault matrix: every source, and every pair of sources, answering with each kind of fault,
 * collected through the real code path (configuration → resolveTargets → collectCluster → the
 * database) against one built-in demo cluster. Run on embedded PGlite (fault-matrix.test.ts) and
 * on a real Postgres (fault-matrix.integration.test.ts).
 *
 * "No control is pass on missing evidence" means, for every case:
 * - every check that reads a faulted source is not `pass`; for every fault but `empty` it is
 *   `unknown`, and its evidence names the faulted source and the kind of failure;
 * - a control with such a check is not `pass` (its status is the worst of its checks, so it can
 *   only be `unknown`, or `fail` when another check of it fails);
 * - every other control keeps the verdict it has without faults.
 * `empty` (a source that answers, but holds no data at all) may also give `not-applicable`, `warn`
 * or `fail` where absence itself is the finding — never `pass`.
 */

/** The demo's faults, plus `forbidden` (HTTP 403 to every request), which a test server plays. */
export const MATRIX_FAULTS = ['down', 'slow', 'http500', 'unauthorized', 'forbidden', 'malformed', 'truncated', 'wrong-shape', 'empty'] as const;
export type MatrixFault = (typeof MATRIX_FAULTS)[number];

export interface FaultCase {
  sources: SourceName[];
  fault: MatrixFault;
}

/** What a check must report for each fault (every fault but `empty`). */
const EXPECTED_ERRORS: Record<Exclude<MatrixFault, 'empty'>, { kinds: SourceErrorKind[]; status?: number }> = {
  down: { kinds: ['network'] },
  slow: { kinds: ['timeout'] },
  http500: { kinds: ['http'], status: 500 },
  unauthorized: { kinds: ['auth'], status: 401 },
  forbidden: { kinds: ['auth'], status: 403 },
  malformed: { kinds: ['parse'] },
  // the body stops half-way: a client sees the cut connection, the broken JSON, or (when the cut
  // goes unnoticed) no whole answer within its timeout
  truncated: { kinds: ['network', 'parse', 'timeout'] },
  'wrong-shape': { kinds: ['parse'] },
};

// Short enough to keep the matrix fast, long enough that a busy 2-core machine (unit tests run in
// parallel) answers every healthy request in time.
const SOURCE_TIMEOUT = '1s';
const SLOW_MS = 3_000;
const CLUSTER_NAME = 'fault-matrix';
const FORCED = { intervalMs: 10 * 365 * 86_400_000, force: true };

/** Every source alone, then every pair of sources, each with every fault. */
export function allFaultCases(): FaultCase[] {
  const singles = SOURCE_NAMES.map((source) => [source]);
  const pairs = SOURCE_NAMES.flatMap((first, index) => SOURCE_NAMES.slice(index + 1).map((second) => [first, second]));
  return [...singles, ...pairs].flatMap((sources) => MATRIX_FAULTS.map((fault) => ({ sources, fault })));
}

export function caseName(faultCase: FaultCase): string {
  return `${faultCase.sources.join(' + ')}: ${faultCase.fault}`;
}

/** A server that refuses every request with 403, as an API server does when RBAC allows nothing. */
async function startForbiddingServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const body = JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, message: 'forbidden', errors: [{ code: 'FORBIDDEN', message: 'forbidden' }] });
      response.writeHead(403, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * The configuration an operator would write for the demo cluster's four APIs: URLs and credentials
 * in the environment, the short source timeout, and the demo's registry host as the trusted one
 * (demo mode derives it from the dataset; here it must be stated). `forbiddenUrl` replaces the URL
 * of the sources given.
 */
function configFor(demo: DemoCluster, configDir: string, forbidden: { url: string; sources: SourceName[] } | undefined): Config {
  const urlOf = (source: SourceName) => (forbidden?.sources.includes(source) ? forbidden.url : demo.urls[source]);
  const { credentials } = demo;
  return loadConfig(
    {
      PROMETHEUS_URL: urlOf('prometheus'),
      PROMETHEUS_TOKEN: credentials.prometheusToken,
      OPENSEARCH_URL: urlOf('opensearch'),
      OPENSEARCH_USERNAME: credentials.opensearchUsername,
      OPENSEARCH_PASSWORD: credentials.opensearchPassword,
      HARBOR_URL: urlOf('harbor'),
      HARBOR_USERNAME: credentials.harborUsername,
      HARBOR_PASSWORD: credentials.harborPassword,
      KUBERNETES_API_URL: urlOf('kubernetes'),
      KUBERNETES_TOKEN: credentials.kubernetesToken,
      REFMAP_CLUSTER_NAME: CLUSTER_NAME,
      REFMAP_SOURCE_TIMEOUT: SOURCE_TIMEOUT,
      REFMAP_CONFIG: path.join(configDir, 'refmap.yaml'),
    },
    { cwd: configDir },
  );
}

async function targetFor(config: Config): Promise<CollectionTarget> {
  const [target] = await resolveTargets(config);
  if (!target) throw new Error('the configuration names no cluster');
  return target;
}

/** The catalog settings a collection uses (collectSnapshot: the cluster's registry when none is named). */
function settingsOf(target: CollectionTarget): CatalogSettings {
  const { settings } = target.catalog;
  return settings.trustedRegistries.length > 0 ? settings : { ...settings, trustedRegistries: target.registryHosts };
}

/** The client, but noting in `seen` each of its methods called, as `source.method`. */
function recordingClient<T extends object>(client: T, source: SourceName, seen: Set<string>): T {
  return new Proxy(client, {
    get(inner, property, receiver) {
      const value: unknown = Reflect.get(inner, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        seen.add(`${source}.${String(property)}`);
        return (value as (...callArgs: unknown[]) => unknown).apply(inner, args);
      };
    },
  });
}

function checkKey(controlId: string, checkId: string): string {
  return `${controlId}/${checkId}`;
}

/**
 * Client methods whose answer the `empty` fault leaves whole: they describe the system itself
 * (its version, health, settings), while `empty` takes away its lists and series.
 */
const SELF_DESCRIPTIONS = new Set(['kubernetes.getVersion', 'harbor.getHealth', 'harbor.getSystemInfo', 'opensearch.getClusterHealth']);

/** What one check reads: the sources, and the client methods it calls (`source.method`). */
interface CheckReads {
  sources: Set<SourceName>;
  methods: Set<string>;
}

/**
 * What each check reads: the source it declares, and every client method it was seen calling when
 * run alone against the healthy demo cluster (S5.STDOUT-LOGS, say, is an OpenSearch check that also
 * lists the pods). Derived from the catalog by running it, not from a hand-kept list.
 */
async function findReads(target: CollectionTarget): Promise<Map<string, CheckReads>> {
  const reads = new Map<string, CheckReads>();
  for (const control of target.catalog.controls) {
    for (const check of control.checks) {
      const methods = new Set<string>();
      // fresh readers per check: shared ones would hand a later check what an earlier one fetched
      const { clients } = target.createReaders();
      const recording: SourceClients = {
        prometheus: clients.prometheus && recordingClient(clients.prometheus, 'prometheus', methods),
        opensearch: clients.opensearch && recordingClient(clients.opensearch, 'opensearch', methods),
        harbor: clients.harbor && recordingClient(clients.harbor, 'harbor', methods),
        kubernetes: clients.kubernetes && recordingClient(clients.kubernetes, 'kubernetes', methods),
      };
      await findEvaluator(check.evaluator)!.evaluate(createSourceReaders(recording), check.params, {
        settings: settingsOf(target),
        now: new Date(),
        cluster: { name: target.clusterName, role: target.role, logsStoredIn: target.logsStoredIn },
      });
      const sources = new Set<SourceName>([check.source, ...[...methods].map((method) => method.split('.')[0] as SourceName)]);
      reads.set(checkKey(control.id, check.id), { sources, methods });
    }
  }
  return reads;
}

/**
 * Whether a check's evidence goes missing in a case: it reads a faulted source — for `empty`, one
 * of that source's lists or series, not only its self-description.
 */
function losesEvidence(reads: CheckReads | undefined, faultCase: FaultCase): boolean {
  if (!reads) return true;
  if (faultCase.fault !== 'empty') return faultCase.sources.some((source) => reads.sources.has(source));
  return [...reads.methods].some((method) => !SELF_DESCRIPTIONS.has(method) && faultCase.sources.some((source) => method.startsWith(`${source}.`)));
}

type StoredResult = SnapshotDetail['results'][number];
type StoredEvidence = StoredResult['evidence'][number];

/** The `error` of an `unknown` check's excerpt, as runCheck stores a SourceError. */
function errorOf(evidence: StoredEvidence): { source?: unknown; kind?: unknown; status?: unknown } | undefined {
  const { excerpt } = evidence;
  const error = typeof excerpt === 'object' && excerpt !== null && !Array.isArray(excerpt) ? excerpt.error : undefined;
  return typeof error === 'object' && error !== null && !Array.isArray(error) ? error : undefined;
}

interface MatrixState {
  demo: DemoCluster;
  forbidding: { url: string; close(): Promise<void> };
  configDir: string;
  controls: ControlDefinition[];
  reads: Map<string, CheckReads>;
  /** verdict of every control and check with no fault */
  baseline: Map<string, ControlStatus>;
}

/** Sets the case's faults on the demo cluster (`forbidden` is served by the 403 server instead). */
function applyFaults(state: MatrixState, faultCase: FaultCase, fault: DemoFault | undefined): void {
  if (faultCase.fault === 'forbidden') return;
  for (const source of faultCase.sources) state.demo.setFault(source, fault);
}

async function collectAndRead(database: Database, config: Config): Promise<SnapshotDetail> {
  const outcome = await collectCluster(database, await targetFor(config), FORCED);
  if (outcome.status !== 'collected') throw new Error(`collection ${outcome.status}: ${outcome.status === 'failed' ? outcome.error.message : outcome.message}`);
  return readSnapshot(database, outcome.summary.snapshotId);
}

/** What is wrong with one stored snapshot of a fault case; empty when nothing is. */
function findViolations(state: MatrixState, faultCase: FaultCase, snapshot: SnapshotDetail): string[] {
  const problems: string[] = [];
  const faulted = new Set<SourceName>(faultCase.sources);
  const byId = new Map(snapshot.results.map((result) => [result.controlId, result]));
  const affected = new Set<string>();

  for (const control of state.controls.filter((candidate) => !candidate.derivedFrom)) {
    const result = byId.get(control.id);
    if (!result) {
      problems.push(`${control.id}: not stored`);
      continue;
    }
    const expectedCheckStatuses: ControlStatus[] = [];
    for (const check of control.checks) {
      const evidence = result.evidence.find((item) => item.checkId === check.id);
      if (!evidence) {
        problems.push(`${control.id}/${check.id}: no evidence stored`);
        continue;
      }
      if (!losesEvidence(state.reads.get(checkKey(control.id, check.id)), faultCase)) {
        expectedCheckStatuses.push(state.baseline.get(checkKey(control.id, check.id)) ?? 'unknown');
        continue;
      }
      affected.add(control.id);
      if (evidence.status === 'pass') problems.push(`FALSE PASS ${control.id}/${check.id}: pass although it reads a faulted source (${evidence.summary})`);
      if (faultCase.fault === 'empty') {
        expectedCheckStatuses.push(evidence.status);
        continue;
      }
      expectedCheckStatuses.push('unknown');
      const expected = EXPECTED_ERRORS[faultCase.fault];
      const error = errorOf(evidence);
      if (evidence.status !== 'unknown') problems.push(`${control.id}/${check.id}: ${evidence.status}, expected unknown (${evidence.summary})`);
      else if (!error || !faulted.has(error.source as SourceName)) problems.push(`${control.id}/${check.id}: its error names no faulted source: ${JSON.stringify(evidence.excerpt)}`);
      else {
        if (!expected.kinds.includes(error.kind as SourceErrorKind)) problems.push(`${control.id}/${check.id}: error kind ${String(error.kind)}, expected ${expected.kinds.join(' or ')} (${evidence.summary})`);
        if (expected.status !== undefined && error.status !== expected.status) problems.push(`${control.id}/${check.id}: error status ${String(error.status)}, expected ${expected.status}`);
        if (!evidence.summary.includes(String(error.source))) problems.push(`${control.id}/${check.id}: summary does not name ${String(error.source)}: ${evidence.summary}`);
      }
    }
    const expectedStatus = control.isManual ? 'manual' : worstStatus(expectedCheckStatuses);
    if (affected.has(control.id) && result.status === 'pass') problems.push(`FALSE PASS ${control.id}: pass although a check of it reads a faulted source`);
    if (result.status !== expectedStatus) problems.push(`${control.id}: ${result.status}, expected ${expectedStatus} (${result.summary})`);
    if (affected.has(control.id) && faultCase.fault !== 'empty' && !control.isManual && !faultCase.sources.some((source) => result.summary.includes(source)) && result.status === 'unknown') {
      problems.push(`${control.id}: its summary names no faulted source: ${result.summary}`);
    }
  }

  for (const control of state.controls.filter((candidate) => candidate.derivedFrom)) {
    const result = byId.get(control.id);
    const from = (control.derivedFrom ?? []).map((id) => byId.get(id)?.status ?? 'unknown');
    const isAffected = (control.derivedFrom ?? []).some((id) => affected.has(id));
    if (!result) problems.push(`${control.id}: not stored`);
    else if (result.status !== worstStatus(from)) problems.push(`${control.id}: ${result.status}, expected the worst of ${from.join(', ')}`);
    else if (isAffected && result.status === 'pass') problems.push(`FALSE PASS ${control.id}: derived from a control that reads a faulted source`);
  }

  if (faultCase.fault !== 'empty') {
    for (const source of faultCase.sources) {
      const failure = snapshot.sourceErrors.find((item) => item.source === source);
      const expected = EXPECTED_ERRORS[faultCase.fault];
      if (!failure) problems.push(`the snapshot does not record ${source} as failing`);
      else if (!expected.kinds.includes(failure.kind as SourceErrorKind)) problems.push(`the snapshot records ${source} as ${failure.kind}, expected ${expected.kinds.join(' or ')}`);
    }
  }
  const counted = snapshot.sections.reduce((sum, section) => sum + section.pass + section.fail + section.warn + section.unknown + section.manual + section.notApplicable, 0);
  if (snapshot.results.length !== state.controls.length || counted !== state.controls.length) {
    problems.push(`stored ${snapshot.results.length} results and section counts of ${counted}, expected ${state.controls.length}`);
  }
  return problems;
}

export interface OpenedMatrixDatabase {
  database: Database;
  close(): Promise<void>;
}

/**
 * Defines the fault matrix for one database. `cases` chooses which cases run (all of them, or a
 * representative subset where the database makes each case slow).
 */
export function defineFaultMatrixTests(label: string, openTestDatabase: () => Promise<OpenedMatrixDatabase>, cases: FaultCase[]): void {
  describe(`fault matrix on ${label}`, () => {
    let opened: OpenedMatrixDatabase;
    let state: MatrixState;
    let casesRun = 0;
    let falsePasses = 0;

    beforeAll(async () => {
      opened = await openTestDatabase();
      const demo = await startDemoCluster({ scenario: 'stock', slowMs: SLOW_MS });
      const configDir = mkdtempSync(path.join(tmpdir(), 'refmap-fault-matrix-'));
      writeFileSync(path.join(configDir, 'refmap.yaml'), `catalog:\n  settings:\n    trustedRegistries: [${JSON.stringify(demo.dataset.harborHost)}]\n`);
      const forbidding = await startForbiddingServer();
      const config = configFor(demo, configDir, undefined);
      const target = await targetFor(config);
      const reads = await findReads(target);
      // the baseline: the same collection with no fault, stored like every case
      const healthy = await collectAndRead(opened.database, config);
      expect(healthy.sourceErrors).toEqual([]);
      const baseline = new Map<string, ControlStatus>();
      for (const result of healthy.results) {
        baseline.set(result.controlId, result.status);
        for (const evidence of result.evidence) baseline.set(checkKey(result.controlId, evidence.checkId), evidence.status);
      }
      state = { demo, forbidding, configDir, controls: target.catalog.controls, reads, baseline };
    }, 120_000);

    afterAll(async () => {
      if (state) {
        // the whole chain, every case's snapshot in it, still verifies
        const report = await verifyHistory(opened.database, { clusterName: CLUSTER_NAME });
        expect(report.problems).toEqual([]);
        expect(report.clusters[0]?.snapshots).toBe(casesRun + 1);
        await state.demo.stop();
        await state.forbidding.close();
        rmSync(state.configDir, { recursive: true, force: true });
      }
      await opened?.close();
      console.info(`fault matrix on ${label}: ${casesRun} cases run, ${falsePasses} false passes`);
    }, 120_000);

    it('reads more than one source in some checks, and each source in some check', () => {
      const reads = [...state.reads.values()];
      for (const source of SOURCE_NAMES) expect(reads.some((read) => read.sources.has(source)), source).toBe(true);
      expect(reads.some((read) => read.sources.size > 1)).toBe(true);
      // and the healthy demo cluster passes some controls of every source, so that a fault has something to take away
      for (const source of SOURCE_NAMES) {
        const passing = state.controls.filter((control) => state.baseline.get(control.id) === 'pass' && control.checks.some((check) => check.source === source));
        expect(passing.length, source).toBeGreaterThan(0);
      }
    });

    it.each(cases.map((faultCase) => [caseName(faultCase), faultCase] as const))('%s', async (_name, faultCase) => {
      const forbidden = faultCase.fault === 'forbidden' ? { url: state.forbidding.url, sources: faultCase.sources } : undefined;
      applyFaults(state, faultCase, faultCase.fault === 'forbidden' ? undefined : faultCase.fault);
      let snapshot: SnapshotDetail;
      try {
        snapshot = await collectAndRead(opened.database, configFor(state.demo, state.configDir, forbidden));
      } finally {
        applyFaults(state, faultCase, undefined);
      }
      casesRun++;
      const problems = findViolations(state, faultCase, snapshot);
      falsePasses += problems.filter((problem) => problem.startsWith('FALSE PASS')).length;
      expect(problems).toEqual([]);
      expect((await verifyHistory(opened.database, { snapshotId: snapshot.id })).problems).toEqual([]);
    });
  });
}
