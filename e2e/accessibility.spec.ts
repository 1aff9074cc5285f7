import { expect, test } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { listSnapshots, waitForLiveSnapshot } from './support/history';
import { signIn } from './support/session';

// axe-core on every page, as an officer sees it (forms included), with no serious or critical issue.

test.beforeEach(async ({ request }) => {
  await waitForLiveSnapshot(request);
});

test('the sign-in page', async ({ page }, testInfo) => {
  await page.goto('/signin');
  await expect(page.getByRole('heading', { name: 'Sign in to Refmap' })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'sign-in');
});

test('every dashboard page', async ({ page, request }, testInfo) => {
  // eight pages, each with axe and a full-page screenshot: more than one default timeout on a busy machine
  test.slow();
  await signIn(request, 'viewer');
  const [live, older] = await listSnapshots(request);
  if (!live || !older) throw new Error('expected the seeded snapshot and the start-up snapshot');
  await signIn(page, 'officer');

  const pages = [
    { name: 'matrix', path: '/', heading: 'Reference Design matrix' },
    { name: 'matrix filtered, as of a day ago', path: `/?status=fail,warn&at=${encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString())}`, heading: 'Reference Design matrix' },
    { name: 'failing control', path: '/controls/S5.NON-ROOT', heading: 'S5.NON-ROOT' },
    { name: 'manual control', path: '/controls/S5.OFFLINE-DEPS', heading: 'S5.OFFLINE-DEPS' },
    { name: 'trends', path: '/trends', heading: 'Trends' },
    { name: 'history', path: '/snapshots', heading: 'History' },
    { name: 'snapshot', path: `/snapshots/${live.id}`, heading: 'Snapshot of' },
    { name: 'diff', path: `/snapshots/${live.id}/diff?against=${older.id}`, heading: 'What changed' },
  ];
  for (const entry of pages) {
    await test.step(entry.name, async () => {
      await page.goto(entry.path);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(entry.heading);
      await expectNoSeriousA11yViolations(page, testInfo, entry.name);
      await testInfo.attach(entry.name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
    });
  }
});

test('the audit trail page', async ({ page }, testInfo) => {
  await signIn(page, 'auditor');
  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'audit trail');
});
