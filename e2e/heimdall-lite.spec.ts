import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForLiveSnapshot } from './support/history';
import { signIn } from './support/session';
import { serveStatic } from './support/static-server';

// MITRE Heimdall Lite (@mitre/heimdall-lite, a pinned dev dependency), its static build served on
// loopback, opens the HDF export of the live demo snapshot and counts what /api/matrix counts.

const HEIMDALL_LITE = path.resolve(import.meta.dirname, '../node_modules/@mitre/heimdall-lite/dist');

test('Heimdall Lite loads results.hdf.json and shows the passed and failed counts of /api/matrix', async ({ page, request }) => {
  test.setTimeout(180_000);
  await waitForLiveSnapshot(request);
  await signIn(request, 'auditor');
  const matrix = (await (await request.get('/api/matrix')).json()) as { snapshot: { id: string }; sections: { controls: { status: string }[] }[] };
  const statuses = matrix.sections.flatMap((section) => section.controls.map((control) => control.status));
  const count = (...wanted: string[]) => statuses.filter((status) => wanted.includes(status)).length;
  const hdf = await request.get(`/api/snapshots/${matrix.snapshot.id}/results.hdf.json`);
  expect(hdf.status()).toBe(200);

  const heimdall = await serveStatic(HEIMDALL_LITE);
  try {
    await page.goto(heimdall.url);
    await page.locator('input[type=file]').first().setInputFiles({ name: 'results.hdf.json', mimeType: 'application/json', buffer: await hdf.body() });
    await expect(page).toHaveURL(/\/results/, { timeout: 60_000 });
    // warn is a failure in HDF (partly met is not met); manual controls are "Not Reviewed"
    await expect(page.getByText(`Passed: ${count('pass')}`, { exact: true })).toBeVisible();
    await expect(page.getByText(`Failed: ${count('fail', 'warn')}`, { exact: true })).toBeVisible();
    await expect(page.getByText(`Not Reviewed: ${count('manual')}`, { exact: true })).toBeVisible();
    expect(count('pass')).toBeGreaterThan(0);
    expect(count('fail', 'warn')).toBeGreaterThan(0);
  } finally {
    await heimdall.close();
  }
});
