import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { waitForLiveSnapshot } from './support/history';
import { signIn, type Role } from './support/session';

// The pages made for each role, at a desktop (1440×900) and a phone (390×844) width: each renders its
// content, passes axe with no serious or critical issue, and never scrolls the page sideways (wide
// tables scroll in their own box). A screenshot of each is attached to the report.

const WIDTHS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function expectNoHorizontalPageScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
}

const JOURNEYS: { role: Role; name: string; path: string; heading: string; content: (page: Page) => Promise<void> }[] = [
  {
    role: 'viewer',
    name: 'matrix at a glance',
    path: '/',
    heading: 'Reference Design matrix',
    content: async (page) => {
      const glance = page.getByTestId('matrix-glance');
      await expect(glance.getByRole('link', { name: /^S5\.NON-ROOT on .+: fail/ })).toBeVisible();
      await expect(glance.getByRole('img', { name: /^Section 2 on .+: .* over 30 days$/ }).first()).toBeVisible();
    },
  },
  {
    role: 'officer',
    name: 'needs attention',
    path: '/attention',
    heading: 'Needs attention',
    content: async (page) => {
      const rows = page.getByTestId('attention-table').locator('tbody tr');
      await expect(rows.first()).toContainText('fail');
      // worst first: no warn row comes before the last fail row
      const statuses = await rows.locator('[data-testid="status-chip"]').allTextContents();
      const lastFail = statuses.findLastIndex((status) => status.includes('fail'));
      const firstWarn = statuses.findIndex((status) => status.includes('warn'));
      expect(firstWarn === -1 || firstWarn > lastFail, statuses.join(',')).toBe(true);
      await page.getByTestId('attention-table').getByRole('link').first().click();
      await expect(page).toHaveURL(/\/controls\//);
    },
  },
  {
    role: 'manager',
    name: 'summary',
    path: '/summary',
    heading: 'Summary',
    content: async (page) => {
      await expect(page.getByTestId('cluster-summary').first()).toContainText('%');
      await expect(page.getByRole('heading', { name: 'Time to remediate' })).toBeVisible();
    },
  },
  {
    role: 'auditor',
    name: 'audit window',
    path: '/audit-window',
    heading: 'Audit window',
    content: async (page) => {
      const rows = page.getByTestId('window-table').locator('tbody tr');
      await expect(rows.first()).toContainText('#');
      const download = page.getByRole('link', { name: 'Download the window bundle (zip)' });
      const response = await page.request.get((await download.getAttribute('href')) ?? '');
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toContain('zip');
    },
  },
];

test.beforeEach(async ({ request }) => {
  await waitForLiveSnapshot(request);
});

for (const viewport of WIDTHS) {
  for (const journey of JOURNEYS) {
    test(`${journey.role}: ${journey.name} at ${viewport.width} px`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await signIn(page, journey.role);
      await page.goto(journey.path);
      await expect(page.getByRole('heading', { level: 1 })).toContainText(journey.heading);
      await expectNoHorizontalPageScroll(page);
      await expectNoSeriousA11yViolations(page, testInfo, `${journey.name} ${viewport.name}`);
      await testInfo.attach(`${journey.name} ${viewport.name}`, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
      await journey.content(page);
    });
  }
}

test('a viewer sees the audit window but no bundle to download', async ({ page }) => {
  await signIn(page, 'viewer');
  await page.goto('/audit-window');
  await expect(page.getByText('Downloading the bundle needs the auditor (or admin) role.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download the window bundle (zip)' })).toHaveCount(0);
});

test('every other page fits a phone without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'admin');
  for (const path of ['/controls/S5.NON-ROOT', '/trends', '/snapshots', '/audit']) {
    await test.step(path, async () => {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectNoHorizontalPageScroll(page);
    });
  }
});
