import { describe, expect, it } from 'vitest';
import { DAY_SECONDS as DAY, evaluateControl as evaluate, evidenceText } from '@/lib/testing/evaluate-control';
import { sourceDown } from '@/lib/testing/fake-sources';

const project = (name: string, isAutoScanOn: boolean) => ({ id: 1, name, isPreventVulOn: true, severity: 'high', isAutoScanOn });

describe('T1.REGISTRY-SCAN', () => {
  it('passes with auto-scan everywhere and fails without', async () => {
    expect((await evaluate('T1.REGISTRY-SCAN', { harbor: { projects: [project('shop', true)] } })).status).toBe('pass');
    expect((await evaluate('T1.REGISTRY-SCAN', { harbor: { projects: [project('shop', false)] } })).status).toBe('fail');
  });

  it('is unknown when Harbor is down', async () => {
    expect((await evaluate('T1.REGISTRY-SCAN', { harbor: { projects: sourceDown('harbor') } })).status).toBe('unknown');
  });
});

const TRIVY_COUNT = 'count(trivy_image_vulnerabilities)';
const TRIVY_CRITICAL = 'sum by (namespace, image_repository, image_tag) (trivy_image_vulnerabilities{severity="Critical"})';

describe('T1.VULN-RUNTIME', () => {
  it('passes when trivy reports and nothing is critical', async () => {
    const clean = [{ labels: { namespace: 'shop', image_repository: 'shop/web', image_tag: '1.2' }, value: 0 }];
    expect((await evaluate('T1.VULN-RUNTIME', { prometheus: { [TRIVY_COUNT]: [{ labels: {}, value: 40 }], [TRIVY_CRITICAL]: clean } })).status).toBe('pass');
  });

  it('fails naming each image with critical vulnerabilities', async () => {
    const result = await evaluate('T1.VULN-RUNTIME', {
      prometheus: {
        [TRIVY_COUNT]: [{ labels: {}, value: 40 }],
        [TRIVY_CRITICAL]: [{ labels: { namespace: 'shop', image_repository: 'shop/web', image_tag: '1.2' }, value: 3 }],
      },
    });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('shop/shop/web:1.2');
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
    expect((await evaluate('T1.HOST', { prometheus: { [UPTIME]: [{ labels: { instance: 'n1' }, value: 45 * DAY }] } })).status).toBe('fail');
    expect((await evaluate('T1.HOST', { prometheus: { [UPTIME]: [{ labels: { instance: 'n1' }, value: 2 * DAY }] } })).status).toBe('warn');
  });

  it('is unknown when Prometheus is down', async () => {
    const down = sourceDown('prometheus');
    expect((await evaluate('T1.HOST', { prometheus: { [KURED]: down, [UPTIME]: down } })).status).toBe('unknown');
  });
});

describe('T1.ARTIFACT-REPO', () => {
  it('passes when Harbor is healthy and signs users in with OIDC', async () => {
    const result = await evaluate('T1.ARTIFACT-REPO', { harbor: { health: { status: 'healthy', components: [{ name: 'core', status: 'healthy' }] }, systemInfo: { harborVersion: 'v2.11.0', authMode: 'oidc_auth', isReadOnly: false } } });
    expect(result.status).toBe('pass');
  });

  it('fails naming an unhealthy component, and warns on database authentication', async () => {
    const sick = await evaluate('T1.ARTIFACT-REPO', { harbor: { health: { status: 'unhealthy', components: [{ name: 'jobservice', status: 'unhealthy' }] } } });
    expect(sick.status).toBe('fail');
    expect(sick.summary).toContain('jobservice');
    const dbAuth = await evaluate('T1.ARTIFACT-REPO', { harbor: { systemInfo: { harborVersion: 'v2.11.0', authMode: 'db_auth', isReadOnly: false } } });
    expect(dbAuth.status).toBe('warn');
  });

  it('is unknown when Harbor is down', async () => {
    const down = sourceDown('harbor');
    expect((await evaluate('T1.ARTIFACT-REPO', { harbor: { health: down, systemInfo: down } })).status).toBe('unknown');
  });
});
