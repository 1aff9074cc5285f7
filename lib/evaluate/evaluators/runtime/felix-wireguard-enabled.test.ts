import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { felixWireguardEnabled } from './felix-wireguard-enabled';

const { judge } = felixWireguardEnabled.spec;
const served = (...items: { name: string; isWireguardEnabled: boolean }[]) => ({ isInstalled: true, items });

describe('felix-wireguard-enabled', () => {
  it.each([
    { state: 'default enables WireGuard', configurations: served({ name: 'default', isWireguardEnabled: true }), expected: 'pass' },
    { state: 'default disables WireGuard', configurations: served({ name: 'default', isWireguardEnabled: false }, { name: 'node.n1', isWireguardEnabled: true }), expected: 'fail' },
    { state: 'no default configuration', configurations: served({ name: 'node.n1', isWireguardEnabled: true }), expected: 'fail' },
    { state: 'FelixConfiguration not served', configurations: { isInstalled: false, items: [] }, expected: 'warn' },
  ])('$state → $expected', ({ configurations, expected }) => {
    expect(judge(configurations, {}, testEnv()).status).toBe(expected);
  });

  it('lists every configuration', () => {
    expect(judge(served({ name: 'default', isWireguardEnabled: false }), {}, testEnv()).excerpt).toEqual({ configurations: [{ name: 'default', wireguardEnabled: false }] });
  });
});
