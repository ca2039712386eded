import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../lib/auth/roles.ts';
import { createPrismaClient, type Db } from '../../lib/db/prisma-client.ts';
import { createApiToken } from '../../lib/auth/api-tokens.ts';
import { apiClient, createTestUser, signIn, type ApiAuth } from '../support/accounts.ts';
import { seedRuns } from '../support/seed-run.ts';
import { startDashboard, type RunningDashboard } from '../support/start-dashboard.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

type Who = Role | 'anonymous';
type Expected = Record<Who, number>;

interface Action {
  name: string;
  method: string;
  path: () => string;
  body?: () => string | FormData;
  expect: Expected;
}

const ids = { analysis: '', fusion: '', victim: '' };
const uuid = () => crypto.randomUUID();
const json = (value: unknown) => () => JSON.stringify(value);
const all = (status: number, anonymous = 401): Expected => ({ admin: status, member: status, viewer: status, anonymous });
const members = (status: number): Expected => ({ admin: status, member: status, viewer: 403, anonymous: 401 });
const admins = (status: number): Expected => ({ admin: status, member: 403, viewer: 403, anonymous: 401 });

/** Each API action with the status each role gets: 4xx from the handler itself (400, 404) prove the request got past the guard. */
const ACTIONS: Action[] = [
  { name: 'health', method: 'GET', path: () => '/api/health', expect: all(200, 200) },
  { name: 'list models', method: 'GET', path: () => '/api/models', expect: all(200) },
  { name: 'list analyses', method: 'GET', path: () => '/api/analyses', expect: all(200) },
  { name: 'read an analysis', method: 'GET', path: () => `/api/analyses/${uuid()}`, expect: all(404) },
  { name: 'list fusion runs', method: 'GET', path: () => '/api/fusions', expect: all(200) },
  { name: 'list jobs', method: 'GET', path: () => '/api/jobs', expect: all(200) },
  { name: 'upload model', method: 'POST', path: () => '/api/models', body: () => new FormData(), expect: members(400) },
  { name: 'launch analysis', method: 'POST', path: () => '/api/analyses', body: json({ modelId: uuid(), calibration: { calibrationSetId: uuid() } }), expect: members(400) },
  { name: 'launch fusion run', method: 'POST', path: () => '/api/fusions', body: json({ modelId: uuid(), ranges: [[1, 2]] }), expect: members(400) },
  { name: 'cancel job', method: 'POST', path: () => `/api/jobs/${uuid()}/cancel`, expect: members(404) },
  { name: 'list users', method: 'GET', path: () => '/api/users', expect: all(200) },
  { name: 'create user', method: 'POST', path: () => '/api/users', body: () => JSON.stringify({ email: `${uuid()}@example.test`, password: 'long enough', role: 'viewer' }), expect: admins(201) },
  { name: 'change user', method: 'PATCH', path: () => `/api/users/${ids.victim}`, body: json({ name: 'renamed' }), expect: admins(200) },
  { name: 'list own tokens', method: 'GET', path: () => '/api/tokens', expect: all(200) },
  { name: 'create token', method: 'POST', path: () => '/api/tokens', body: json({ name: 'ci' }), expect: all(201) },
  { name: 'read comments', method: 'GET', path: () => `/api/runs/analyses/${ids.analysis}/comments`, expect: all(200) },
  { name: 'comment on analysis', method: 'POST', path: () => `/api/runs/analyses/${ids.analysis}/comments`, body: json({ body: 'looks fine', anchor: { kind: 'range', a: 2, b: 4 } }), expect: all(201) },
  { name: 'comment on fusion run', method: 'POST', path: () => `/api/runs/fusions/${ids.fusion}/comments`, body: json({ body: 'cell', anchor: { kind: 'cell', i: 1, j: 3 } }), expect: all(201) },
  { name: 'read review', method: 'GET', path: () => `/api/runs/fusions/${ids.fusion}/review`, expect: all(200) },
  { name: 'approve', method: 'PUT', path: () => `/api/runs/fusions/${ids.fusion}/review`, body: json({ state: 'approved' }), expect: members(200) },
  { name: 'request changes without saying what', method: 'PUT', path: () => `/api/runs/analyses/${ids.analysis}/review`, body: json({ state: 'changes_requested' }), expect: members(400) },
  { name: 'edit a comment', method: 'PATCH', path: () => `/api/comments/${uuid()}`, body: json({ body: 'x' }), expect: all(404) },
  { name: 'delete a comment', method: 'DELETE', path: () => `/api/comments/${uuid()}`, expect: all(404) },
  { name: 'revoke a token', method: 'DELETE', path: () => `/api/tokens/${uuid()}`, expect: all(404) },
  { name: 'download a fused model', method: 'GET', path: () => `/api/fusions/${uuid()}/model`, expect: all(404) },
  { name: 'ask a reviewer', method: 'POST', path: () => `/api/runs/analyses/${ids.analysis}/review-requests`, body: () => JSON.stringify({ reviewerId: ids.victim }), expect: members(201) },
  { name: 'history', method: 'GET', path: () => `/api/runs/analyses/${ids.analysis}/history`, expect: all(200) },
  { name: 'inbox', method: 'GET', path: () => '/api/inbox', expect: all(200) },
  { name: 'mark inbox seen', method: 'POST', path: () => '/api/inbox/seen', expect: all(200) },
  { name: 'who am I', method: 'GET', path: () => '/api/auth/me', expect: all(200) },
];

const PAGES: Array<{ path: string; expect: Expected }> = [
  { path: '/', expect: all(200, 307) },
  { path: '/jobs', expect: all(200, 307) },
  { path: '/inbox', expect: all(200, 307) },
  { path: '/admin/users', expect: { admin: 200, member: 403, viewer: 403, anonymous: 307 } },
  { path: '/signin', expect: all(200, 200) },
];

describe('permission matrix against a started dashboard', () => {
  let dashboard: RunningDashboard;
  let db: Db;
  const auth = new Map<string, ApiAuth>();

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    db = createPrismaClient(databaseUrl, 2);
    dashboard = await startDashboard(databaseUrl, createTestDataDir('permissions'));
    const author = await createTestUser(databaseUrl, 'member', 'author');
    const victim = await createTestUser(databaseUrl, 'member', 'victim');
    const seeded = await seedRuns(db, author.id);
    Object.assign(ids, { analysis: seeded.analysisId, fusion: seeded.fusionRunId, victim: victim.id });
    for (const role of ['admin', 'member', 'viewer'] as const) {
      const account = await createTestUser(databaseUrl, role);
      auth.set(`${role} token`, { token: (await createApiToken(db, account.id, 'test')).token });
      auth.set(`${role} session`, { session: await signIn(dashboard.url, account) });
    }
    auth.set('anonymous', null);
  });

  afterAll(async () => {
    await db?.$disconnect();
    await dashboard?.stop();
  });

  const callers = ['admin token', 'admin session', 'member token', 'member session', 'viewer token', 'viewer session', 'anonymous'];

  it.each(ACTIONS.map((a) => [a.name, a] as const))('%s', async (_name, action) => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const caller of callers) {
      const call = apiClient(dashboard.url, auth.get(caller)!);
      const response = await call(action.path(), { method: action.method, body: action.body?.() });
      got[caller] = response.status;
      want[caller] = action.expect[caller.split(' ')[0] as Who];
    }
    expect(got).toEqual(want);
  });

  it.each(PAGES.map((p) => [p.path, p] as const))('page %s', async (_path, page) => {
    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const caller of callers) {
      const response = await apiClient(dashboard.url, auth.get(caller)!)(page.path);
      got[caller] = response.status;
      want[caller] = page.expect[caller.split(' ')[0] as Who];
    }
    expect(got).toEqual(want);
  });

  it('sends anonymous page visits to sign-in, keeping where they were going', async () => {
    const response = await apiClient(dashboard.url, null)('/jobs?x=1');
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toMatch(/\/signin\?next=%2Fjobs%3Fx%3D1$/);
  });

  it('refuses a revoked token', async () => {
    const owner = await db.user.findFirstOrThrow({ where: { role: 'member' } });
    const { token, view } = await createApiToken(db, owner.id, 'short-lived');
    expect((await apiClient(dashboard.url, { token })('/api/models')).status).toBe(200);
    await db.apiToken.update({ where: { id: view.id }, data: { revokedAt: new Date() } });
    expect((await apiClient(dashboard.url, { token })('/api/models')).status).toBe(401);
  });
});
