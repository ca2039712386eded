import type { Role } from './roles.ts';

/** The signed-in person as the rest of the app sees them. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
}

export function toAuthUser(row: UserRow): AuthUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
