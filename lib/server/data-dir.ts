import { readConfig } from '../config/read-config.ts';

export function dataDir(): string {
  return readConfig().dataDir;
}
