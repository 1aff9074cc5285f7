import { expect, test } from '@playwright/test';
import { PAGE_JAVASCRIPT_BUDGET_BYTES, measurePageJavascript } from '../scripts/page-javascript';
import { signIn } from './support/session';

// The production build's JavaScript for the matrix page, as the server sends it (`npm run build`
// runs before this step); `npm run bench` reports the same figure in BENCHMARKS.md.
test('the matrix page loads no more JavaScript than its budget (gzip; target 150 KB, see BENCHMARKS.md)', async ({ request }) => {
  await signIn(request, 'viewer');
  const page = await request.get('/');
  expect(page.status()).toBe(200);
  const javascript = await measurePageJavascript(await page.text(), async (path) => {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    return response.text();
  });
  // a page that loads no script at all would pass any budget: the client components need some
  expect(javascript.files.length).toBeGreaterThan(0);
  const perFile = javascript.files.map((file) => `${file.path} ${(file.gzipBytes / 1024).toFixed(1)} KB`).join('\n');
  expect(javascript.gzipBytes, `JavaScript for / (gzip), per file:\n${perFile}`).toBeLessThanOrEqual(PAGE_JAVASCRIPT_BUDGET_BYTES);
});
