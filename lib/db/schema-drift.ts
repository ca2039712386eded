import pg from 'pg';

export interface ColumnShape {
  type: string;
  nullable: boolean;
}

export interface SchemaShape {
  tables: Record<string, Record<string, ColumnShape>>;
  enums: Record<string, string[]>;
  /** "Table(colA,colB)" for unique indexes (primary keys excluded). */
  uniques: string[];
}

const SCALARS: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3)',
  Json: 'jsonb',
};

function blocks(schema: string, keyword: string): Array<{ name: string; body: string[] }> {
  const found: Array<{ name: string; body: string[] }> = [];
  const pattern = new RegExp(`^${keyword}\\s+(\\w+)\\s*\\{([\\s\\S]*?)^\\}`, 'gm');
  for (const match of schema.matchAll(pattern)) {
    const body = match[2]!.split('\n').map((l) => l.replace(/\/\/.*$/, '').trim()).filter(Boolean);
    found.push({ name: match[1]!, body });
  }
  return found;
}

/** The tables, columns, enums and unique indexes that schema.prisma describes. */
export function shapeFromPrismaSchema(schema: string): SchemaShape {
  const enums = Object.fromEntries(blocks(schema, 'enum').map((e) => [e.name, e.body]));
  const shape: SchemaShape = { tables: {}, enums, uniques: [] };
  for (const model of blocks(schema, 'model')) {
    const columns: Record<string, ColumnShape> = {};
    for (const line of model.body) {
      if (line.startsWith('@@unique')) shape.uniques.push(`${model.name}(${line.match(/\[(.*?)\]/)![1]!.replace(/\s/g, '')})`);
      const field = line.match(/^(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/);
      if (!field || line.startsWith('@@')) continue;
      const [, name = '', base = '', array, optional, attributes = ''] = field;
      const scalar = base in enums ? base : base === 'String' && attributes.includes('@db.Uuid') ? 'uuid' : SCALARS[base];
      if (!scalar) continue;
      if (attributes.includes('@unique')) shape.uniques.push(`${model.name}(${name})`);
      columns[name] = { type: array ? `${scalar}[]` : scalar, nullable: Boolean(optional) || Boolean(array) };
    }
    shape.tables[model.name] = columns;
  }
  shape.uniques.sort();
  return shape;
}

/** The same shape read from a live database's public schema. */
export async function shapeFromDatabase(databaseUrl: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const columns = await client.query<{ table_name: string; column_name: string; type: string; nullable: boolean }>(`
      SELECT c.relname AS table_name, a.attname AS column_name,
             format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname <> '_prisma_migrations'`);
    const enums = await client.query<{ name: string; label: string }>(`
      SELECT t.typname AS name, e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
      JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`);
    const uniques = await client.query<{ entry: string }>(`
      SELECT c.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ord) || ')' AS entry
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = 'public' AND i.indisunique AND NOT i.indisprimary
      GROUP BY i.indexrelid, c.relname`);
    const shape: SchemaShape = { tables: {}, enums: {}, uniques: uniques.rows.map((r) => r.entry).sort() };
    for (const row of columns.rows) {
      const type = row.type.replace('timestamp(3) without time zone', 'timestamp(3)').replace(/^"(.*)"$/, '$1');
      (shape.tables[row.table_name] ??= {})[row.column_name] = { type, nullable: row.nullable };
    }
    for (const row of enums.rows) (shape.enums[row.name] ??= []).push(row.label);
    return shape;
  } finally {
    await client.end();
  }
}

/** Human-readable differences; empty when the database matches the schema. */
export function diffSchemaShapes(expected: SchemaShape, live: SchemaShape): string[] {
  const problems: string[] = [];
  for (const [table, columns] of Object.entries(expected.tables)) {
    const liveColumns = live.tables[table];
    if (!liveColumns) { problems.push(`table ${table} is missing`); continue; }
    for (const [column, shape] of Object.entries(columns)) {
      const found = liveColumns[column];
      if (!found) problems.push(`column ${table}.${column} is missing`);
      else if (found.type !== shape.type || found.nullable !== shape.nullable) {
        problems.push(`column ${table}.${column} is ${found.type}${found.nullable ? ' NULL' : ' NOT NULL'}, schema says ${shape.type}${shape.nullable ? ' NULL' : ' NOT NULL'}`);
      }
    }
    for (const column of Object.keys(liveColumns)) if (!(column in columns)) problems.push(`column ${table}.${column} is not in the schema`);
  }
  for (const table of Object.keys(live.tables)) if (!(table in expected.tables)) problems.push(`table ${table} is not in the schema`);
  for (const [name, values] of Object.entries(expected.enums)) {
    if ((live.enums[name] ?? []).join(',') !== values.join(',')) problems.push(`enum ${name} is [${live.enums[name] ?? ''}], schema says [${values}]`);
  }
  const liveUniques = new Set(live.uniques);
  for (const u of expected.uniques) if (!liveUniques.has(u)) problems.push(`unique index ${u} is missing`);
  for (const u of live.uniques) if (!expected.uniques.includes(u)) problems.push(`unique index ${u} is not in the schema`);
  return problems;
}
