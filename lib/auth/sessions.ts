import type { Db } from '../db/prisma-client.ts';
import { toAuthUser, type AuthUser } from './auth-user.ts';
import { hashSecretToken, newSecretToken } from './secret-token.ts';

const DEFAULT_SESSION_HOURS = 24 * 7;

/** FUSIONSCOPE_SESSION_HOURS, default a week. */
export function sessionLifetimeMs(env: Record<string, string | undefined> = process.env): number {
  const hours = Number(env.FUSIONSCOPE_SESSION_HOURS);
  return (Number.isFinite(hours) && hours > 0 ? hours : DEFAULT_SESSION_HOURS) * 3_600_000;
}

export interface NewSession {
  token: string;
  expiresAt: Date;
}

export async function createSession(db: Db, userId: string, now = new Date()): Promise<NewSession> {
  const token = newSecretToken('fss');
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs());
  // Sign-ins are rare enough to sweep expired sessions here rather than in a scheduled job.
  await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  await db.session.create({ data: { userId, tokenHash: hashSecretToken(token), expiresAt } });
  return { token, expiresAt };
}

/** The user of a live session; an expired session is deleted and finds no one. */
export async function findSessionUser(db: Db, token: string, now = new Date()): Promise<AuthUser | null> {
  const session = await db.session.findUnique({ where: { tokenHash: hashSecretToken(token) }, include: { user: true } });
  if (!session) return null;
  if (session.expiresAt <= now) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  return session.user.disabledAt ? null : toAuthUser(session.user);
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashSecretToken(token) } });
}
