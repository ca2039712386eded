import type { Role } from './roles.ts';

/** public: no sign-in; otherwise the least role that may make the request. */
export type Access = 'public' | Role;

interface Rule {
  methods: readonly string[] | '*';
  path: RegExp;
  access: Access;
}

const READ = ['GET', 'HEAD'] as const;
const CHANGE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const ID = '[^/]+';

/** First match wins. Ownership (own comment, own token) and "not the author" are checked in lib/review and lib/auth. */
export const ROUTE_RULES: readonly Rule[] = [
  { methods: READ, path: /^\/api\/health$/, access: 'public' },
  { methods: ['POST'], path: /^\/api\/auth\/(signin|setup)$/, access: 'public' },
  { methods: READ, path: /^\/api\/auth\/setup$/, access: 'public' },
  { methods: READ, path: /^\/(signin|setup)$/, access: 'public' },
  { methods: '*', path: /^\/api\/auth\//, access: 'viewer' },
  { methods: READ, path: /^\/api\/users$/, access: 'viewer' },
  { methods: '*', path: /^\/api\/users(\/|$)/, access: 'admin' },
  { methods: '*', path: /^\/api\/tokens(\/|$)/, access: 'viewer' },
  { methods: '*', path: new RegExp(`^/api/runs/${ID}/${ID}/comments$`), access: 'viewer' },
  { methods: '*', path: new RegExp(`^/api/comments/${ID}$`), access: 'viewer' },
  { methods: CHANGE, path: new RegExp(`^/api/runs/${ID}/${ID}/(review|review-requests)$`), access: 'member' },
  { methods: '*', path: /^\/api\/inbox(\/|$)/, access: 'viewer' },
  { methods: READ, path: /^\/admin(\/|$)/, access: 'admin' },
  { methods: READ, path: /./, access: 'viewer' },
  // Uploads, launches, cancels and whatever else changes data.
  { methods: '*', path: /^\/api\//, access: 'member' },
  { methods: '*', path: /./, access: 'member' },
];

export function requiredAccess(method: string, pathname: string): Access {
  const m = method.toUpperCase();
  const rule = ROUTE_RULES.find((r) => (r.methods === '*' || r.methods.includes(m)) && r.path.test(pathname));
  return rule?.access ?? 'admin';
}
