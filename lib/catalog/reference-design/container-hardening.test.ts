import { describe, expect, it } from 'vitest';
import { evaluateControl as evaluate, evidenceText } from '@/lib/testing/evaluate-control';
import { container, pod, sourceDown } from '@/lib/testing/fake-sources';

const nonRoot = { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false };
const k8sDown = { kubernetes: { pods: sourceDown('kubernetes') } };

describe('S5.NON-ROOT', () => {
  it('passes when every workload container is non-root (system namespaces ignored)', async () => {
    const result = await evaluate('S5.NON-ROOT', {
      kubernetes: { pods: [pod('shop', 'web-1', [container(nonRoot)]), pod('kube-system', 'proxy', [container({ runAsUser: 0 })])] },
    });
    expect(result.status).toBe('pass');
  });

  it('fails and names each offending pod and container', async () => {
    const result = await evaluate('S5.NON-ROOT', {
      kubernetes: {
        pods: [
          pod('shop', 'web-1', [container(nonRoot)]),
          pod('payments', 'api-7f9', [container({ name: 'api', runAsUser: 0 })]),
          pod('analytics', 'job-1', [container({ name: 'worker' })]),
        ],
      },
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
    expect((await evaluate('S5.NON-ROOT', { kubernetes: { pods: [pod('shop', 'web-1', [container()], { runAsNonRoot: true })] } })).status).toBe('pass');
  });

  it('is unknown when the Kubernetes API is down, and names the source', async () => {
    const result = await evaluate('S5.NON-ROOT', k8sDown);
    expect(result.status).toBe('unknown');
    expect(result.summary).toContain('kubernetes');
  });

  it('is not-applicable, not pass, when there are no workload pods', async () => {
    expect((await evaluate('S5.NON-ROOT', { kubernetes: { pods: [] } })).status).toBe('not-applicable');
  });
});

describe('S5.NO-PRIV-ESC', () => {
  it('passes when escalation is off everywhere', async () => {
    expect((await evaluate('S5.NO-PRIV-ESC', { kubernetes: { pods: [pod('shop', 'web', [container(nonRoot)])] } })).status).toBe('pass');
  });

  it('fails on an unset allowPrivilegeEscalation (Kubernetes defaults to allowing it) and on privileged', async () => {
    const result = await evaluate('S5.NO-PRIV-ESC', {
      kubernetes: { pods: [pod('shop', 'web', [container({ runAsNonRoot: true })]), pod('shop', 'debug', [container({ privileged: true, allowPrivilegeEscalation: false })])] },
    });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('privileged: true');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    expect((await evaluate('S5.NO-PRIV-ESC', k8sDown)).status).toBe('unknown');
  });
});

describe('S5.NO-HARDCODED-SECRETS', () => {
  it('passes when secrets come from valueFrom', async () => {
    const result = await evaluate('S5.NO-HARDCODED-SECRETS', {
      kubernetes: { pods: [pod('shop', 'web', [container({ env: [{ name: 'DB_PASSWORD', hasLiteralValue: false }, { name: 'LOG_LEVEL', hasLiteralValue: true }] })])] },
    });
    expect(result.status).toBe('pass');
  });

  it('fails on a literal secret-like variable, naming the variable', async () => {
    const result = await evaluate('S5.NO-HARDCODED-SECRETS', {
      kubernetes: { pods: [pod('payments', 'api', [container({ env: [{ name: 'STRIPE_API_KEY', hasLiteralValue: true }] })])] },
    });
    expect(result.status).toBe('fail');
    expect(evidenceText(result)).toContain('STRIPE_API_KEY');
  });

  it('is unknown when the Kubernetes API is down', async () => {
    expect((await evaluate('S5.NO-HARDCODED-SECRETS', k8sDown)).status).toBe('unknown');
  });
});

const project = (name: string, isPreventVulOn: boolean, severity?: string, isAutoScanOn = true) => ({ id: 1, name, isPreventVulOn, severity, isAutoScanOn });

describe('S5.VULN-GATE', () => {
  it('passes when every project blocks from high or lower', async () => {
    expect((await evaluate('S5.VULN-GATE', { harbor: { projects: [project('shop', true, 'high'), project('ops', true, 'medium')] } })).status).toBe('pass');
  });

  it('fails on prevent_vul off or a gate that blocks only critical', async () => {
    const result = await evaluate('S5.VULN-GATE', { harbor: { projects: [project('shop', false), project('ops', true, 'critical'), project('ok', true, 'low')] } });
    expect(result.status).toBe('fail');
    expect(result.evidence[0]?.excerpt).toMatchObject({ totalOffenders: 2 });
  });

  it('is unknown when Harbor is down, and when it lists no project', async () => {
    expect((await evaluate('S5.VULN-GATE', { harbor: { projects: sourceDown('harbor') } })).status).toBe('unknown');
    expect((await evaluate('S5.VULN-GATE', { harbor: { projects: [] } })).status).toBe('unknown');
  });
});

describe('manual hardening items', () => {
  it.each(['S5.OFFLINE-DEPS', 'S5.SETUID', 'S5.DEFAULT-CONFIG', 'S5.MINIMAL-PACKAGES'])('%s is manual whatever the cluster says', async (id) => {
    expect((await evaluate(id, {})).status).toBe('manual');
  });
});
