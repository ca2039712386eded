// Worker-thread entry in plain JavaScript: Node 20 ignores `--import tsx` in a Worker's execArgv,
// so the TypeScript loader is registered here, inside the worker, before importing the real entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
