import type { JobDefinition } from '../job-definition.ts';
import { analyzeRowsJob } from './analyze-rows.ts';

/** Every job a worker can run; workers take from the queues in this order. */
export const jobDefinitions: JobDefinition<never>[] = [analyzeRowsJob as JobDefinition<never>];

export function jobDefinitionByName(name: string): JobDefinition<never> | undefined {
  return jobDefinitions.find((d) => d.name === name);
}
