import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import { openCliDatabase } from '../../lib/auth/cli/open-database.ts';
import { readPassword } from '../../lib/auth/cli/read-password.ts';
import { isRole } from '../../lib/auth/roles.ts';
import { createUser, listUsers, normalizeEmail, updateUser } from '../../lib/auth/users.ts';
import type { Db } from '../../lib/db/prisma-client.ts';

const USAGE = `usage: fusionscope user create --email <email> --role admin|member|viewer [--name <name>] [--password <pw>]
       fusionscope user list
       fusionscope user set-role --email <email> --role admin|member|viewer
       fusionscope user disable|enable --email <email>
Without --password the password is prompted for (or read from the first line of stdin).`;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** `fusionscope user`: accounts from the shell, against the dashboard's database. */
export const userCommand: CliCommand = {
  summary: 'create and list accounts, change roles (admin, member, viewer)',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    const [action] = positionals;
    if (values.help || !action || !ACTIONS[action]) return usage(values.help ? 0 : 1);
    const { db, close } = await openCliDatabase(log);
    try {
      return await ACTIONS[action](db, values);
    } finally {
      await close();
    }
  },
};

type Options = { email?: string; role?: string; name?: string; password?: string };

const ACTIONS: Record<string, (db: Db, o: Options) => Promise<number>> = {
  async create(db, o) {
    if (!o.email || !isRole(o.role)) return usage(1);
    const password = o.password ?? (await readPassword(`password for ${o.email}: `));
    const user = await createUser(db, { email: o.email, name: o.name, password, role: o.role });
    process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
    return 0;
  },
  async list(db) {
    for (const u of await listUsers(db)) process.stdout.write(`${u.id}  ${u.role.padEnd(6)}  ${u.email}${u.disabled ? '  (disabled)' : ''}\n`);
    return 0;
  },
  async 'set-role'(db, o) {
    if (!o.email || !isRole(o.role)) return usage(1);
    const user = await updateUser(db, await idOf(db, o.email), { role: o.role });
    process.stdout.write(`${user.email} is now ${user.role}\n`);
    return 0;
  },
  async disable(db, o) {
    if (!o.email) return usage(1);
    await updateUser(db, await idOf(db, o.email), { disabled: true });
    process.stdout.write(`${o.email} is disabled and signed out\n`);
    return 0;
  },
  async enable(db, o) {
    if (!o.email) return usage(1);
    await updateUser(db, await idOf(db, o.email), { disabled: false });
    process.stdout.write(`${o.email} is enabled\n`);
    return 0;
  },
};

async function idOf(db: Db, email: string): Promise<string> {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user) throw new Error(`no user with email ${email}`);
  return user.id;
}

function usage(code: number): number {
  process.stderr.write(`${USAGE}\n`);
  return code;
}
