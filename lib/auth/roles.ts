export const ROLES = ['admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles are ordered: an admin may do what a member may, a member what a viewer may. */
export function roleAllows(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}
