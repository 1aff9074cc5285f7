import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { trivyNoCriticalVulnerabilities } from './trivy-no-critical-vulnerabilities';

const { judge, query } = trivyNoCriticalVulnerabilities.spec;
const params = {
  query: 'sum by (namespace, image_repository, image_tag) (trivy_image_vulnerabilities{severity="Critical"})',
  namespaceLabel: 'namespace',
  repositoryLabel: 'image_repository',
  tagLabel: 'image_tag',
};
const image = (namespace: string, repository: string, tag: string, value: number) => ({ labels: { namespace, image_repository: repository, image_tag: tag }, value });

describe('trivy-no-critical-vulnerabilities', () => {
  it.each([
    { state: 'scanned images, none with critical findings', samples: [image('shop', 'shop/web', '1.2', 0)], expected: 'pass', summary: 'No running image has a critical vulnerability' },
    // no series at all: nothing is known to be scanned, which proves nothing
    { state: 'no vulnerability series at all', samples: [], expected: 'unknown', summary: 'No trivy_image_vulnerabilities series: no running image is known to be scanned' },
    { state: 'one image with 3', samples: [image('shop', 'shop/web', '1.2', 3)], expected: 'fail', summary: '1 running image carry 3 critical vulnerabilities' },
    {
      state: 'two images',
      samples: [image('shop', 'shop/web', '1.2', 3), image('ops', 'ops/cron', '2.0', 1)],
      expected: 'fail',
      summary: '2 running images carry 4 critical vulnerabilities',
    },
  ])('$state → $expected', ({ samples, expected, summary }) => {
    const outcome = judge({ samples, warnings: [] }, params, testEnv());
    expect(outcome.status).toBe(expected);
    expect(outcome.summary).toBe(summary);
  });

  it('names each image as namespace/repository:tag, sorted and capped', () => {
    const samples = [image('shop', 'shop/web', '1.2', 3), image('ops', 'ops/cron', '2.0', 1)];
    expect(judge({ samples, warnings: ['w'] }, params, testEnv({ maxOffendersPerCheck: 1 })).excerpt).toEqual({
      scannedImages: 2,
      warnings: ['w'],
      offenders: [{ object: 'ops/ops/cron:2.0', reason: '1 critical vulnerabilities' }],
      totalOffenders: 2,
    });
  });

  it('reads the image from the labels its params name, `?` when a series lacks one', () => {
    const outcome = judge({ samples: [{ labels: { ns: 'shop', repo: 'web' }, value: 2 }], warnings: [] }, { ...params, namespaceLabel: 'ns', repositoryLabel: 'repo', tagLabel: 'tag' }, testEnv());
    expect(outcome.excerpt.offenders).toEqual([{ object: 'shop/web:?', reason: '2 critical vulnerabilities' }]);
  });

  it('sends exactly the query of its params, one query only', () => {
    expect(query(params)).toBe(params.query);
  });

  it('refuses params without the label names', () => {
    expect(() => trivyNoCriticalVulnerabilities.parseParams({ query: params.query })).toThrow();
  });
});
