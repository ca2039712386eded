import crypto from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import type { AuthUser } from '../../lib/auth/auth-user.ts';
import type { Role } from '../../lib/auth/roles.ts';
import { createApiToken } from '../../lib/auth/api-tokens.ts';
import { createUser } from '../../lib/auth/users.ts';
import { createPrismaClient } from '../../lib/db/prisma-client.ts';

export interface TestAccount extends AuthUser {
  password: string;
}

/** A user made straight in the database (as `fusionscope user create` does). */
export async function createTestUser(databaseUrl: string, role: Role, name?: string): Promise<TestAccount> {
  const db = createPrismaClient(databaseUrl, 1);
  const password = `pw-${crypto.randomBytes(6).toString('hex')}`;
  const label = name ?? `${role}-${crypto.randomBytes(3).toString('hex')}`;
  try {
    const user = await createUser(db, { email: `${label.toLowerCase()}@example.test`, name: label, password, role });
    return { ...user, password };
  } finally {
    await db.$disconnect();
  }
}

export interface SignedInSession {
  /** Cookie header value carrying the session and CSRF cookies. */
  cookie: string;
  csrf: string;
  setCookies: string[];
}

/** Signs in through the API, as the sign-in page does. */
export async function signIn(url: string, account: { email: string; password: string }): Promise<SignedInSession> {
  const response = await fetch(`${url}/api/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: account.email, password: account.password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${account.email} answered ${response.status}: ${await response.text()}`);
  const setCookies = response.headers.getSetCookie();
  const pairs = setCookies.map((c) => c.split(';')[0]!);
  const csrf = pairs.find((p) => p.startsWith('fusionscope_csrf='))!.split('=')[1]!;
  return { cookie: pairs.join('; '), csrf: decodeURIComponent(csrf), setCookies };
}

/** A browser context whose pages are signed in as a new user of the given role. */
export async function createSignedInContext(browser: Browser, url: string, databaseUrl: string, role: Role, name?: string): Promise<{ context: BrowserContext; account: TestAccount }> {
  const account = await createTestUser(databaseUrl, role, name);
  const context = await contextFor(browser, url, account);
  return { context, account };
}

export async function contextFor(browser: Browser, url: string, account: TestAccount): Promise<BrowserContext> {
  const session = await signIn(url, account);
  const context = await browser.newContext();
  await context.addCookies(session.cookie.split('; ').map((pair) => {
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: decodeURIComponent(pair.slice(eq + 1)), url };
  }));
  return context;
}

export type ApiAuth = { token: string } | { session: SignedInSession } | null;

/** fetch against the dashboard as a bearer token, a signed-in browser (cookies + CSRF header) or nobody. */
export function apiClient(url: string, auth: ApiAuth) {
  return (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (auth && 'token' in auth) headers.set('authorization', `Bearer ${auth.token}`);
    if (auth && 'session' in auth) {
      headers.set('cookie', auth.session.cookie);
      headers.set('origin', url);
      headers.set('x-csrf-token', auth.session.csrf);
    }
    if (typeof init.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
    return fetch(`${url}${path}`, { ...init, headers, redirect: 'manual' });
  };
}

/** An API token of a new member, for tests that call the API as a script would. */
export async function createMemberToken(databaseUrl: string): Promise<string> {
  const account = await createTestUser(databaseUrl, 'member');
  const db = createPrismaClient(databaseUrl, 1);
  try {
    return (await createApiToken(db, account.id, 'test')).token;
  } finally {
    await db.$disconnect();
  }
}
