import { expect, test, type APIRequestContext } from '@playwright/test';
import { waitForLiveSnapshot } from './support/history';
import { signIn } from './support/session';

// The app runs its built-in demo cluster, scenario `stock` (playwright.config.ts), in which pods run
// as root: S5.NON-ROOT fails and its evidence names the pods.
const FAILING_CONTROL = 'S5.NON-ROOT';
const STATUSES = ['pass', 'fail', 'warn', 'unknown', 'manual', 'not-applicable'];
// `namespace/pod`, standing alone rather than inside a longer path such as /api/v1/query
const POD_REFERENCE = /(?<![\w./-])[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9.-]*(?![\w/-])/;

interface Matrix {
  cluster: string;
  snapshot: { id: string; takenAt: string };
  score: number;
  sections: { id: string; title: string; score: number; controls: { id: string; title: string; status: string; summary: string }[] }[];
}

/** A status chip reads as its status word, after an optional icon such as ✓ or ✗. */
function chipText(status: string): RegExp {
  return new RegExp(`^\\W*${status}$`);
}

async function getMatrix(request: APIRequestContext): Promise<Matrix> {
  const response = await request.get('/api/matrix');
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Matrix;
}

test.beforeEach(async ({ request }) => {
  await waitForLiveSnapshot(request);
  await signIn(request, 'viewer');
});

test('health reports the database and the newest snapshot of the demo cluster', async ({ request }) => {
  const health = await waitForLiveSnapshot(request);

  expect(['ok', 'degraded']).toContain(health.status);
  expect(health.database.ok).toBe(true);
  expect(health.demo).toBe(true);
  expect(Number.isNaN(Date.parse(health.lastSnapshot?.takenAt ?? ''))).toBe(false);
});

test('the matrix API shows passing and failing controls of the latest snapshot', async ({ request }) => {
  const health = await waitForLiveSnapshot(request);
  const matrix = await getMatrix(request);

  expect(matrix.snapshot.id).toEqual(health.lastSnapshot?.id);
  const controls = matrix.sections.flatMap((section) => section.controls);
  expect(controls.length).toBeGreaterThanOrEqual(3);
  for (const control of controls) expect(STATUSES, `status of ${control.id}`).toContain(control.status);
  expect(controls.some((control) => control.status === 'pass')).toBe(true);
  expect(controls.some((control) => control.status === 'fail')).toBe(true);
  expect(controls.find((control) => control.id === FAILING_CONTROL)?.status).toBe('fail');
});

test('an unknown cluster is a 404 with the error envelope', async ({ request }) => {
  const response = await request.get('/api/matrix?cluster=no-such-cluster');

  expect(response.status()).toBe(404);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
});

test('without a session, the API answers 401 and pages send people to the sign-in page', async ({ playwright, baseURL, page }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get('/api/matrix')).status()).toBe(401);
  await anonymous.dispose();

  await page.goto('/trends');
  await expect(page).toHaveURL(/\/signin\?returnTo=%2Ftrends/);
});

test('the matrix page leads from a failing control to the pods that fail it', async ({ page, request }, testInfo) => {
  const matrix = await getMatrix(request);
  await signIn(page, 'viewer');

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Reference Design matrix' })).toBeVisible();
  await expect(page.locator('header').filter({ hasText: 'Demo cluster' }).first()).toBeVisible();
  await expect(page.getByTestId('signed-in-user')).toContainText('viewer');
  // a section without controls (context only) has no table
  await expect(page.getByRole('table')).toHaveCount(matrix.sections.filter((section) => section.controls.length > 0).length);

  // every control of the snapshot has a row whose status chip agrees with the API
  const rowOf = (controlId: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name: controlId, exact: true }) });
  for (const control of matrix.sections.flatMap((section) => section.controls)) {
    await expect(rowOf(control.id).getByTestId('status-chip'), `status chip of ${control.id}`).toHaveText(chipText(control.status));
  }
  await testInfo.attach('matrix', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await rowOf(FAILING_CONTROL).getByRole('link', { name: FAILING_CONTROL, exact: true }).click();
  await expect(page).toHaveURL(/\/controls\/S5\.NON-ROOT(?:[?#]|$)/);
  await expect(page.getByRole('heading', { name: FAILING_CONTROL }).first()).toBeVisible();
  await expect(page.getByText('Query', { exact: true }).first()).toBeVisible();
  const offenders = page.getByRole('region', { name: 'Offending objects' });
  await expect(offenders.getByRole('cell').filter({ hasText: POD_REFERENCE }).first()).toBeVisible();
  await testInfo.attach('drilldown of the failing control', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});
