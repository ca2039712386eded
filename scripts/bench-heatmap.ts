/**
 * Heatmap timings in Chromium: first render of an L x L matrix (component render to cells drawn,
 * and to the next painted frame) and hover response (pointer event to tooltip updated).
 * Usage: npx tsx scripts/bench-heatmap.ts [L ...]   (default 128 256)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { launchBrowser } from '../tests/support/launch-browser.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

const ENTRY = `
import { createRoot } from 'react-dom/client';
import { createElement } from 'react';
import { HeatmapView } from '@/components/heatmap/heatmap-view.tsx';
import { makeColorScale } from '@/components/heatmap/color-scale.ts';
import { matrixDomain } from '@/components/heatmap/matrix-domain.ts';

function syntheticMatrix(size) {
  let state = 12345;
  const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => (j > i ? 2 ** (-9 + 8 * random()) : null)));
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))];

window.benchHeatmap = async (size) => {
  const host = document.createElement('div');
  host.style.width = '1100px';
  document.body.replaceChildren(host);
  const matrix = syntheticMatrix(size);
  const blocks = Array.from({ length: size }, (_, index) => ({ index, attention: index % 3 !== 1, ffn: true }));
  const started = performance.now();
  const scale = makeColorScale('log', matrixDomain(matrix));
  const props = { matrix, blocks, attentionFreeRuns: [], scale, label: 'bench', ranges: [[10, 14]], onSelectRange: () => {} };
  createRoot(host).render(createElement(HeatmapView, props));
  const heatmap = await new Promise((resolve) => {
    const check = () => { const el = host.querySelector('[data-first-render-ms]'); if (el) resolve(el); else requestAnimationFrame(check); };
    check();
  });
  const drawn = performance.now() - started;
  await nextFrame();
  const painted = performance.now() - started;
  const hit = host.querySelector('.heatmap-hit');
  const box = hit.getBoundingClientRect();
  const hovers = [];
  for (let k = 0; k < 200; k++) {
    const x = box.left + ((k * 37) % 97 / 97) * box.width;
    const y = box.top + ((k * 53) % 89 / 89) * box.height;
    let observer;
    const updated = new Promise((resolve) => {
      observer = new MutationObserver(() => resolve(performance.now()));
      observer.observe(host, { childList: true, subtree: true, characterData: true, attributes: true });
      setTimeout(() => resolve(null), 200);
    });
    const t0 = performance.now();
    hit.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true, pointerId: 1 }));
    const t1 = await updated;
    observer.disconnect();
    if (t1 !== null) hovers.push(t1 - t0);
    if (k % 20 === 0) await nextFrame();
  }
  if (!host.querySelector('[data-testid="heatmap-tooltip"]')) throw new Error('no tooltip after hovering');
  return { size, hoverSamples: hovers.length, firstRenderMs: Number(heatmap.dataset.firstRenderMs), drawnMs: drawn, paintedMs: painted, hoverMedianMs: percentile(hovers, 0.5), hoverP95Ms: percentile(hovers, 0.95), hoverMaxMs: Math.max(...hovers) };
};
`;

async function bundle(): Promise<string> {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'tsx', sourcefile: 'bench-entry.tsx' },
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    tsconfig: path.join(root, 'tsconfig.json'),
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

async function main() {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const script = await bundle();
  const browser = await launchBrowser();
  try {
    for (const size of sizes.length ? sizes : [128, 256]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      await page.setContent('<!doctype html><html><body style="margin:0;background:#0f1419"></body></html>');
      await page.addScriptTag({ content: script });
      const cold = await page.evaluate((l) => (window as unknown as { benchHeatmap: (l: number) => Promise<Record<string, number>> }).benchHeatmap(l), size);
      const result = await page.evaluate((l) => (window as unknown as { benchHeatmap: (l: number) => Promise<Record<string, number>> }).benchHeatmap(l), size);
      const f = (v: number) => v.toFixed(1);
      console.log(`L=${size}: first render ${f(result.firstRenderMs!)} ms (cells drawn ${f(result.drawnMs!)} ms, next frame ${f(result.paintedMs!)} ms); hover median ${f(result.hoverMedianMs!)} ms, p95 ${f(result.hoverP95Ms!)} ms, max ${f(result.hoverMaxMs!)} ms (${result.hoverSamples} hovers); cold page first render ${f(cold.firstRenderMs!)} ms, next frame ${f(cold.paintedMs!)} ms`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

await main();
