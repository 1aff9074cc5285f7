import { describe, expect, it } from 'vitest';
import { CONTROLS } from '@/lib/catalog';
import { DEFAULT_CATALOG_SETTINGS } from '@/lib/catalog/settings';
import { evaluateControls } from '@/lib/evaluate/evaluate-controls';
import type { ControlResult } from '@/lib/evaluate/types';
import { container, fakeReaders, pod, sourceDown, type FakeSources } from '../test-readers';

const NOW = new Date('2026-06-01T12:00:00Z');
const DAY = 86_400;

async function evaluate(controlId: string, fake: FakeSources): Promise<ControlResult> {
  const control = CONTROLS.find((candidate) => candidate.id === controlId);
  if (!control) throw new Error(`no control ${controlId}`);
  const [result] = await evaluateControls([control], { sources: fakeReaders(fake), settings: DEFAULT_CATALOG_SETTINGS, now: NOW });
  if (!result) throw new Error('no result');
  return result;
}

const nonRoot = { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false };

describe('S5.NON-ROOT', () => {
  it('passes when every workload container is non-root (system namespaces ignored)', async () => {
    const result = await evaluate('S5.NON-ROOT', {
      pods: [pod('shop', 'web-1', [container(nonRoot)]), pod('kube-system', 'proxy', [container({ runAsUser: 0 })])],
    });
    expect(result.status).toBe('pass');
  });

  it('fails and names each offending pod and container', async () => {
    const result = await evaluate('S5.NON-ROOT', {
      pods: [
        pod('shop', 'web-1', [container(nonRoot)]),
        pod('payments', 'api-7f9', [container({ name: 'api', runAsUser: 0 })]),
        pod('analytics', 'job-1', [container({ name: 'worker' })]),
      ],
    });
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('2 of 3 workload containers may run as root');
    expect(result.evidence[0]?.excerpt).toMatchObject({
      totalOffenders: 2,
      offenders: [
        { object: 'analytics/job-1', container: 'worker' },
        { object: 'payments/api-7f9', container: 'api', reason: 'runAsUser is 0 (root)' },
      ],
    });
  });

  it('takes a pod-level runAsNonRoot when the container sets nothing', async () => {
    const result = await evaluate('S5.NON-ROOT', { pods: [pod('shop', 'web-1', [container()], { runAsNonRoot: true })] });
    expect(result.status).toBe('pass');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    const result = await evaluate('S5.NON-ROOT', { pods: sourceDown('kubernetes') });
    expect(result.status).toBe('unknown');
    expect(result.summary).toContain('kubernetes');
  });

  it('is not-applicable, not pass, when there are no workload pods', async () => {
    const result = await evaluate('S5.NON-ROOT', { pods: [] });
    expect(result.status).toBe('not-applicable');
  });
});

describe('S5.NO-PRIV-ESC', () => {
  it('passes when escalation is off everywhere', async () => {
    expect((await evaluate('S5.NO-PRIV-ESC', { pods: [pod('shop', 'web', [container(nonRoot)])] })).status).toBe('pass');
  });

  it('fails on an unset allowPrivilegeEscalation (Kubernetes defaults to allowing it) and on privileged', async () => {
    const result = await evaluate('S5.NO-PRIV-ESC', {
      pods: [pod('shop', 'web', [container({ runAsNonRoot: true })]), pod('shop', 'debug', [container({ privileged: true, allowPrivilegeEscalation: false })])],
    });
    expect(result.status).toBe('fail');
    expect(JSON.stringify(result.evidence[0]?.excerpt)).toContain('privileged: true');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    expect((await evaluate('S5.NO-PRIV-ESC', { pods: sourceDown('kubernetes') })).status).toBe('unknown');
  });
});

describe('S5.NO-HARDCODED-SECRETS', () => {
  it('passes when secrets come from valueFrom', async () => {
    const result = await evaluate('S5.NO-HARDCODED-SECRETS', {
      pods: [pod('shop', 'web', [container({ env: [{ name: 'DB_PASSWORD', hasLiteralValue: false }, { name: 'LOG_LEVEL', hasLiteralValue: true }] })])],
    });
    expect(result.status).toBe('pass');
  });

  it('fails on a literal secret-like variable, naming the variable', async () => {
    const result = await evaluate('S5.NO-HARDCODED-SECRETS', {
      pods: [pod('payments', 'api', [container({ env: [{ name: 'STRIPE_API_KEY', hasLiteralValue: true }] })])],
    });
    expect(result.status).toBe('fail');
    expect(JSON.stringify(result.evidence[0]?.excerpt)).toContain('STRIPE_API_KEY');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    expect((await evaluate('S5.NO-HARDCODED-SECRETS', { pods: sourceDown('kubernetes') })).status).toBe('unknown');
  });
});

const project = (name: string, isPreventVulOn: boolean, severity?: string, isAutoScanOn = true) => ({ id: 1, name, isPreventVulOn, severity, isAutoScanOn });

describe('S5.VULN-GATE', () => {
  it('passes when every project blocks from high or lower', async () => {
    expect((await evaluate('S5.VULN-GATE', { projects: [project('shop', true, 'high'), project('ops', true, 'medium')] })).status).toBe('pass');
  });

  it('fails on prevent_vul off or a gate that blocks only critical', async () => {
    const result = await evaluate('S5.VULN-GATE', { projects: [project('shop', false), project('ops', true, 'critical'), project('ok', true, 'low')] });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.excerpt).toMatchObject({ totalOffenders: 2 });
  });

  it('is unknown when Harbor is down, and when it lists no project', async () => {
    expect((await evaluate('S5.VULN-GATE', { projects: sourceDown('harbor') })).status).toBe('unknown');
    expect((await evaluate('S5.VULN-GATE', { projects: [] })).status).toBe('unknown');
  });
});

describe('T1.REGISTRY-SCAN', () => {
  it('passes with auto-scan everywhere and fails without', async () => {
    expect((await evaluate('T1.REGISTRY-SCAN', { projects: [project('shop', true, 'high', true)] })).status).toBe('pass');
    expect((await evaluate('T1.REGISTRY-SCAN', { projects: [project('shop', true, 'high', false)] })).status).toBe('fail');
  });

  it('is unknown when Harbor is down', async () => {
    expect((await evaluate('T1.REGISTRY-SCAN', { projects: sourceDown('harbor') })).status).toBe('unknown');
  });
});

const TRIVY_COUNT = 'count(trivy_image_vulnerabilities)';
const TRIVY_CRITICAL = 'sum by (namespace, image_repository, image_tag) (trivy_image_vulnerabilities{severity="Critical"}) > 0';

describe('T1.VULN-RUNTIME', () => {
  it('passes when trivy reports and nothing is critical', async () => {
    expect((await evaluate('T1.VULN-RUNTIME', { prometheus: { [TRIVY_COUNT]: [{ labels: {}, value: 40 }] } })).status).toBe('pass');
  });

  it('fails naming each image with critical vulnerabilities', async () => {
    const result = await evaluate('T1.VULN-RUNTIME', {
      prometheus: {
        [TRIVY_COUNT]: [{ labels: {}, value: 40 }],
        [TRIVY_CRITICAL]: [{ labels: { namespace: 'shop', image_repository: 'shop/web', image_tag: '1.2' }, value: 3 }],
      },
    });
    expect(result.status).toBe('fail');
    expect(JSON.stringify(result.evidence)).toContain('shop/shop/web:1.2');
  });

  it('is unknown, not pass, when trivy exports no series at all', async () => {
    expect((await evaluate('T1.VULN-RUNTIME', { prometheus: {} })).status).toBe('unknown');
  });

  it('is unknown when Prometheus is down', async () => {
    const down = sourceDown('prometheus');
    expect((await evaluate('T1.VULN-RUNTIME', { prometheus: { [TRIVY_COUNT]: down, [TRIVY_CRITICAL]: down } })).status).toBe('unknown');
  });
});

const KURED = 'max by (node) (kured_reboot_required)';
const UPTIME = 'max by (instance) (time() - node_boot_time_seconds)';

describe('T1.HOST', () => {
  it('passes with kured reporting and recent reboots', async () => {
    const result = await evaluate('T1.HOST', { prometheus: { [KURED]: [{ labels: { node: 'n1' }, value: 0 }], [UPTIME]: [{ labels: { instance: 'n1' }, value: 3 * DAY }] } });
    expect(result.status).toBe('pass');
  });

  it('fails when a node has run past the limit, and warns when kured is missing', async () => {
    const stale = await evaluate('T1.HOST', { prometheus: { [UPTIME]: [{ labels: { instance: 'n1' }, value: 45 * DAY }] } });
    expect(stale.status).toBe('fail');
    const noKured = await evaluate('T1.HOST', { prometheus: { [UPTIME]: [{ labels: { instance: 'n1' }, value: 2 * DAY }] } });
    expect(noKured.status).toBe('warn');
  });

  it('is unknown when Prometheus is down', async () => {
    const down = sourceDown('prometheus');
    expect((await evaluate('T1.HOST', { prometheus: { [KURED]: down, [UPTIME]: down } })).status).toBe('unknown');
  });
});

describe('T1.LOG-STORE', () => {
  const allAliases = ['kubernetes', 'kubeaudit', 'authlog', 'other'];

  it('passes on green with every alias', async () => {
    expect((await evaluate('T1.LOG-STORE', { opensearch: { health: 'green', aliases: allAliases } })).status).toBe('pass');
  });

  it('warns on yellow and fails on a missing alias', async () => {
    expect((await evaluate('T1.LOG-STORE', { opensearch: { health: 'yellow', aliases: allAliases } })).status).toBe('warn');
    expect((await evaluate('T1.LOG-STORE', { opensearch: { health: 'green', aliases: ['kubernetes'] } })).status).toBe('fail');
  });

  it('is unknown when OpenSearch is down', async () => {
    const down = sourceDown('opensearch');
    expect((await evaluate('T1.LOG-STORE', { opensearch: { health: down, aliases: down } })).status).toBe('unknown');
  });
});

describe('manual controls', () => {
  it('are manual whatever the cluster says', async () => {
    expect((await evaluate('S5.OFFLINE-DEPS', {})).status).toBe('manual');
  });
});

describe('evaluateControls', () => {
  it('makes every check of a source that is not configured unknown', async () => {
    const results = await evaluateControls(CONTROLS, { sources: fakeReaders({}), settings: DEFAULT_CATALOG_SETTINGS, now: NOW });
    for (const result of results.filter((candidate) => candidate.evidence.length > 0)) {
      expect(result.status, result.controlId).toBe('unknown');
    }
  });

  it('stamps each piece of evidence with a sha256 of its content', async () => {
    const result = await evaluate('S5.VULN-GATE', { projects: [project('shop', true, 'high')] });
    expect(result.evidence[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.evidence[0]?.query).toContain('/api/v2.0/projects');
  });
});
