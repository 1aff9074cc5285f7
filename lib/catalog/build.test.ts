import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateControls } from '@/lib/evaluate/evaluate-controls';
import { DEFAULT_CATALOG_SETTINGS } from '@/lib/evaluate/settings';
import { fakeReaders } from '@/lib/testing/fake-sources';
import { buildCatalog, CatalogFileError, parseCatalogDocument, parseClusterCatalog } from './build';
import { loadBuiltInControls } from './built-in';
import { builtInCatalog, CATALOG_VERSION, CONTROLS } from './index';

const CONFIG = { file: 'REFMAP_CONFIG', prefix: 'catalog' };
const build = (raw: unknown) => buildCatalog(builtInCatalog(), parseCatalogDocument(raw, CONFIG));

function fileError(read: () => unknown): CatalogFileError {
  try {
    read();
  } catch (error) {
    if (error instanceof CatalogFileError) return error;
    throw error;
  }
  throw new Error('expected a CatalogFileError');
}

describe('REFMAP_CONFIG catalog section', () => {
  it('accepts every built-in setting (the schema and the settings type agree)', () => {
    expect(parseCatalogDocument({ settings: DEFAULT_CATALOG_SETTINGS }, CONFIG).settings).toEqual(DEFAULT_CATALOG_SETTINGS);
  });

  it.each([
    [{ settings: { maxRebootPendingDays: 'thirty' } }, 'catalog.settings.maxRebootPendingDays'],
    [{ settings: { noSuchSetting: 1 } }, 'catalog.settings.noSuchSetting'],
    [{ controls: [{ id: 'bad id', section: '5', title: 't', requirement: 'r' }] }, 'catalog.controls.0.id'],
    [{ controls: [{ id: 'ORG.X', section: '9', title: 't', requirement: 'r' }] }, 'catalog.controls.0.section'],
    [{ controls: [{ id: 'ORG.X', section: '5', title: 't', requirement: 'r', checks: [{ id: 'c', prometheus: { query: 'up', expect: 'every' } }] }] }, 'catalog.controls.0 (ORG.X).checks.0.params'],
    [{ controls: [{ id: 'ORG.X', section: '5', title: 't', requirement: 'r', checks: [{ id: 'c', evaluator: 'no-such' }] }] }, 'catalog.controls.0 (ORG.X).checks.0.evaluator'],
    [{ controls: [{ id: 'ORG.X', section: '5', title: 't', requirement: 'r', checks: [{ id: 'c', evaluator: 'kubernetes-cel', params: { resource: '/api/v1/pods', require: 'object.(' } }] }] }, 'catalog.controls.0 (ORG.X).checks.0.params.require'],
    [{ controls: [{ id: 'ORG.X', section: '5', title: 't', requirement: 'r', checks: [{ id: 'c', evaluator: 'kubernetes-cel', params: { resource: '/api/v1/secrets', require: 'true' } }] }] }, 'catalog.controls.0 (ORG.X).checks.0.params.resource'],
    [{ controls: [{ id: 'S5.NON-ROOT', section: '5', title: 't', requirement: 'r' }] }, 'catalog.controls.0.id'],
    [{ overrides: { 'NO.SUCH': { notApplicable: 'x' } } }, 'catalog.overrides.NO.SUCH'],
    [{ overrides: { 'S5.NON-ROOT': { queries: { 'pods-run-as-non-root': 'up' } } } }, 'catalog.overrides.S5.NON-ROOT.checks.pods-run-as-non-root.params'],
    [{ overrides: { 'S5.NON-ROOT': { checks: { 'no-such-check': { params: {} } } } } }, 'catalog.overrides.S5.NON-ROOT.checks.no-such-check'],
  ])('rejects %j naming %s', (raw, where) => {
    const error = fileError(() => build(raw));
    expect(error.path.startsWith(where), `${error.path} should start with ${where}`).toBe(true);
    expect(error.message.startsWith('REFMAP_CONFIG: ')).toBe(true);
  });
});

describe('built-in catalog files', () => {
  const writeCatalog = (yaml: string) => {
    const directory = mkdtempSync(path.join(tmpdir(), 'refmap-catalog-'));
    writeFileSync(path.join(directory, '01-test.yaml'), yaml);
    return directory;
  };

  it('stop start-up naming the file, the control and the field', () => {
    const directory = writeCatalog(`controls:
  - id: T.ONE
    section: "2"
    group: g
    reference: r
    title: A title
    requirement: A requirement
    implementation: An implementation
    remediation: A remediation
    checks:
      - id: q
        evaluator: promql
        params: { expect: empty }
`);
    const error = fileError(() => loadBuiltInControls(directory));
    expect(error.message).toBe('lib/catalog/reference-design/01-test.yaml: controls.0 (T.ONE).checks.0.params.query: Invalid input: expected string, received undefined');
  });

  it('refuse settings and overrides, which belong to the configuration', () => {
    const directory = writeCatalog('settings: { maxRebootPendingDays: 3 }\ncontrols: []\n');
    expect(fileError(() => loadBuiltInControls(directory)).message).toContain('built-in files hold controls only');
  });

  it('load into the catalog every test and page uses', () => {
    expect(loadBuiltInControls()).toEqual(CONTROLS);
  });
});

describe('buildCatalog', () => {
  it('is the built-in catalog without a file', () => {
    const catalog = buildCatalog(builtInCatalog(), undefined);
    expect(catalog.version).toBe(CATALOG_VERSION);
    expect(catalog.controls).toBe(CONTROLS);
  });

  it('applies settings and gives the file its own catalog version', () => {
    const catalog = build({ settings: { maxRebootPendingDays: 14 } });
    expect(catalog.settings.maxRebootPendingDays).toBe(14);
    expect(catalog.version).toMatch(new RegExp(`^${CATALOG_VERSION.replace(/\./g, '\\.')}\\+[0-9a-f]{12}$`));
    expect(build({ settings: { maxRebootPendingDays: 15 } }).version).not.toBe(catalog.version);
  });

  it('adds declarative Prometheus and Kubernetes controls (the older shorthand) that pass, fail and stay unknown honestly', async () => {
    const catalog = build({
      controls: [
        { id: 'ORG.OPA-UP', section: '5', title: 'OPA is up', requirement: 'OPA answers', checks: [{ id: 'opa-up', prometheus: { query: 'up{job="opa"}', expect: 'every', op: '==', value: 1, objectLabel: 'instance' } }] },
        { id: 'ORG.TEAM-LABEL', section: '2', title: 'Namespaces name their team', requirement: 'r', checks: [{ id: 'team', kubernetes: { list: 'namespaces', requireLabel: 'team' } }] },
      ],
    });
    const custom = catalog.controls.filter((control) => control.id.startsWith('ORG.'));
    const evaluate = async (prometheus: Record<string, { labels: Record<string, string>; value: number }[]>) =>
      evaluateControls(custom, {
        sources: fakeReaders({ prometheus, kubernetes: { namespaces: [{ name: 'shop', labels: { team: 'web' } }, { name: 'legacy', labels: {} }] } }),
        settings: catalog.settings,
        now: new Date(),
      });
    const [upResult, labelResult] = await evaluate({ 'up{job="opa"}': [{ labels: { instance: 'opa-0' }, value: 1 }] });
    expect(upResult?.status).toBe('pass');
    expect(labelResult?.status).toBe('fail');
    expect(JSON.stringify(labelResult?.evidence)).toContain('namespace legacy');
    const [downResult] = await evaluate({ 'up{job="opa"}': [{ labels: { instance: 'opa-0' }, value: 0 }] });
    expect(downResult?.status).toBe('fail');
    const [noSeries] = await evaluate({});
    expect(noSeries?.status).toBe('unknown');
  });

  it('overrides a query by merging params, and records exactly the query sent', async () => {
    const sent: string[] = [];
    const catalog = build({ overrides: { 'T1.HOST': { checks: { 'node-uptime': { params: { query: 'max by (instance) (time() - my_boot_time)' } } } } } });
    const control = catalog.controls.find((candidate) => candidate.id === 'T1.HOST')!;
    const sources = fakeReaders({ prometheus: { 'max by (instance) (time() - my_boot_time)': [{ labels: { instance: 'n1' }, value: 90 * 86_400 }] } });
    const [result] = await evaluateControls([control], {
      sources: { ...sources, prometheusQuery: (query, at) => (sent.push(query), sources.prometheusQuery(query, at)) },
      settings: catalog.settings,
      now: new Date(),
    });
    const uptime = result?.evidence.find((item) => item.checkId === 'node-uptime');
    expect(uptime?.query).toBe('max by (instance) (time() - my_boot_time)');
    expect(sent).toContain('max by (instance) (time() - my_boot_time)');
    expect(uptime?.status).toBe('fail');
  });

  it('applies a cluster’s own overrides over the file’s, for that cluster only', () => {
    const file = parseCatalogDocument({ overrides: { 'T1.HOST': { queries: { 'node-uptime': 'file_query' } } } }, CONFIG);
    const wc1 = parseClusterCatalog({ overrides: { 'T1.HOST': { queries: { 'node-uptime': 'max by (instance) (time() - node_boot_time_seconds{cluster="wc1"})' } } } }, CONFIG);
    const queryOf = (catalog: ReturnType<typeof buildCatalog>) => catalog.controls.find((control) => control.id === 'T1.HOST')!.checks.find((check) => check.id === 'node-uptime')!.query;
    expect(queryOf(buildCatalog(builtInCatalog(), file, { name: 'wc1', catalog: wc1 }))).toBe('max by (instance) (time() - node_boot_time_seconds{cluster="wc1"})');
    expect(queryOf(buildCatalog(builtInCatalog(), file, { name: 'mgmt', catalog: undefined }))).toBe('file_query');
  });

  it('marks a control not applicable with owner, reason and expiry', async () => {
    const catalog = build({ overrides: { 'S5.DEPLOY-STRATEGY': { notApplicable: { reason: 'Argo Rollouts only', owner: 'platform-team', expires: '2099-01-01' } } } });
    const control = catalog.controls.find((candidate) => candidate.id === 'S5.DEPLOY-STRATEGY')!;
    const [result] = await evaluateControls([control], { sources: fakeReaders({ kubernetes: {} }), settings: catalog.settings, now: new Date() });
    expect(result?.status).toBe('not-applicable');
    expect(result?.summary).toContain('Argo Rollouts only');
    expect(result?.evidence[0]?.excerpt).toMatchObject({ owner: 'platform-team' });
  });
});
