import type { CliCommand } from '../command.ts';
import { analyzeCommand } from './analyze.ts';
import { inspectCommand } from './inspect.ts';

/** One entry per subcommand; each lives in its own file beside this one. */
export const commands: Record<string, CliCommand> = {
  analyze: analyzeCommand,
  inspect: inspectCommand,
};
