import type { Db } from '../db/prisma-client.ts';
import { normalizeEmail } from '../auth/users.ts';
import { isUuid } from '../server/uuid.ts';

/**
 * `?createdBy=` on list routes: a user id, an email, or `me`. Returns the user id to filter on,
 * undefined for no filter, or null when it names nobody (so the list is empty).
 */
export async function createdByFilter(db: Db, url: string, me: { id: string } | null): Promise<string | null | undefined> {
  const value = new URL(url).searchParams.get('createdBy')?.trim();
  if (!value) return undefined;
  if (value === 'me') return me?.id ?? null;
  if (isUuid(value)) return value;
  const user = await db.user.findUnique({ where: { email: normalizeEmail(value) }, select: { id: true } });
  return user?.id ?? null;
}
