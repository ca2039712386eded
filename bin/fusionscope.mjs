#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so that `npx fusionscope` works straight after `npm install`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
// MALLOC_MMAP_THRESHOLD_: see lib/runtime/allocator-env.ts (large freed blocks go back to the system)
const env = { MALLOC_MMAP_THRESHOLD_: '131072', ...process.env };
const result = spawnSync(process.execPath, ['--import', 'tsx', cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
