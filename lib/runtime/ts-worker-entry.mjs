// Worker threads do not inherit the tsx loader on Node 20: register it, then load the real entry
// (an entry already in JavaScript, such as a bundled one, needs no loader).
import { workerData } from 'node:worker_threads';

if (workerData.tsEntry.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(workerData.tsEntry);
