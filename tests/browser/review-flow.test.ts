import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { createSignedInContext, type TestAccount } from '../support/accounts.ts';
import { launchBrowser } from '../support/launch-browser.ts';
import { seedModelWithCalibration } from '../support/seed-analysis.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

const SCREENSHOTS = process.env.FUSIONSCOPE_SCREENSHOTS;

async function screenshot(page: Page, name: string) {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

/** GET from inside the page until the run is finished; returns its status. */
async function waitUntilFinished(page: Page, path: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const status = await page.evaluate(async (p) => ((await (await fetch(p)).json()) as { status: string }).status, path);
    if (!['queued', 'running'].includes(status) || Date.now() > until) return status;
    await page.waitForTimeout(300);
  }
}

/** POST from inside the page, as its own components do (cookies, CSRF header added by the page). */
async function postFromPage(page: Page, path: string, body: unknown): Promise<{ status: number; json: { id?: string; error?: string } }> {
  // the pages' fetch adds the CSRF header once the client bundle has run; before that a change is refused
  await page.waitForFunction(() => (window as unknown as { fusionscopeCsrfFetch?: true }).fusionscopeCsrfFetch === true);
  return page.evaluate(async ([p, b]) => {
    const response = await fetch(p as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    return { status: response.status, json: await response.json() };
  }, [path, body] as const);
}

describe('review flow in Chromium: one member launches a fusion run, another comments on a range and approves it', () => {
  let dashboard: RunningDashboard;
  let browser: Browser;
  let db: Db;
  let seeded: Awaited<ReturnType<typeof seedModelWithCalibration>>;
  const people: Record<'alice' | 'bob', { context: BrowserContext; account: TestAccount }> = {} as never;
  let analysisId = '';

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    const dataDir = createTestDataDir('review-flow');
    db = createPrismaClient(databaseUrl, 2);
    seeded = await seedModelWithCalibration(db, dataDir, { layers: 6, hidden: 32, heads: 4, attentionFreeLayers: [2, 3, 4], seed: 5 }, 2, 16);
    dashboard = await startDashboard(databaseUrl, dataDir, 1);
    browser = await launchBrowser();
    people.alice = await createSignedInContext(browser, dashboard.url, databaseUrl, 'member', 'Alice');
    people.bob = await createSignedInContext(browser, dashboard.url, databaseUrl, 'member', 'Bob');
  });

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await db?.$disconnect();
  });

  it('runs from launch to approval, with the comment anchored to the range and both in the history', async () => {
    const alice = await people.alice.context.newPage();
    await alice.goto(`${dashboard.url}/inbox`);
    await alice.getByTestId('inbox-empty').waitFor();
    const analysis = await postFromPage(alice, '/api/analyses', { modelId: seeded.modelId, calibration: { calibrationSetId: seeded.calibrationSetId } });
    expect(analysis.status, analysis.json.error).toBe(201);
    await expect(waitUntilFinished(alice, `/api/analyses/${analysis.json.id}`, 60_000)).resolves.toBe('succeeded');
    analysisId = analysis.json.id!;
    const launched = await postFromPage(alice, '/api/fusions', { modelId: seeded.modelId, analysisId: analysis.json.id, ranges: [[2, 4]] });
    expect(launched.status, launched.json.error).toBe(201);
    const runPath = `/fusions/${launched.json.id}`;
    await expect(waitUntilFinished(alice, `/api/fusions/${launched.json.id}`, 90_000)).resolves.toBe('succeeded');

    await alice.goto(`${dashboard.url}${runPath}`);
    await alice.getByTestId('review-status').filter({ hasText: 'You created this run' }).waitFor();
    await expect(alice.getByTestId('review-status').getByRole('button', { name: 'Approve' }).count()).resolves.toBe(0);

    const bob = await people.bob.context.newPage();
    await bob.goto(`${dashboard.url}${runPath}`);
    await bob.getByTestId('comments-empty').waitFor();
    const form = bob.getByTestId('comment-form');
    await form.getByLabel('comment').fill('Blocks **2–4** barely depend on each other: <script>window.pwned = 1</script> fuse them.');
    await form.getByLabel('anchor').selectOption('range');
    await form.getByLabel('first block').fill('2');
    await form.getByLabel('last block').fill('4');
    await form.getByRole('button', { name: 'Comment' }).click();
    const comment = bob.getByTestId('comment').first();
    await comment.waitFor();
    await expect(comment.getByTestId('comment-anchor').textContent()).resolves.toBe('blocks 2–4');
    await expect(comment.getByTestId('comment-anchor').getAttribute('href')).resolves.toBe(`${runPath}?range=2-4`);
    await expect(comment.getByTestId('comment-body').locator('strong').textContent()).resolves.toBe('2–4');
    await expect(comment.getByTestId('comment-body').locator('script').count()).resolves.toBe(0);
    await expect(bob.evaluate(() => (window as unknown as { pwned?: number }).pwned)).resolves.toBeUndefined();

    await bob.getByTestId('review-status').getByRole('button', { name: 'Approve' }).click();
    await bob.getByTestId('review-state').filter({ hasText: 'approved' }).waitFor();
    const history = bob.getByTestId('run-history');
    await history.locator('[data-event="review_state_changed"]').waitFor();
    await screenshot(bob, 'review-approved.png');
    await expect(history.textContent()).resolves.toMatch(/Alice created it.*started.*finished.*Bob commented.*Bob approved/s);

    await alice.goto(`${dashboard.url}/inbox`);
    const item = alice.getByTestId('inbox-item').filter({ hasText: 'fusion of' });
    await item.waitFor();
    await expect(item.textContent()).resolves.toMatch(/fusion of generated L=6 \[2-4\].*you created it.*review approved.*Bob commented.*Bob approved/s);
    await alice.reload();
    await alice.getByTestId('inbox-empty').waitFor();

    const review = await db.review.findFirstOrThrow({ include: { reviewer: true } });
    expect(review).toMatchObject({ state: 'approved', reviewer: { name: 'Bob' } });
  });

  it('restores a shared range link, and jumps from a heatmap marker to its comment and back', async () => {
    expect(analysisId).not.toBe('');
    const bob = await people.bob.context.newPage();
    await bob.goto(`${dashboard.url}/inbox`);
    const posted = await postFromPage(bob, `/api/runs/analyses/${analysisId}/comments`, { body: 'this cell stands out', anchor: { kind: 'cell', i: 1, j: 3 } });
    expect(posted.status).toBe(201);
    await bob.goto(`${dashboard.url}/analyses/${analysisId}?range=2-4`);
    await bob.getByTestId('range-list').locator(':scope > li').first().waitFor();
    await expect(bob.getByTestId('range-list').locator(':scope > li').count()).resolves.toBe(1);
    await expect(bob.getByTestId('range-list').textContent()).resolves.toMatch(/2\D+4/);
    const marker = bob.getByTestId('comment-marker');
    await marker.waitFor();
    await marker.click();
    const comment = bob.getByTestId('comment').filter({ hasText: 'this cell stands out' });
    await expect.poll(() => comment.evaluate((e) => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; })).toBe(true);
    await comment.getByTestId('comment-anchor').click();
    await bob.getByTestId('focus-cell').waitFor({ state: 'attached' });
    await expect.poll(() => bob.getByTestId('heatmap').evaluate((e) => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; })).toBe(true);
  });
});
