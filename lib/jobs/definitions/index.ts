import type { JobDefinition } from '../job-definition.ts';
import { analyzeRowsJob } from './analyze-rows.ts';
import { fuseRangesJob } from './fuse-ranges.ts';

/** Every job a worker can run; workers take from the queues in this order. */
export const jobDefinitions: JobDefinition<never>[] = [analyzeRowsJob as JobDefinition<never>, fuseRangesJob as JobDefinition<never>];

export function jobDefinitionByName(name: string): JobDefinition<never> | undefined {
  return jobDefinitions.find((d) => d.name === name);
}
