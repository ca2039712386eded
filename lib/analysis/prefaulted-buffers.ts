import { Worker } from 'node:worker_threads';

/** Runs in the helper thread: allocates each buffer, writes one byte per page, hands it over. */
const HELPER = `
const { parentPort, workerData } = require('node:worker_threads');
for (const size of workerData) {
  const buffer = new ArrayBuffer(size);
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < size; i += 4096) bytes[i] = 0;
  parentPort.postMessage(buffer, [buffer]);
}
`;

/**
 * Zero-filled buffers of the given sizes whose memory pages are already mapped: a helper thread
 * allocates them and touches every page while this thread does other work (the engine opens its
 * sessions meanwhile), then hands them over without a copy. Mapping fresh memory costs a page
 * fault per 4 KiB (about 55 ms for the demo's 96 MB of streams and references), paid on the
 * helper's core instead of inside the first runs. The promises settle in order: should the helper
 * fail, the remaining buffers are allocated here, as they would be without it (and a buffer that
 * cannot be allocated at all rejects its promise).
 */
export function prefaultedBuffers(sizes: number[]): Array<Promise<ArrayBuffer>> {
  const settlers: Array<{ resolve: (buffer: ArrayBuffer) => void; reject: (error: unknown) => void }> = [];
  const promises = sizes.map(() => new Promise<ArrayBuffer>((resolve, reject) => { settlers.push({ resolve, reject }); }));
  // a buffer the work never came to wait for must not fail the process with an unhandled rejection
  for (const p of promises) p.catch(() => {});
  let delivered = 0;
  const allocateRest = () => {
    for (; delivered < sizes.length; delivered++) {
      try {
        settlers[delivered].resolve(new ArrayBuffer(sizes[delivered]));
      } catch (error) {
        settlers[delivered].reject(error);
      }
    }
  };
  try {
    // plain JavaScript: none of this process's loaders (tsx) are needed to start it
    const helper = new Worker(HELPER, { eval: true, workerData: sizes, execArgv: [] });
    helper.unref();
    helper.on('message', (buffer: ArrayBuffer) => settlers[delivered++].resolve(buffer));
    helper.once('error', allocateRest);
    helper.once('exit', allocateRest);
  } catch {
    allocateRest();
  }
  return promises;
}
