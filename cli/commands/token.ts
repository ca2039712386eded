import { parseArgs } from 'node:util';
import type { CliCommand } from '../command.ts';
import { createApiToken, listApiTokens } from '../../lib/auth/api-tokens.ts';
import { openCliDatabase } from '../../lib/auth/cli/open-database.ts';
import { normalizeEmail } from '../../lib/auth/users.ts';
import type { Db } from '../../lib/db/prisma-client.ts';

const USAGE = `usage: fusionscope token create --email <owner> [--name <label>] [--expires-days N]
       fusionscope token list [--email <owner>]
       fusionscope token revoke <token-id>
The token is printed once; send it as "Authorization: Bearer <token>". It acts with its owner's role.`;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** `fusionscope token`: API tokens for scripts and CI. */
export const tokenCommand: CliCommand = {
  summary: 'create, list and revoke API tokens (Authorization: Bearer)',
  async run(args) {
    const { values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { email: { type: 'string' }, name: { type: 'string' }, 'expires-days': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    const [action, id] = positionals;
    if (values.help || !action || !['create', 'list', 'revoke'].includes(action)) return usage(values.help ? 0 : 1);
    if ((action === 'create' && !values.email) || (action === 'revoke' && !id)) return usage(1);
    const { db, close } = await openCliDatabase(log);
    try {
      if (action === 'create') return await create(db, values.email!, values.name, values['expires-days']);
      if (action === 'list') return await list(db, values.email);
      return await revoke(db, id!);
    } finally {
      await close();
    }
  },
};

async function ownerId(db: Db, email: string): Promise<string> {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  if (!user) throw new Error(`no user with email ${email}: create one with \`fusionscope user create\``);
  return user.id;
}

async function create(db: Db, email: string, name = 'cli', expiresDays?: string): Promise<number> {
  const days = expiresDays === undefined ? undefined : Number(expiresDays);
  if (days !== undefined && !(Number.isInteger(days) && days > 0)) throw new Error('--expires-days must be a positive integer');
  const expiresAt = days ? new Date(Date.now() + days * 86_400_000) : undefined;
  const { token, view } = await createApiToken(db, await ownerId(db, email), name, expiresAt);
  process.stderr.write(`token ${view.id} for ${email}${expiresAt ? `, expires ${expiresAt.toISOString()}` : ''}; it is shown only now:\n`);
  process.stdout.write(`${token}\n`);
  return 0;
}

async function list(db: Db, email?: string): Promise<number> {
  const tokens = await listApiTokens(db, email ? { userId: await ownerId(db, email) } : {});
  for (const t of tokens) {
    const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt < new Date().toISOString() ? 'expired' : 'active';
    process.stdout.write(`${t.id}  ${t.prefix}…  ${state.padEnd(7)}  ${t.owner.email}  ${t.name}  last used ${t.lastUsedAt ?? 'never'}\n`);
  }
  return 0;
}

async function revoke(db: Db, id: string): Promise<number> {
  const found = await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } }).catch(() => ({ count: 0 }));
  if (!found.count) throw new Error(`no active token ${id}`);
  process.stdout.write(`revoked ${id}\n`);
  return 0;
}

function usage(code: number): number {
  process.stderr.write(`${USAGE}\n`);
  return code;
}
