import { describe, expect, it } from 'vitest';
import { reserveAnalysisMemory } from '../../lib/analysis/analysis-memory.ts';
import { prefaultedBuffers } from '../../lib/analysis/prefaulted-buffers.ts';

describe('prefaultedBuffers', () => {
  it('hands over zero-filled buffers of the asked sizes, in order', async () => {
    const sizes = [4096 * 3 + 12, 8, 1 << 20, 0];
    const buffers = await Promise.all(prefaultedBuffers(sizes));
    expect(buffers.map((b) => b.byteLength)).toEqual(sizes);
    for (const b of buffers) expect(new Uint8Array(b).every((x) => x === 0)).toBe(true);
    // usable here: writable and not shared with the helper
    const view = new Float32Array(buffers[2]);
    view.fill(1.5);
    expect(view[view.length - 1]).toBe(1.5);
  });

  it('allocates here what the helper could not, and rejects only a buffer that cannot exist at all', async () => {
    // the helper fails on the second size; the first was delivered, the third is allocated here
    const [first, impossible, third] = prefaultedBuffers([64, Number.MAX_SAFE_INTEGER, 32]);
    expect((await first).byteLength).toBe(64);
    await expect(impossible).rejects.toThrow(RangeError);
    expect((await third).byteLength).toBe(32);
  });
});

describe('reserveAnalysisMemory', () => {
  it('lays out the streams of every block and the references from the first measured block', async () => {
    const memory = reserveAnalysisMemory({ blocks: 4, tokens: 6, hidden: 3, referencesFrom: 1 }, { prefault: true });
    const streams = await memory.streams;
    const { contributions, norms } = await memory.references;
    expect(streams.map((s) => s.length)).toEqual([18, 18, 18, 18]);
    expect(contributions.map((c) => c.length)).toEqual([18, 18, 18]);
    expect(norms.map((n) => n.length)).toEqual([6, 6, 6]);
    // every array has memory of its own
    streams[0].fill(1);
    expect([...streams.slice(1), ...contributions].every((a) => a.every((x) => x === 0))).toBe(true);
  });

  it('reserves no references for a pass that measures no variant', async () => {
    const memory = reserveAnalysisMemory({ blocks: 2, tokens: 4, hidden: 2, referencesFrom: 2 }, { prefault: false });
    expect(await memory.references).toEqual({ contributions: [], norms: [] });
    expect((await memory.streams).length).toBe(2);
  });
});
