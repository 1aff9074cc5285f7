import { expect, test } from '@playwright/test';
import { listSnapshots, waitForLiveSnapshot } from './support/history';
import { signIn } from './support/session';

// The journeys of the people who open Refmap. The database holds two snapshots of the demo cluster:
// one from two days ago in the `healthy` scenario (e2e/seed-history.ts) and the app's own start-up
// snapshot of the `stock` scenario, which is worse: a regression with a diff behind it.

// `namespace/pod`, as the Kubernetes checks name the pods they found
const POD_REFERENCE = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9.-]*$/;

test.beforeEach(async ({ request }) => {
  await waitForLiveSnapshot(request);
});

test('(a) an officer filters to failing controls and opens a drilldown that names an offending pod', async ({ page }, testInfo) => {
  await signIn(page, 'officer');
  await page.goto('/');

  await page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: /fail/ }).check();
  await expect(page).toHaveURL(/[?&]status=fail(&|$)/);
  const rows = page.locator('tr[data-control-id]');
  await expect(rows.first()).toBeVisible();
  // every row left is failing, and the count says how many are shown
  for (const chip of await rows.getByTestId('status-chip').all()) await expect(chip).toHaveText(/fail$/);
  await expect(page.getByTestId('filter-count')).toContainText(`Showing ${await rows.count()} of`);
  await testInfo.attach('matrix filtered to fail', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  // the filter is in the URL: the same link shows the same view
  await page.reload();
  await expect(page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: /fail/ })).toBeChecked();

  await page.getByRole('link', { name: 'S5.NON-ROOT', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('S5.NON-ROOT');
  const offenders = page.getByRole('region', { name: 'Offending objects' });
  await expect(offenders).toContainText('kept as evidence');
  const firstObject = offenders.getByRole('row').nth(1).getByRole('cell').first();
  await expect(firstObject).toHaveText(POD_REFERENCE);
  await expect(page.getByText(/GET \/api\/v1\/pods/).first()).toBeVisible();
  await testInfo.attach('drilldown of the failing control', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('(b) a manager opens trends and follows a regression to the diff that caused it', async ({ page, request }, testInfo) => {
  await signIn(request, 'viewer');
  const snapshotIds = (await listSnapshots(request)).map((snapshot) => snapshot.id);
  await signIn(page, 'manager');

  await page.goto('/trends');
  await expect(page.getByRole('group', { name: 'Score over time' })).toBeVisible();
  const regression = page.getByTestId('regression').first();
  await expect(regression).toContainText('overall');
  await testInfo.attach('trends', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await regression.getByRole('link', { name: /See what changed/ }).click();
  // the worse snapshot against the one just before it (a rerun on a kept database adds later snapshots)
  await expect(page).toHaveURL(/\/snapshots\/[0-9a-f-]{36}\/diff\?against=[0-9a-f-]{36}$/);
  const [, worse, before] = /\/snapshots\/(.+)\/diff\?against=(.+)$/.exec(page.url()) ?? [];
  expect(snapshotIds).toContain(worse);
  expect(snapshotIds.indexOf(before ?? '')).toBe(snapshotIds.indexOf(worse ?? '') + 1);
  await expect(page.getByRole('heading', { name: 'What changed' })).toBeVisible();
  const nonRoot = page.getByTestId('changed-control').filter({ hasText: 'S5.NON-ROOT' });
  await expect(nonRoot.getByTestId('status-chip')).toHaveText([/pass$/, /fail$/]);
  await expect(nonRoot).toContainText('worse');
  await testInfo.attach('diff', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});

test('(c) an officer records a waiver and sees the control marked as waived, beside its automated status', async ({ page, request }, testInfo) => {
  const owner = `payments team ${Date.now()}`;
  await signIn(page, 'officer', 'Olivia Officer');
  await page.goto('/controls/S5.NO-PRIV-ESC');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('S5.NO-PRIV-ESC');

  const form = page.getByRole('form', { name: 'Record a waiver' });
  await form.getByLabel('Accepted risk').fill('Two legacy batch jobs may escalate privileges inside their pods.');
  await form.getByLabel('Reason').fill('The vendor ships a fixed image next quarter; the jobs run in an isolated namespace.');
  await form.getByLabel('Owner (who fixes it)').fill(owner);
  await form.getByRole('button', { name: 'Record waiver' }).click();

  const record = page.getByTestId('waiver-record').filter({ hasText: owner });
  await expect(record).toContainText('active');
  await expect(record).toContainText('Recorded by Olivia Officer');
  const header = page.locator('header').filter({ has: page.getByRole('heading', { level: 1 }) });
  await expect(header.getByTestId('waived-badge')).toBeVisible();
  // the automated verdict stays what the cluster showed
  await expect(header.getByTestId('status-chip')).toHaveText(/fail$/);
  await testInfo.attach('drilldown with waiver', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await page.goto('/?mark=waived');
  const row = page.locator('tr[data-control-id="S5.NO-PRIV-ESC"]');
  await expect(row.getByTestId('waived-badge')).toBeVisible();
  await expect(row.getByTestId('status-chip')).toHaveText(/fail$/);
  await testInfo.attach('matrix filtered to waived', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  // a viewer may read waivers but not record one, and the audit trail has the officer's
  await signIn(request, 'viewer');
  const refused = await request.post('/api/waivers', {
    data: { controlId: 'S5.NO-PRIV-ESC', risk: 'a risk worth a sentence', reason: 'a reason worth a sentence', owner: 'me', expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(refused.status()).toBe(403);
  await signIn(request, 'auditor');
  const audit = (await (await request.get('/api/audit?action=waive')).json()) as { events: { actorName: string | null; target: string | null; outcome: string }[] };
  expect(audit.events).toContainEqual(expect.objectContaining({ actorName: 'Olivia Officer', target: 'S5.NO-PRIV-ESC', outcome: 'success' }));
});

test('(d) an as-of view shows the older state, and "back to live" returns to the present', async ({ page }, testInfo) => {
  await signIn(page, 'auditor');
  await page.goto('/');
  const nonRootChip = page.locator('tr[data-control-id="S5.NON-ROOT"]').getByTestId('status-chip');
  await expect(nonRootChip).toHaveText(/fail$/);

  await page.getByRole('button', { name: '1 day ago' }).click();
  await expect(page).toHaveURL(/[?&]at=/);
  await expect(page.getByRole('status').filter({ hasText: 'As of' })).toContainText('the snapshot current then was taken');
  await expect(nonRootChip).toHaveText(/pass$/);
  await testInfo.attach('matrix one day ago', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  // the drilldown keeps the time
  await page.getByRole('link', { name: 'S5.NON-ROOT', exact: true }).click();
  await expect(page).toHaveURL(/\/controls\/S5\.NON-ROOT\?at=/);
  await expect(page.locator('header').getByTestId('status-chip').first()).toHaveText(/pass$/);

  await page.getByRole('button', { name: 'Back to live' }).click();
  await expect(page).not.toHaveURL(/at=/);
  await expect(page.locator('header').getByTestId('status-chip').first()).toHaveText(/fail$/);
});

test('keyboard: skip to the content, filter and open a control without a mouse', async ({ page }) => {
  await signIn(page, 'viewer');
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');

  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.focus();
  await page.keyboard.type('root');
  await expect(page).toHaveURL(/[?&]q=root/);
  const link = page.getByRole('link', { name: 'S5.NON-ROOT', exact: true });
  await link.focus();
  await expect(link).toBeFocused();
  // the focus ring is drawn (app/globals.css :focus-visible)
  expect(await link.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/controls\/S5\.NON-ROOT/);
});
