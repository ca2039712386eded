import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyMigrations, readMigrationFiles } from '../../lib/db/apply-migrations.ts';
import { diffSchemaShapes, shapeFromDatabase, shapeFromPrismaSchema } from '../../lib/db/schema-drift.ts';
import { createTestDatabase, createTestDataDir } from '../support/test-database.ts';

const schema = fs.readFileSync(new URL('../../prisma/schema.prisma', import.meta.url), 'utf8');

describe('migrations', () => {
  it('apply on an empty database, then find nothing left to apply', async () => {
    const url = await createTestDatabase({ migrate: false });
    const first = await applyMigrations(url);
    expect(first).toEqual(readMigrationFiles().map((m) => m.name));
    expect(await applyMigrations(url)).toEqual([]);
  });

  it('leave a database whose schema matches schema.prisma', async () => {
    const url = await createTestDatabase();
    const problems = diffSchemaShapes(shapeFromPrismaSchema(schema), await shapeFromDatabase(url));
    expect(problems).toEqual([]);
  });

  it('detect a database that drifted from schema.prisma', async () => {
    const url = await createTestDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('ALTER TABLE "Model" DROP COLUMN "sha256"');
    await client.query('ALTER TABLE "Analysis" ALTER COLUMN "error" SET NOT NULL');
    await client.end();
    const problems = diffSchemaShapes(shapeFromPrismaSchema(schema), await shapeFromDatabase(url));
    expect(problems).toContain('column Model.sha256 is missing');
    expect(problems).toContain('column Analysis.error is text NOT NULL, schema says text NULL');
  });

  it('refuse a migration edited after it was applied', async () => {
    const url = await createTestDatabase({ migrate: false });
    const dir = createTestDataDir('migrations');
    fs.mkdirSync(path.join(dir, '20260101000000_a'));
    fs.writeFileSync(path.join(dir, '20260101000000_a', 'migration.sql'), 'CREATE TABLE a (x int);');
    await applyMigrations(url, dir);
    fs.writeFileSync(path.join(dir, '20260101000000_a', 'migration.sql'), 'CREATE TABLE a (x bigint);');
    await expect(applyMigrations(url, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it('roll back a failing migration and record nothing', async () => {
    const url = await createTestDatabase({ migrate: false });
    const dir = createTestDataDir('migrations');
    fs.mkdirSync(path.join(dir, '20260101000000_bad'));
    fs.writeFileSync(path.join(dir, '20260101000000_bad', 'migration.sql'), 'CREATE TABLE b (x int); SELECT no_such_function();');
    await expect(applyMigrations(url, dir)).rejects.toThrow(/20260101000000_bad failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query("SELECT 1 FROM pg_tables WHERE tablename = 'b'");
    const recorded = await client.query('SELECT 1 FROM "_prisma_migrations"');
    await client.end();
    expect(tables.rowCount).toBe(0);
    expect(recorded.rowCount).toBe(0);
  });
});
