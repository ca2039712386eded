import type { CliCommand } from '../command.ts';
import { analyzeCommand } from './analyze.ts';
import { evaluateCommand } from './evaluate.ts';
import { fuseCommand } from './fuse.ts';
import { inspectCommand } from './inspect.ts';
import { suggestCommand } from './suggest.ts';
import { tokenCommand } from './token.ts';
import { userCommand } from './user.ts';

/** One entry per subcommand; each lives in its own file beside this one. */
export const commands: Record<string, CliCommand> = {
  analyze: analyzeCommand,
  inspect: inspectCommand,
  fuse: fuseCommand,
  evaluate: evaluateCommand,
  suggest: suggestCommand,
  token: tokenCommand,
  user: userCommand,
};
