import { readConfig } from '../lib/config/read-config.ts';
import { startWorkerProcess } from './worker-process.ts';

const config = readConfig();
if (!config.databaseUrl) {
  process.stderr.write('fusionscope worker: set DATABASE_URL to the Postgres server the dashboard uses\n');
  process.exit(1);
}
const worker = await startWorkerProcess({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void worker.stop().then(() => process.exit(0));
  });
}
