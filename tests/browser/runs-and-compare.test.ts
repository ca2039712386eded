import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../lib/auth/api-tokens.ts';
import { createPrismaClient } from '../../lib/db/prisma-client.ts';
import { createSignedInContext } from '../support/accounts.ts';
import { launchBrowser } from '../support/launch-browser.ts';
import { seedModelWithCalibration } from '../support/seed-analysis.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

const SCREENSHOTS = process.env.FUSIONSCOPE_SCREENSHOTS;

async function screenshot(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

describe('runs and compare pages in Chromium', () => {
  let dashboard: RunningDashboard;
  let browser: Browser;
  let member: BrowserContext;
  const analyses: string[] = [];
  const fusions: string[] = [];

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    const dataDir = createTestDataDir('compare');
    const db = createPrismaClient(databaseUrl, 2);
    const seeded = await seedModelWithCalibration(db, dataDir, { layers: 6, hidden: 32, heads: 4, attentionFreeLayers: [1, 2, 3, 4], seed: 8 }, 2, 16);
    dashboard = await startDashboard(databaseUrl, dataDir, 1);
    browser = await launchBrowser();
    const signedIn = await createSignedInContext(browser, dashboard.url, databaseUrl, 'member');
    member = signedIn.context;
    const token = (await createApiToken(db, signedIn.account.id, 'compare test')).token;
    await db.$disconnect();
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${dashboard.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return ((await response.json()) as { id: string }).id;
    };
    analyses.push(await post('/api/analyses', { modelId: seeded.modelId, calibration: { calibrationSetId: seeded.calibrationSetId } }));
    analyses.push(await post('/api/analyses', { modelId: seeded.modelId, calibration: { text: 'import os\nprint(os.getcwd())\n'.repeat(6) }, seqLen: 24 }));
    fusions.push(await post('/api/fusions', { modelId: seeded.modelId, analysisId: analyses[0], ranges: [[1, 3]] }));
    fusions.push(await post('/api/fusions', { modelId: seeded.modelId, analysisId: analyses[0], ranges: [[1, 2], [3, 4]] }));
  });

  afterAll(async () => {
    await member?.close();
    await browser?.close();
    await dashboard?.stop();
  });

  async function open(path: string): Promise<Page> {
    const page = await member.newPage();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${dashboard.url}${path}`);
    return page;
  }

  it('lists analyses and fusion runs, filtered by status', async () => {
    const page = await open('/runs');
    // the two lists load separately: wait for each one's rows before counting them
    const analysisRows = page.getByTestId('analyses-table').locator('tbody tr');
    const fusionRows = page.getByTestId('fusion-runs-table').locator('tbody tr');
    await analysisRows.nth(1).waitFor();
    await fusionRows.nth(1).waitFor();
    await expect(analysisRows.count()).resolves.toBe(2);
    await expect(fusionRows.count()).resolves.toBe(2);
    await screenshot(page, 'runs.png');
    await page.getByLabel('filter by status').selectOption('failed');
    await page.getByText('No analyses match').waitFor();
    await page.close();
  });

  it('shows two analyses side by side and as a difference, and marks the best fusion metrics', async () => {
    const page = await open(`/compare?a=${analyses[0]}&b=${analyses[1]}&fusions=${fusions.join(',')}`);
    await page.getByTestId('heatmap-a').waitFor({ timeout: 120_000 });
    await page.getByTestId('heatmap-b').waitFor();
    await page.getByTestId('compare-mode').selectOption('difference');
    await page.getByTestId('heatmap-difference').waitFor();
    const table = page.getByTestId('compare-fusions');
    await table.locator('td.best').first().waitFor({ timeout: 180_000 });
    await expect(table.locator('tbody tr').count()).resolves.toBe(2);
    await expect(table.locator('td.best').count()).resolves.toBeGreaterThanOrEqual(5);
    await screenshot(page, 'compare.png');
    await page.close();
  }, 300_000);
});
