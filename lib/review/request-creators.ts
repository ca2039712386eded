import { getSessionUser } from '../auth/request-user.ts';
import { getDb } from '../db/prisma-client.ts';
import { createdByFilter } from './created-by-filter.ts';
import { withCreators, type Creator } from './creators.ts';
import { recordCreator, type CreatedThing } from './record-creator.ts';

/** For list route handlers: each row with `createdBy`, only one person's rows for `?createdBy=<id|email|me>`. */
export async function listedWithCreators<T extends { id: string }>(request: Request, thing: CreatedThing, rows: T[]): Promise<Array<T & { createdBy: Creator | null }>> {
  const db = getDb();
  const onlyBy = await createdByFilter(db, request.url, await getSessionUser(request));
  return withCreators(db, thing, rows, onlyBy);
}

/** For create route handlers: records the signed-in user (or token owner) as the creator of the new row. */
export async function recordRequestCreator(request: Request, thing: CreatedThing, id: string): Promise<void> {
  await recordCreator(getDb(), thing, id, (await getSessionUser(request))?.id);
}
