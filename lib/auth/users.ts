import type { Db } from '../db/prisma-client.ts';
import { badRequest, HttpError } from '../server/http-error.ts';
import { toAuthUser, type AuthUser } from './auth-user.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import { isRole, type Role } from './roles.ts';

export interface NewUser {
  email: string;
  name?: string;
  password: string;
  role: Role;
}

export interface UserView extends AuthUser {
  createdAt: string;
  disabled: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkNewUser(input: NewUser): void {
  if (!EMAIL.test(normalizeEmail(input.email))) throw badRequest('a valid email address is required');
  if (!isRole(input.role)) throw badRequest('role must be admin, member or viewer');
  const problem = passwordProblem(input.password);
  if (problem) throw badRequest(problem);
}

export async function createUser(db: Db, input: NewUser): Promise<AuthUser> {
  checkNewUser(input);
  const email = normalizeEmail(input.email);
  if (await db.user.findUnique({ where: { email } })) throw new HttpError(409, `a user with email ${email} exists already`);
  const row = await db.user.create({
    data: { email, name: input.name?.trim() || email.split('@')[0]!, passwordHash: await hashPassword(input.password), role: input.role },
  });
  return toAuthUser(row);
}

export async function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

/** The first account of a fresh install, an admin; refused once any user exists. */
export async function createFirstAdmin(db: Db, input: Omit<NewUser, 'role'>): Promise<AuthUser> {
  checkNewUser({ ...input, role: 'admin' });
  const passwordHash = await hashPassword(input.password);
  const email = normalizeEmail(input.email);
  return db.$transaction(async (tx) => {
    // One setup at a time: two first visits must not both become admin.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7204119332)`;
    if ((await tx.user.count()) > 0) throw new HttpError(409, 'this installation has an admin already: sign in');
    const row = await tx.user.create({ data: { email, name: input.name?.trim() || email.split('@')[0]!, passwordHash, role: 'admin' } });
    return toAuthUser(row);
  });
}

/** The user whose email and password match, or null (the same answer for an unknown email). */
export async function checkPassword(db: Db, email: string, password: string): Promise<AuthUser | null> {
  const row = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!row) {
    await verifyPassword(DUMMY_HASH, password);
    return null;
  }
  if (row.disabledAt || !(await verifyPassword(row.passwordHash, password))) return null;
  return toAuthUser(row);
}

// Verifying against a fixed hash keeps unknown emails as slow as wrong passwords.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$NgA2UTbM9xgez9C0lUOi7A$r8ZwcmSYxlIHZBRAWKbHapJe7pXZUwcgl3dz5POjUbU';

export async function listUsers(db: Db): Promise<UserView[]> {
  const rows = await db.user.findMany({ orderBy: { createdAt: 'asc' } });
  return rows.map((r) => ({ ...toAuthUser(r), createdAt: r.createdAt.toISOString(), disabled: r.disabledAt !== null }));
}

export interface UserChange {
  role?: Role;
  name?: string;
  disabled?: boolean;
  password?: string;
}

/** Admin changes; the last active admin cannot be demoted or disabled. */
export async function updateUser(db: Db, id: string, change: UserChange): Promise<UserView> {
  const row = await db.user.findUnique({ where: { id } });
  if (!row) throw new HttpError(404, `no user with id ${id}`);
  if (change.role !== undefined && !isRole(change.role)) throw badRequest('role must be admin, member or viewer');
  const losesAdmin = row.role === 'admin' && ((change.role && change.role !== 'admin') || change.disabled === true);
  if (losesAdmin && (await db.user.count({ where: { role: 'admin', disabledAt: null } })) <= 1) {
    throw new HttpError(409, 'the last admin cannot be demoted or disabled');
  }
  const problem = change.password === undefined ? null : passwordProblem(change.password);
  if (problem) throw badRequest(problem);
  const updated = await db.user.update({
    where: { id },
    data: {
      ...(change.role ? { role: change.role } : {}),
      ...(change.name?.trim() ? { name: change.name.trim() } : {}),
      ...(change.disabled === undefined ? {} : { disabledAt: change.disabled ? row.disabledAt ?? new Date() : null }),
      ...(change.password ? { passwordHash: await hashPassword(change.password) } : {}),
    },
  });
  if (change.disabled || change.password) await db.session.deleteMany({ where: { userId: id } });
  return { ...toAuthUser(updated), createdAt: updated.createdAt.toISOString(), disabled: updated.disabledAt !== null };
}
