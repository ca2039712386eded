import path from 'node:path';

export interface FusionscopeConfig {
  /** External Postgres; when unset an embedded PostgreSQL runs in the data folder. */
  databaseUrl: string | null;
  /** Holds the embedded database, stored models, calibration sets and fused models. */
  dataDir: string;
  port: number;
  workers: number;
}

function positiveInteger(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): FusionscopeConfig {
  return {
    databaseUrl: env.DATABASE_URL ? env.DATABASE_URL : null,
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.FUSIONSCOPE_DATA_DIR ?? '.fusionscope'),
    port: positiveInteger('PORT', env.PORT, 3000),
    workers: positiveInteger('WORKERS', env.WORKERS, 1, 0),
  };
}
