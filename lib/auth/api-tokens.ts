import type { Db } from '../db/prisma-client.ts';
import { toAuthUser, type AuthUser } from './auth-user.ts';
import { hashSecretToken, newSecretToken } from './secret-token.ts';

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  owner: { id: string; email: string };
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const PREFIX_LENGTH = 10;

/** Creates a token for the user; the token itself is returned here once and never stored. */
export async function createApiToken(db: Db, userId: string, name: string, expiresAt?: Date): Promise<{ token: string; view: ApiTokenView }> {
  const token = newSecretToken('fst');
  const row = await db.apiToken.create({
    data: { userId, name: name.trim() || 'token', tokenHash: hashSecretToken(token), prefix: token.slice(0, PREFIX_LENGTH), expiresAt: expiresAt ?? null },
    include: { user: { select: { id: true, email: true } } },
  });
  return { token, view: toView(row) };
}

export async function findTokenUser(db: Db, token: string, now = new Date()): Promise<AuthUser | null> {
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashSecretToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabledAt) return null;
  await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return toAuthUser(row.user);
}

/** The user's own tokens, or everyone's for `all`. */
export async function listApiTokens(db: Db, filter: { userId?: string }): Promise<ApiTokenView[]> {
  const rows = await db.apiToken.findMany({
    where: filter.userId ? { userId: filter.userId } : {},
    orderBy: { createdAt: 'desc' },
    include: { user: { select: { id: true, email: true } } },
  });
  return rows.map(toView);
}

/** Revokes a token if the acting user owns it (or is allowed to revoke any); false when not found. */
export async function revokeApiToken(db: Db, id: string, actor: AuthUser): Promise<boolean> {
  const row = await db.apiToken.findUnique({ where: { id } });
  if (!row || (row.userId !== actor.id && actor.role !== 'admin')) return false;
  await db.apiToken.update({ where: { id }, data: { revokedAt: row.revokedAt ?? new Date() } });
  return true;
}

type TokenRow = { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; expiresAt: Date | null; revokedAt: Date | null; user: { id: string; email: string } };

function toView(row: TokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    owner: row.user,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
