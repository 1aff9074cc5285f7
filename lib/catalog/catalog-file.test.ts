import { describe, expect, it } from 'vitest';
import { evaluateControls } from '@/lib/evaluate/evaluate-controls';
import { CATALOG_VERSION, CONTROLS } from './index';
import { buildCatalog, CatalogFileError, parseCatalogFile } from './catalog-file';
import { DEFAULT_CATALOG_SETTINGS } from './settings';
import { fakeReaders } from './test-readers';

function fileError(raw: unknown): CatalogFileError {
  try {
    buildCatalog(parseCatalogFile(raw));
  } catch (error) {
    if (error instanceof CatalogFileError) return error;
    throw error;
  }
  throw new Error('expected a CatalogFileError');
}

describe('parseCatalogFile', () => {
  it('accepts every built-in setting (the schema and the settings type agree)', () => {
    expect(parseCatalogFile({ settings: DEFAULT_CATALOG_SETTINGS }).settings).toEqual(DEFAULT_CATALOG_SETTINGS);
  });

  it.each([
    [{ settings: { maxRebootPendingDays: 'thirty' } }, 'catalog.settings.maxRebootPendingDays'],
    [{ settings: { noSuchSetting: 1 } }, 'catalog.settings'],
    [{ controls: [{ id: 'bad id', section: '5', title: 't', requirement: 'r' }] }, 'catalog.controls.0.id'],
    [{ controls: [{ id: 'ORG.X', section: '9', title: 't', requirement: 'r' }] }, 'catalog.controls.0.section'],
    [{ controls: [{ id: 'ORG.X', section: '5', title: 't', requirement: 'r', checks: [{ id: 'c', prometheus: { query: 'up', expect: 'every' } }] }] }, 'catalog.controls.0.checks.0'],
    [{ controls: [{ id: 'S5.NON-ROOT', section: '5', title: 't', requirement: 'r' }] }, 'catalog.controls.0.id'],
    [{ overrides: { 'NO.SUCH': { notApplicable: 'x' } } }, 'catalog.overrides.NO.SUCH'],
    [{ overrides: { 'S5.NON-ROOT': { queries: { 'pods-run-as-non-root': 'up' } } } }, 'catalog.overrides.S5.NON-ROOT.queries.pods-run-as-non-root'],
  ])('rejects %j naming %s', (raw, path) => {
    expect(fileError(raw).message.startsWith(path)).toBe(true);
  });
});

describe('buildCatalog', () => {
  it('is the built-in catalog without a file', () => {
    const catalog = buildCatalog(undefined);
    expect(catalog.version).toBe(CATALOG_VERSION);
    expect(catalog.controls).toBe(CONTROLS);
  });

  it('applies settings and gives the file its own catalog version', () => {
    const catalog = buildCatalog(parseCatalogFile({ settings: { maxRebootPendingDays: 14 } }));
    expect(catalog.settings.maxRebootPendingDays).toBe(14);
    expect(catalog.version).toMatch(new RegExp(`^${CATALOG_VERSION.replace(/\./g, '\\.')}\\+[0-9a-f]{12}$`));
    expect(buildCatalog(parseCatalogFile({ settings: { maxRebootPendingDays: 15 } })).version).not.toBe(catalog.version);
  });

  it('adds declarative Prometheus and Kubernetes controls that pass, fail and stay unknown honestly', async () => {
    const catalog = buildCatalog(
      parseCatalogFile({
        controls: [
          { id: 'ORG.OPA-UP', section: '5', title: 'OPA is up', requirement: 'OPA answers', checks: [{ id: 'opa-up', prometheus: { query: 'up{job="opa"}', expect: 'every', op: '==', value: 1, objectLabel: 'instance' } }] },
          { id: 'ORG.TEAM-LABEL', section: '2', title: 'Namespaces name their team', requirement: 'r', checks: [{ id: 'team', kubernetes: { list: 'namespaces', requireLabel: 'team' } }] },
        ],
      }),
    );
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

  it('overrides a Prometheus query and records the query actually sent', async () => {
    const catalog = buildCatalog(parseCatalogFile({ overrides: { 'T1.HOST': { queries: { 'node-uptime': 'max by (instance) (time() - my_boot_time)' } } } }));
    const control = catalog.controls.find((candidate) => candidate.id === 'T1.HOST')!;
    const [result] = await evaluateControls([control], {
      sources: fakeReaders({ prometheus: { 'max by (instance) (time() - my_boot_time)': [{ labels: { instance: 'n1' }, value: 90 * 86_400 }] } }),
      settings: catalog.settings,
      now: new Date(),
    });
    const uptime = result?.evidence.find((item) => item.checkId === 'node-uptime');
    expect(uptime?.query).toBe('max by (instance) (time() - my_boot_time)');
    expect(uptime?.status).toBe('fail');
  });

  it('excludes a control from scoring with a reason', async () => {
    const catalog = buildCatalog(parseCatalogFile({ overrides: { 'S5.DEPLOY-STRATEGY': { notApplicable: 'Argo Rollouts only' } } }));
    const control = catalog.controls.find((candidate) => candidate.id === 'S5.DEPLOY-STRATEGY')!;
    const [result] = await evaluateControls([control], { sources: fakeReaders({ kubernetes: {} }), settings: catalog.settings, now: new Date() });
    expect(result?.status).toBe('not-applicable');
    expect(result?.summary).toContain('Argo Rollouts only');
  });
});
