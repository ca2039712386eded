import type { Db } from '../db/prisma-client.ts';
import { findTokenUser } from './api-tokens.ts';
import type { AuthUser } from './auth-user.ts';
import { readCookie, SESSION_COOKIE } from './cookies.ts';
import { findSessionUser } from './sessions.ts';

export interface Authenticated {
  user: AuthUser;
  via: 'session' | 'token';
}

export function bearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '');
  return match ? match[1]! : null;
}

/** A bearer token when one is sent (never falling back to the cookie), else the session cookie. */
export async function authenticateRequest(db: Db, headers: Headers): Promise<Authenticated | null> {
  if (headers.get('authorization')) {
    const token = bearerToken(headers);
    const user = token ? await findTokenUser(db, token) : null;
    return user ? { user, via: 'token' } : null;
  }
  const session = readCookie(headers.get('cookie'), SESSION_COOKIE);
  const user = session ? await findSessionUser(db, session) : null;
  return user ? { user, via: 'session' } : null;
}
