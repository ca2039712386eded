import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignedInContext } from '../support/accounts.ts';
import { launchBrowser } from '../support/launch-browser.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

describe('dashboard shell in Chromium', () => {
  let dashboard: RunningDashboard;
  let browser: Browser;
  let signedIn: BrowserContext;

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    dashboard = await startDashboard(databaseUrl, createTestDataDir('shell'));
    browser = await launchBrowser();
    signedIn = (await createSignedInContext(browser, dashboard.url, databaseUrl, 'viewer')).context;
  });

  afterAll(async () => {
    await signedIn?.close();
    await browser?.close();
    await dashboard?.stop();
  });

  it('shows the home page with the live worker', async () => {
    const page = await signedIn.newPage();
    await page.goto(dashboard.url);
    await expect(page.locator('h1').textContent()).resolves.toBe('Dashboard');
    await page.getByTestId('health').waitFor();
    await expect(page.getByTestId('health').textContent()).resolves.toMatch(/1 live/);
    await page.close();
  });

  it('navigates to the jobs page and shows its empty state', async () => {
    const page = await signedIn.newPage();
    await page.goto(dashboard.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Jobs' }).click();
    await page.waitForURL(/\/jobs$/);
    await page.getByTestId('jobs-empty').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('Jobs');
    await page.close();
  });
});
