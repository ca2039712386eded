import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTokenUser } from '../../lib/auth/api-tokens.ts';
import { checkPassword } from '../../lib/auth/users.ts';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { createTestDatabase } from '../support/test-database.ts';

const CLI = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));

describe('fusionscope user and token', () => {
  let url: string;
  let db: Db;
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, DATABASE_URL: url }, input, encoding: 'utf8' });

  beforeAll(async () => {
    url = await createTestDatabase();
    db = createPrismaClient(url, 1);
  });

  afterAll(async () => {
    await db?.$disconnect();
  });

  it('creates users with the password from the option or from stdin', async () => {
    expect(cli(['user', 'create', '--email', 'Admin@Example.test', '--role', 'admin', '--password', 'admin password']).status).toBe(0);
    const piped = cli(['user', 'create', '--email', 'ci@example.test', '--role', 'member'], 'piped password\n');
    expect(piped.stderr).toBe('');
    expect(piped.stdout).toMatch(/created member ci@example.test/);
    await expect(checkPassword(db, 'admin@example.test', 'admin password')).resolves.toMatchObject({ role: 'admin' });
    await expect(checkPassword(db, 'ci@example.test', 'piped password')).resolves.toMatchObject({ role: 'member' });
    expect(cli(['user', 'list']).stdout).toMatch(/admin\s+admin@example.test[\s\S]*member\s+ci@example.test/);
  });

  it('refuses a bad role, a short password and a taken email', () => {
    expect(cli(['user', 'create', '--email', 'x@example.test', '--role', 'root', '--password', 'long enough']).status).toBe(1);
    expect(cli(['user', 'create', '--email', 'x@example.test', '--role', 'viewer', '--password', 'short']).stderr).toMatch(/at least 8/);
    expect(cli(['user', 'create', '--email', 'ci@example.test', '--role', 'viewer', '--password', 'long enough']).stderr).toMatch(/exists already/);
  });

  it('prints a token once, which then authenticates its owner until revoked', async () => {
    const created = cli(['token', 'create', '--email', 'ci@example.test', '--name', 'pipeline']);
    expect(created.status).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^fst_[A-Za-z0-9_-]{43}$/);
    await expect(findTokenUser(db, token)).resolves.toMatchObject({ email: 'ci@example.test', role: 'member' });
    const id = created.stderr.match(/token ([0-9a-f-]{36})/)![1]!;
    expect(cli(['token', 'list']).stdout).toContain(`${token.slice(0, 10)}…  active`);
    expect(cli(['token', 'revoke', id]).status).toBe(0);
    await expect(findTokenUser(db, token)).resolves.toBeNull();
  });

  it('changes roles from the shell', async () => {
    expect(cli(['user', 'set-role', '--email', 'ci@example.test', '--role', 'viewer']).stdout).toMatch(/now viewer/);
    expect((await db.user.findUniqueOrThrow({ where: { email: 'ci@example.test' } })).role).toBe('viewer');
  });
});
