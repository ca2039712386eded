import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, findTokenUser } from '../../lib/auth/api-tokens.ts';
import { hashSecretToken } from '../../lib/auth/secret-token.ts';
import { createSession, deleteSession, findSessionUser, sessionLifetimeMs } from '../../lib/auth/sessions.ts';
import { checkPassword, createFirstAdmin, createUser, updateUser } from '../../lib/auth/users.ts';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { createTestDatabase } from '../support/test-database.ts';

describe('passwords, sessions and tokens', () => {
  let db: Db;

  beforeAll(async () => {
    db = createPrismaClient(await createTestDatabase(), 2);
  });

  afterAll(async () => {
    await db?.$disconnect();
  });

  it('makes the first admin once, then refuses a second setup', async () => {
    const admin = await createFirstAdmin(db, { email: 'Root@Example.test', password: 'correct horse' });
    expect(admin).toMatchObject({ email: 'root@example.test', role: 'admin' });
    await expect(createFirstAdmin(db, { email: 'other@example.test', password: 'correct horse' })).rejects.toThrow(/has an admin already/);
  });

  it('stores an argon2id hash and checks passwords, whatever the email case', async () => {
    await createUser(db, { email: 'm@example.test', password: 'a long secret', role: 'member' });
    const row = await db.user.findUniqueOrThrow({ where: { email: 'm@example.test' } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain('a long secret');
    await expect(checkPassword(db, 'M@Example.test', 'a long secret')).resolves.toMatchObject({ role: 'member' });
    await expect(checkPassword(db, 'm@example.test', 'wrong password')).resolves.toBeNull();
    await expect(checkPassword(db, 'nobody@example.test', 'a long secret')).resolves.toBeNull();
  });

  it('refuses short passwords and duplicate emails', async () => {
    await expect(createUser(db, { email: 'x@example.test', password: 'short', role: 'viewer' })).rejects.toThrow(/at least 8/);
    await expect(createUser(db, { email: 'M@example.test', password: 'long enough', role: 'viewer' })).rejects.toThrow(/exists already/);
  });

  it('keeps only a hash of the session token and ends the session at its expiry', async () => {
    const user = await createUser(db, { email: 'session@example.test', password: 'long enough', role: 'viewer' });
    const now = new Date();
    const { token, expiresAt } = await createSession(db, user.id, now);
    expect(expiresAt.getTime() - now.getTime()).toBe(sessionLifetimeMs());
    expect(await db.session.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db.session.count({ where: { tokenHash: hashSecretToken(token) } })).toBe(1);
    await expect(findSessionUser(db, token, new Date(expiresAt.getTime() - 1))).resolves.toMatchObject({ id: user.id });
    await expect(findSessionUser(db, token, expiresAt)).resolves.toBeNull();
    expect(await db.session.count({ where: { tokenHash: hashSecretToken(token) } })).toBe(0);
  });

  it('reads FUSIONSCOPE_SESSION_HOURS for the lifetime', () => {
    expect(sessionLifetimeMs({ FUSIONSCOPE_SESSION_HOURS: '2' })).toBe(7_200_000);
    expect(sessionLifetimeMs({})).toBe(7 * 24 * 3_600_000);
  });

  it('ends sessions on sign-out and when the user is disabled', async () => {
    const user = await createUser(db, { email: 'leaver@example.test', password: 'long enough', role: 'member' });
    const first = await createSession(db, user.id);
    await deleteSession(db, first.token);
    await expect(findSessionUser(db, first.token)).resolves.toBeNull();
    const second = await createSession(db, user.id);
    const { token } = await createApiToken(db, user.id, 'ci');
    await updateUser(db, user.id, { disabled: true });
    await expect(findSessionUser(db, second.token)).resolves.toBeNull();
    await expect(findTokenUser(db, token)).resolves.toBeNull();
  });

  it('refuses expired API tokens and records when a token was used', async () => {
    const user = await createUser(db, { email: 'ci@example.test', password: 'long enough', role: 'member' });
    const { token, view } = await createApiToken(db, user.id, 'ci', new Date(Date.now() + 60_000));
    expect(view.prefix).toBe(token.slice(0, 10));
    await expect(findTokenUser(db, token)).resolves.toMatchObject({ id: user.id });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: view.id } })).lastUsedAt).not.toBeNull();
    await expect(findTokenUser(db, token, new Date(Date.now() + 120_000))).resolves.toBeNull();
  });

  it('will not demote or disable the last admin', async () => {
    const admin = await db.user.findFirstOrThrow({ where: { role: 'admin' } });
    await expect(updateUser(db, admin.id, { role: 'member' })).rejects.toThrow(/last admin/);
    await expect(updateUser(db, admin.id, { disabled: true })).rejects.toThrow(/last admin/);
  });
});
