// Worker-thread entry in plain JavaScript: Node 20 ignores `--import tsx` in a Worker's execArgv,
// so the TypeScript loader is registered here, inside the worker, before importing the real entry
// (an entry already in JavaScript, such as a bundled one, needs none).
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(workerData.entry);
