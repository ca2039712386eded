import PgBoss from 'pg-boss';

/** pg-boss on the application's database, in its own schema. */
export async function startQueue(databaseUrl: string, options: { maintenance?: boolean } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: 'pgboss',
    max: 4,
    supervise: options.maintenance ?? true,
    schedule: false,
  });
  boss.on('error', (error) => process.stderr.write(`queue: ${error.message}\n`));
  await boss.start();
  return boss;
}
