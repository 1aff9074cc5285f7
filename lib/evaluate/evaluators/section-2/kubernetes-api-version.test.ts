import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { kubernetesApiVersion } from './kubernetes-api-version';

const { judge } = kubernetesApiVersion.spec;
const version = (minor: number) => ({ gitVersion: `v1.${minor}.2`, major: 1, minor });

describe('kubernetes-api-version', () => {
  it.each([
    { state: 'the minimum minor', minor: 31, expected: 'pass' },
    { state: 'a newer minor', minor: 33, expected: 'pass' },
    { state: 'one minor too old', minor: 30, expected: 'fail' },
  ])('$state → $expected', ({ minor, expected }) => {
    expect(judge(version(minor), {}, testEnv({ minimumKubernetesMinor: 31 })).status).toBe(expected);
  });

  it('names the version and the minimum in its evidence', () => {
    expect(judge(version(28), {}, testEnv()).excerpt).toEqual({ gitVersion: 'v1.28.2', minimumMinor: 31 });
  });
});
