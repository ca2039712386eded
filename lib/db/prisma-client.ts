import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

export type Db = PrismaClient;

export function createPrismaClient(databaseUrl: string, maxConnections = 5): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: maxConnections });
  return new PrismaClient({ adapter });
}

const globalForPrisma = globalThis as unknown as { fusionscopePrisma?: PrismaClient };

/** The process-wide client for DATABASE_URL. */
export function getDb(): PrismaClient {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: start fusionscope with `npm start`, or set DATABASE_URL');
  globalForPrisma.fusionscopePrisma ??= createPrismaClient(url);
  return globalForPrisma.fusionscopePrisma;
}
