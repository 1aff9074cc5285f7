import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signIn } from '../support/session';

// The README's screenshots and the app's PNG icon and social image, from the running demo.
const OUT = 'docs/screenshots';

test.use({ viewport: { width: 1440, height: 900 } });

test('brand images from their SVG sources', async ({ page }) => {
  for (const image of [
    { svg: 'public/social.svg', png: 'public/social.png', width: 1200, height: 630 },
    { svg: 'public/icon.svg', png: 'public/icon.png', width: 180, height: 180 },
  ]) {
    await page.setViewportSize({ width: image.width, height: image.height });
    const svg = readFileSync(image.svg, 'utf8').replace('<svg ', `<svg width="${image.width}" height="${image.height}" `);
    await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: image.png, omitBackground: true });
  }
});

test('matrix, drilldown, trends and the evidence PDF', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'admin');
  // the live snapshot of every cluster follows the history at start-up
  await expect(async () => {
    const snapshots = (await (await page.request.get('/api/snapshots?cluster=wc2&limit=1')).json()) as { snapshots: { takenAt: string }[] };
    expect(Date.now() - Date.parse(snapshots.snapshots[0]?.takenAt ?? '1970-01-01T00:00:00Z')).toBeLessThan(30 * 60_000);
  }).toPass({ timeout: 120_000 });

  await page.goto('/');
  await expect(page.getByTestId('matrix-glance')).toBeVisible();
  await page.getByTestId('matrix-glance').screenshot({ path: `${OUT}/matrix-at-a-glance.png` });
  await page.screenshot({ path: `${OUT}/matrix.png` });

  await page.goto('/controls/T1.VULN-RUNTIME?cluster=wc1');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('T1.VULN-RUNTIME');
  await page.screenshot({ path: `${OUT}/drilldown.png` });

  await page.goto('/trends?cluster=wc1&range=90d');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Trends');
  await page.screenshot({ path: `${OUT}/trends.png` });

  await page.goto('/summary');
  await page.screenshot({ path: `${OUT}/summary.png` });
  await page.goto('/attention');
  await page.screenshot({ path: `${OUT}/needs-attention.png` });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.screenshot({ path: `${OUT}/matrix-phone.png` });

  // the evidence report's first page, as pdftoppm (poppler-utils) renders it
  const list = (await (await page.request.get('/api/snapshots?cluster=wc1&limit=1')).json()) as { snapshots: { id: string }[] };
  const pdf = await page.request.get(`/api/snapshots/${list.snapshots[0]?.id}/report.pdf`);
  expect(pdf.status()).toBe(200);
  const dir = mkdtempSync(path.join(tmpdir(), 'refmap-pdf-'));
  try {
    writeFileSync(path.join(dir, 'report.pdf'), await pdf.body());
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', path.join(dir, 'report.pdf'), path.join(dir, 'page')]);
    writeFileSync(`${OUT}/evidence-pdf.png`, readFileSync(path.join(dir, 'page.png')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
