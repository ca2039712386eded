import { commands } from './commands/index.ts';

function printUsage(): void {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  process.stderr.write(`usage: fusionscope <command> [options]\n\ncommands:\n${lines.join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    printUsage();
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`fusionscope: unknown command "${name}"\n`);
    printUsage();
    return 1;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    process.stderr.write(`fusionscope ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
