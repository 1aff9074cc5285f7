import { describe, expect, it } from 'vitest';
import type { OpenSearchHealth } from '@/lib/sources/types';
import { testEnv } from '@/lib/testing/evaluation-env';
import { openSearchHealth } from './opensearch-health';

const { judge } = openSearchHealth.spec;

describe('opensearch-health', () => {
  it.each<{ status: OpenSearchHealth['status']; expected: string }>([
    { status: 'green', expected: 'pass' },
    { status: 'yellow', expected: 'warn' },
    { status: 'red', expected: 'fail' },
  ])('$status → $expected', ({ status, expected }) => {
    expect(judge({ status, numberOfNodes: 3 }, {}, testEnv()).status).toBe(expected);
  });

  it('says how many nodes answer', () => {
    expect(judge({ status: 'yellow', numberOfNodes: 1 }, {}, testEnv()).summary).toBe('OpenSearch cluster health is yellow (1 node)');
  });
});
