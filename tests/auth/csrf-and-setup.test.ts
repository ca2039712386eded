import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecretToken } from '../../lib/auth/secret-token.ts';
import { createApiToken } from '../../lib/auth/api-tokens.ts';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { apiClient, createTestUser, signIn, type SignedInSession } from '../support/accounts.ts';
import { seedRuns } from '../support/seed-run.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

describe('fresh install, CSRF and session expiry against a started dashboard', () => {
  let dashboard: RunningDashboard;
  let db: Db;
  let databaseUrl: string;
  let commentsPath: string;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = createPrismaClient(databaseUrl, 2);
    dashboard = await startDashboard(databaseUrl, createTestDataDir('csrf'));
  });

  afterAll(async () => {
    await db?.$disconnect();
    await dashboard?.stop();
  });

  const post = (session: SignedInSession, headers: Record<string, string>) =>
    fetch(`${dashboard.url}${commentsPath}`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: session.cookie, ...headers }, body: JSON.stringify({ body: 'hello' }) });

  it('sends the first visit of a fresh install to create the admin, once', async () => {
    const home = await fetch(dashboard.url, { redirect: 'manual' });
    expect(home.status).toBe(307);
    expect(home.headers.get('location')).toMatch(/\/setup$/);
    await expect((await fetch(`${dashboard.url}/api/auth/setup`)).json()).resolves.toEqual({ needed: true });
    const setup = (body: object) => fetch(`${dashboard.url}/api/auth/setup`, { method: 'POST', headers: { 'content-type': 'application/json', origin: dashboard.url }, body: JSON.stringify(body) });
    const created = await setup({ email: 'first@example.test', name: 'First', password: 'first admin pw' });
    expect(created.status).toBe(201);
    expect(created.headers.getSetCookie().join(';')).toMatch(/fusionscope_session=[^;]+; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/);
    expect((await setup({ email: 'second@example.test', password: 'second admin pw' })).status).toBe(409);
    const signInPage = await fetch(dashboard.url, { redirect: 'manual' });
    expect(signInPage.headers.get('location')).toMatch(/\/signin$/);
    const author = await db.user.findFirstOrThrow();
    const seeded = await seedRuns(db, author.id);
    commentsPath = `/api/runs/analyses/${seeded.analysisId}/comments`;
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const response = await fetch(`${dashboard.url}/api/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'first@example.test', password: 'nope nope' }) });
    expect(response.status).toBe(401);
    await expect(response.json()).resolves.toEqual({ error: 'wrong email or password' });
  });

  it('refuses cookie-authenticated changes without the CSRF header, from another origin or another site', async () => {
    const session = await signIn(dashboard.url, await createTestUser(databaseUrl, 'viewer'));
    const same = { origin: dashboard.url, 'x-csrf-token': session.csrf };
    expect((await post(session, { origin: dashboard.url })).status).toBe(403);
    expect((await post(session, { ...same, 'x-csrf-token': 'fsc_forged' })).status).toBe(403);
    expect((await post(session, { ...same, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(session, { ...same, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const refused = await post(session, {});
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/cross-site request refused/);
    expect((await post(session, { ...same, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
  });

  it('refuses a cross-site sign-in form post (login CSRF)', async () => {
    const response = await fetch(`${dashboard.url}/api/auth/signin`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ email: 'first@example.test', password: 'first admin pw' }),
    });
    expect(response.status).toBe(403);
  });

  it('needs no CSRF header for bearer tokens, which browsers never send by themselves', async () => {
    const account = await createTestUser(databaseUrl, 'viewer');
    const { token } = await createApiToken(db, account.id, 'script');
    const response = await apiClient(dashboard.url, { token })(commentsPath, { method: 'POST', body: JSON.stringify({ body: 'from CI' }) });
    expect(response.status).toBe(201);
  });

  it('ends a session at its expiry: 401 from the API, the sign-in page for pages', async () => {
    const session = await signIn(dashboard.url, await createTestUser(databaseUrl, 'member'));
    const call = apiClient(dashboard.url, { session });
    expect((await call('/api/auth/me')).status).toBe(200);
    const token = decodeURIComponent(session.cookie.match(/fusionscope_session=([^;]+)/)![1]!);
    await db.session.update({ where: { tokenHash: hashSecretToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call('/api/auth/me')).status).toBe(401);
    const page = await call('/jobs');
    expect(page.status).toBe(307);
    expect(page.headers.get('location')).toMatch(/\/signin\?next=%2Fjobs$/);
  });

  it('ends the session on sign-out and clears the cookies', async () => {
    const session = await signIn(dashboard.url, await createTestUser(databaseUrl, 'viewer'));
    const call = apiClient(dashboard.url, { session });
    const out = await call('/api/auth/signout', { method: 'POST' });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join(';')).toMatch(/fusionscope_session=; Path=\/; Max-Age=0/);
    expect((await call('/api/auth/me')).status).toBe(401);
  });
});
