import { commands, type CommandEntry } from './commands';
import { UsageError, type CliIo } from './command';

const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
};

function usage(): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length), 4);
  const rows = commands.map((c) => `  certwright ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return ['Usage: certwright <command> [options]', '', 'Commands:', ...rows, '', 'Run `certwright <command> --help` for the options of one command.', ''].join('\n');
}

/** Finds the longest command path that prefixes argv. */
function resolve(argv: readonly string[]): { entry: CommandEntry; rest: readonly string[] } | undefined {
  let best: CommandEntry | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best && { entry: best, rest: argv.slice(best.path.length) };
}

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  if (!argv.length || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(usage());
    return argv.length ? 0 : 2;
  }
  if (argv[0] === '--version') {
    io.out('certwright 0.1.0\n');
    return 0;
  }
  const found = resolve(argv);
  if (!found) {
    // `certwright issue` alone: list the commands of that group rather than calling it unknown.
    const group = commands.filter((c) => c.path.length > 1 && c.path[0] === argv[0]);
    const detail = group.length
      ? `'${argv.join(' ')}' needs one of: ${group.map((c) => c.path.slice(1).join(' ')).join(', ')}`
      : `unknown command '${argv.join(' ')}'`;
    io.err(`certwright: ${detail}\n\n${usage()}`);
    return 2;
  }
  const command = await found.entry.load();
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(found.rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`certwright ${command.path.join(' ')}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
