import { commands, type CommandEntry } from './commands';
import { UsageError, type CliIo } from './command';
import { cliLocale } from './locale';
import { renderHelp } from './helpText';
import { writeStderr, writeStdout } from './stdio';
import { loadLocaliser } from '../l10nLoader';
import { english, tr, type Localiser } from '../core/l10n';

/**
 * This process's standard output and error, working folder and locale, read when a command
 * runs, never when the module loads: a V8 start-up snapshot would hold the module as the
 * process that built it left it (test/unit/cli/loadTimeState.test.ts).
 */
function processIo(): CliIo {
  return { out: writeStdout, err: writeStderr, cwd: process.cwd(), locale: cliLocale(process.env) };
}

function usage(l10n: Localiser): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length), 4);
  const rows = commands.map((c) => `  certwright ${c.path.join(' ').padEnd(width)}  ${l10n.text(c.summary)}`);
  const text = (s: string): string => l10n.text(s);
  return [
    text(tr`Usage: certwright <command> [options]`),
    '',
    text(tr`Commands:`),
    ...rows,
    '',
    text(tr`Run \`certwright <command> --help\` for the options of one command.`),
    text(tr`Messages follow LC_ALL, LC_MESSAGES or LANG (Simplified Chinese for zh_CN); --json and SARIF output stay English.`),
    '',
  ].join('\n');
}

/** Finds the longest command path that prefixes argv. */
function resolve(argv: readonly string[]): { entry: CommandEntry; rest: readonly string[] } | undefined {
  let best: CommandEntry | undefined;
  for (const c of commands) {
    if (c.path.every((w, i) => argv[i] === w) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best && { entry: best, rest: argv.slice(best.path.length) };
}

/** `io` with its human-readable output in the user's language (machine output goes through `raw`, untouched). */
function localised(io: CliIo, l10n: Localiser): CliIo {
  if (l10n === english) return io;
  return { ...io, out: (t) => io.out(l10n.text(t)), err: (t) => io.err(l10n.text(t)), raw: (t) => (io.raw ?? io.out)(t), l10n };
}

export async function runCli(argv: readonly string[], given: CliIo = processIo()): Promise<number> {
  const l10n = await loadLocaliser(given.locale);
  const io = localised(given, l10n);
  // usage() and the errors below are localised as they are built: written as they are.
  if (!argv.length || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    given.out(usage(l10n));
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
      ? tr`'${argv.join(' ')}' needs one of: ${group.map((c) => c.path.slice(1).join(' ')).join(', ')}`
      : tr`unknown command '${argv.join(' ')}'`;
    given.err(`certwright: ${l10n.text(detail)}\n\n${usage(l10n)}`);
    return 2;
  }
  const command = await found.entry.load();
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    given.out(renderHelp(command.help, l10n));
    return 0;
  }
  try {
    return await command.run(found.rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      given.err(`certwright ${command.path.join(' ')}: ${l10n.text(err.message)}\n`);
      return 2;
    }
    throw err;
  }
}
