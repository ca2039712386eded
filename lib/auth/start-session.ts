import type { Db } from '../db/prisma-client.ts';
import { HttpError } from '../server/http-error.ts';
import type { AuthUser } from './auth-user.ts';
import { clearedCookies, readCookie, SESSION_COOKIE, sessionCookies } from './cookies.ts';
import { newSecretToken } from './secret-token.ts';
import { createSession, deleteSession } from './sessions.ts';
import { clearSignInFailures, recordSignInFailure, signInRetryAfter } from './sign-in-throttle.ts';
import { checkPassword, normalizeEmail } from './users.ts';

/** A new session for the user, as the Set-Cookie values that carry it. */
export async function startSession(db: Db, user: AuthUser, secure: boolean): Promise<string[]> {
  const session = await createSession(db, user.id);
  return sessionCookies(session, newSecretToken('fsc'), secure);
}

export async function signIn(db: Db, email: string, password: string, secure: boolean): Promise<{ user: AuthUser; cookies: string[] }> {
  const key = normalizeEmail(email);
  const wait = signInRetryAfter(key);
  if (wait) throw new HttpError(429, `too many failed sign-ins for ${key}: try again in ${Math.ceil(wait / 60)} min`);
  const user = await checkPassword(db, email, password);
  if (!user) {
    recordSignInFailure(key);
    throw new HttpError(401, 'wrong email or password');
  }
  clearSignInFailures(key);
  return { user, cookies: await startSession(db, user, secure) };
}

export async function signOut(db: Db, headers: Headers, secure: boolean): Promise<string[]> {
  const token = readCookie(headers.get('cookie'), SESSION_COOKIE);
  if (token) await deleteSession(db, token);
  return clearedCookies(secure);
}

export function withCookies(response: Response, cookies: string[]): Response {
  for (const cookie of cookies) response.headers.append('set-cookie', cookie);
  return response;
}
