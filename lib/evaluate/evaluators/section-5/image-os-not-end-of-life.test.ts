import { describe, expect, it } from 'vitest';
import { testEnv } from '@/lib/testing/evaluation-env';
import { imageOsNotEndOfLife } from './image-os-not-end-of-life';

const { judge } = imageOsNotEndOfLife.spec;
const params = { query: 'trivy_image_info', namespaceLabel: 'namespace', repositoryLabel: 'image_repository', tagLabel: 'image_tag' };
const image = (repository: string, family: string, name: string, eosl: string) => ({
  labels: { namespace: 'shop', image_repository: repository, image_tag: '1.0', image_os_family: family, image_os_name: name, image_os_eosl: eosl },
  value: 1,
});

describe('image-os-not-end-of-life', () => {
  it.each([
    { state: 'supported operating systems only', samples: [image('web', 'alpine', '3.20.3', 'false')], expected: 'pass' },
    { state: 'no end-of-life label at all', samples: [{ labels: { namespace: 'shop', image_repository: 'web' }, value: 1 }], expected: 'pass' },
    { state: 'one image on an end-of-life OS', samples: [image('web', 'alpine', '3.20.3', 'false'), image('legacy', 'debian', '9.13', 'true')], expected: 'fail' },
    { state: 'no trivy_image_info series', samples: [], expected: 'unknown' },
  ])('$state → $expected', ({ samples, expected }) => {
    expect(judge({ samples, warnings: [] }, params, testEnv()).status).toBe(expected);
  });

  it('names the image and its operating system', () => {
    const outcome = judge({ samples: [image('web', 'alpine', '3.20.3', 'false'), image('legacy', 'debian', '9.13', 'true')], warnings: [] }, params, testEnv());
    expect(outcome.summary).toBe('1 of 2 running images use an end-of-life operating system');
    expect(outcome.excerpt).toEqual({ images: 2, warnings: [], totalOffenders: 1, offenders: [{ object: 'shop/legacy:1.0', reason: 'debian 9.13 is past its end of life' }] });
  });
});
