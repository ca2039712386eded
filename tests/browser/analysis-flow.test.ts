import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestDecoder } from '../../lib/testmodels/build-test-decoder.ts';
import { loadDemoModel } from '../../scripts/load-demo-model.ts';
import { createSignedInContext } from '../support/accounts.ts';
import { launchBrowser } from '../support/launch-browser.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

const SCREENSHOTS = process.env.FUSIONSCOPE_SCREENSHOTS;
const DEMO_MODEL = new URL('../../models/demo/demo-decoder.onnx', import.meta.url);

async function screenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  await page.setViewportSize({ width: 1440, height: 1180 });
  await page.screenshot({ path: path.join(SCREENSHOTS, name) });
}

async function waitForAnalysis(page: Page, timeoutMs: number) {
  await page.getByTestId('heatmap').waitFor();
  await page.locator('.badge.succeeded, .badge.failed').first().waitFor({ timeout: timeoutMs });
  await expect(page.locator('.badge.failed').count()).resolves.toBe(0);
}

/** Clicks a button that downloads a file and returns the file's bytes and suggested name. */
async function downloaded(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

/** The matrix as CSV and JSON, the heatmap as SVG and PNG. */
async function checkExports(page: Page, blocks: number) {
  const csv = await downloaded(page, 'export-csv');
  expect(csv.name).toMatch(/-matrix\.csv$/);
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  expect(lines).toHaveLength(blocks + 1);
  expect(lines[1]!.split(',')).toHaveLength(blocks + 1);
  const json = JSON.parse((await downloaded(page, 'export-json')).bytes.toString('utf8')) as { matrix: unknown[][] };
  expect(json.matrix).toHaveLength(blocks);
  expect((await downloaded(page, 'export-svg')).bytes.toString('utf8')).toMatch(/^<svg xmlns/);
  expect((await downloaded(page, 'export-png')).bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
}

/** Moves the pointer over cell (i, j) of the heatmap. */
async function hoverCell(page: Page, i: number, j: number) {
  const size = Number(await page.getByTestId('heatmap').getAttribute('data-rows'));
  const box = (await page.locator('.heatmap-hit').boundingBox())!;
  const cell = box.width / size;
  await page.mouse.move(box.x + (j + 0.5) * cell, box.y + (i + 0.5) * cell);
}

/** Picks the first suggested range, launches the fusion run and checks its page and download. */
async function fuseSuggestedRange(page: Page, timeoutMs: number) {
  await page.getByTestId('add-suggestion').first().click();
  const rangeList = page.getByTestId('range-list');
  await expect(rangeList.locator('li').count()).resolves.toBe(1);
  const [a, b] = (await rangeList.locator('li b, li span').first().textContent())!.match(/\d+/g)!.map(Number);
  expect(b! > a!).toBe(true);
  await hoverCell(page, a! + 1, b! - 1);
  await expect(page.getByTestId('heatmap-tooltip').textContent()).resolves.toContain(`M[${a! + 1}][${b! - 1}]`);
  await screenshot(page, 'heatmap-with-range.png');
  await page.getByTestId('launch-fusion').click();
  await page.waitForURL(/\/fusions\/[0-9a-f-]+$/);
  await page.getByTestId('fusion-metrics').waitFor({ timeout: timeoutMs });
  await expect(page.getByTestId('fusion-metrics').textContent()).resolves.toMatch(/speedup/);
  await expect(page.getByTestId('range-details').textContent()).resolves.toContain(`[${a}, ${b}]`);
  const download = page.waitForEvent('download');
  await page.getByTestId('download-model').click();
  const file = await (await download).path();
  const bytes = fs.readFileSync(file!);
  expect(bytes.length).toBeGreaterThan(1000);
  await screenshot(page, 'fusion-run.png');
  const metrics = JSON.parse((await downloaded(page, 'export-metrics')).bytes.toString('utf8')) as { ranges: number[][]; metrics: { kl: number } };
  expect(metrics.ranges).toEqual([[a, b]]);
  expect(metrics.metrics.kl).toBeGreaterThanOrEqual(0);
  await page.getByTestId('analysis-link').click();
  await page.waitForURL(/\/analyses\//);
  await page.getByTestId('fusion-runs-table').waitFor();
}

describe('the analysis and fusion flow in Chromium', () => {
  let dashboard: RunningDashboard;
  let browser: Browser;
  let member: BrowserContext;
  let dataDir: string;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    dataDir = createTestDataDir('flow');
    if (fs.existsSync(DEMO_MODEL)) await loadDemoModel(databaseUrl, dataDir, () => {});
    dashboard = await startDashboard(databaseUrl, dataDir, 1);
    browser = await launchBrowser();
    member = (await createSignedInContext(browser, dashboard.url, databaseUrl, 'member')).context;
  });

  afterAll(async () => {
    await member?.close();
    await browser?.close();
    await dashboard?.stop();
  });

  it('uploads a generated model, analyses it from pasted text, fuses a suggested range and downloads the result', async () => {
    const file = path.join(dataDir, 'generated-decoder.onnx');
    writeTestDecoder(file, { layers: 8, hidden: 32, heads: 4, attentionFreeLayers: [2, 3, 4, 5, 6], seed: 4, weightScale: 0.03 });
    const page = await member.newPage();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(dashboard.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Models' }).click();
    await page.getByTestId('upload-form').locator('input[name="file"]').setInputFiles(file);
    await page.getByTestId('upload-form').getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/models\/[0-9a-f-]+$/);
    await page.getByTestId('block-strip').waitFor();
    await page.getByTestId('new-analysis').click();
    await page.getByRole('radio', { name: /^ ?Text/ }).check();
    await page.getByTestId('calibration-text').fill('def add(a, b):\n    return a + b\n'.repeat(8));
    await page.getByTestId('seq-len').fill('32');
    await page.getByTestId('launch-analysis').click();
    await page.waitForURL(/\/analyses\/[0-9a-f-]+$/);
    await waitForAnalysis(page, 120_000);
    await expect(page.getByTestId('heatmap').getAttribute('data-rows')).resolves.toBe('8');
    await checkExports(page, 8);
    await fuseSuggestedRange(page, 180_000);
    await page.close();
  });

  it('shows upload errors inline, validates ranges inline, and selects ranges by dragging along the diagonal and by keyboard, with wheel zoom', async () => {
    const page = await member.newPage();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(`${dashboard.url}/models`);
    const broken = path.join(dataDir, 'broken.onnx');
    fs.writeFileSync(broken, 'not a model');
    await page.getByTestId('upload-form').locator('input[name="file"]').setInputFiles(broken);
    await page.getByTestId('upload-form').getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByTestId('upload-error').textContent()).resolves.toMatch(/not a readable ONNX model/);
    await page.getByRole('navigation').getByRole('link', { name: 'Runs' }).click();
    await page.getByTestId('analyses-table').locator('a').first().click();
    await page.waitForURL(/\/analyses\//);
    await page.getByTestId('heatmap').waitFor();
    await page.getByLabel('a', { exact: true }).fill('0');
    await page.getByLabel('b', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Add range' }).click();
    await expect(page.getByTestId('range-list').textContent()).resolves.toMatch(/blocks 0, 1 are not FFN-only/);
    await expect(page.getByTestId('launch-fusion').isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'remove range 0 to 3' }).click();

    // drag along the diagonal from block 2 to block 4
    const box = (await page.locator('.heatmap-hit').boundingBox())!;
    const cell = box.width / 8;
    await page.mouse.move(box.x + 2.5 * cell, box.y + 2.5 * cell);
    await page.mouse.down();
    await page.mouse.move(box.x + 3.5 * cell, box.y + 3.4 * cell, { steps: 4 });
    await page.mouse.move(box.x + 4.5 * cell, box.y + 4.4 * cell, { steps: 4 });
    await page.mouse.up();
    await expect(page.getByTestId('range-list').textContent()).resolves.toMatch(/\[2, 4\]/);
    await expect(page.locator('.heatmap-range').count()).resolves.toBe(1);

    // the keyboard: cursor to column 5, mark, to column 6, mark -> [5, 6]
    await page.mouse.move(0, 0);
    await page.getByTestId('heatmap').focus();
    for (const key of ['ArrowDown', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Enter', 'ArrowRight', 'Enter']) await page.keyboard.press(key);
    await expect(page.getByTestId('range-list').textContent()).resolves.toMatch(/\[5, 6\]/);
    await expect(page.getByTestId('range-list').textContent()).resolves.toMatch(/last FFN/);

    // wheel zoom at the centre: block 0 leaves the axis
    const firstTick = () => page.getByTestId('heatmap').locator('svg svg text').first().textContent();
    await expect(firstTick()).resolves.toBe('0');
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.7);
    for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -100);
    await expect.poll(firstTick).not.toBe('0');
    await page.keyboard.press('0');
    await page.getByTestId('heatmap').focus();
    await page.keyboard.press('0');
    await expect.poll(firstTick).toBe('0');
    await page.close();
  });

  it.runIf(fs.existsSync(DEMO_MODEL))('runs the whole flow on the demo model from the dashboard', async () => {
    const page = await member.newPage();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.goto(dashboard.url);
    await page.getByRole('navigation').getByRole('link', { name: 'Models' }).click();
    await page.getByTestId('models-table').getByRole('link', { name: 'demo byte-level decoder', exact: true }).click();
    await page.getByTestId('block-strip').waitFor();
    // linked to the parent it was pruned from, and the parent back to it
    await expect(page.getByTestId('model-parent').textContent()).resolves.toBe('demo parent (attention in all layers) · attention removed in blocks 12–19; healed by distillation');
    await screenshot(page, 'model.png');
    const demoUrl = page.url();
    await page.getByTestId('model-parent').getByRole('link').click();
    await page.getByTestId('model-children').waitFor();
    await expect(page.getByTestId('model-children').textContent()).resolves.toMatch(/^demo byte-level decoder \(attention removed in blocks 12–19/);
    await page.goto(demoUrl);
    await page.getByTestId('block-strip').waitFor();
    await page.getByTestId('new-analysis').click();
    await expect(page.getByTestId('calibration-set').textContent()).resolves.toMatch(/demo/);
    await page.getByTestId('launch-analysis').click();
    await page.waitForURL(/\/analyses\/[0-9a-f-]+$/);
    await page.getByTestId('run-progress').waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="heatmap"]')?.getAttribute('data-rows')) >= 4, null, { timeout: 600_000, polling: 250 });
    await expect(page.locator('.badge.running, .badge.succeeded').count()).resolves.toBe(1);
    await screenshot(page, 'analysis-running.png');
    await waitForAnalysis(page, 600_000);
    await fuseSuggestedRange(page, 300_000);
    await page.close();
  }, 900_000);
});
