import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPostgresUserCanReach } from '../../lib/db/postgres-user-access.ts';

const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fusionscope-private-'));
fs.chmodSync(privateDir, 0o700);
afterAll(() => fs.rmSync(privateDir, { recursive: true, force: true }));

describe.skipIf(process.getuid?.() !== 0)('the embedded PostgreSQL started as root', () => {
  it('refuses a data folder inside a private folder with one line that says what to do', () => {
    expect(() => checkPostgresUserCanReach(path.join(privateDir, '.fusionscope'))).toThrow(
      new RegExp(`cannot reach the data folder .*: ${privateDir} is private \\(mode 0700\\)\\. Put the clone in a folder other users can enter`));
  });

  it('accepts a data folder others can enter', () => {
    const open = fs.mkdtempSync(path.join(os.tmpdir(), 'fusionscope-open-'));
    fs.chmodSync(open, 0o755);
    try {
      expect(() => checkPostgresUserCanReach(path.join(open, 'data'))).not.toThrow();
    } finally {
      fs.rmSync(open, { recursive: true, force: true });
    }
  });
});
