import { getDb } from '../db/prisma-client.ts';
import { HttpError } from '../server/http-error.ts';
import type { AuthUser } from './auth-user.ts';
import { authenticateRequest } from './authenticate-request.ts';
import { roleAllows, type Role } from './roles.ts';

/** The user making a request (session cookie or bearer token), or null. For route handlers. */
export async function getSessionUser(request: Request): Promise<AuthUser | null> {
  return (await authenticateRequest(getDb(), request.headers))?.user ?? null;
}

/** The user making the request; 401 without one, 403 when their role is below `role`. */
export async function requireUser(request: Request, role: Role = 'viewer'): Promise<AuthUser> {
  const user = await getSessionUser(request);
  if (!user) throw new HttpError(401, 'sign in, or send an API token as "Authorization: Bearer <token>"');
  if (!roleAllows(user.role, role)) throw new HttpError(403, `this needs the ${role} role; ${user.email} is ${user.role}`);
  return user;
}
