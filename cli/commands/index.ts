import type { CliCommand } from '../command.ts';
import { analyzeCommand } from './analyze.ts';
import { inspectCommand } from './inspect.ts';
import { tokenCommand } from './token.ts';
import { userCommand } from './user.ts';

/** One entry per subcommand; each lives in its own file beside this one. */
export const commands: Record<string, CliCommand> = {
  analyze: analyzeCommand,
  inspect: inspectCommand,
  token: tokenCommand,
  user: userCommand,
};
