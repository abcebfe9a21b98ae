import type { Localiser } from '../core/l10n';
import type { HelpText } from './helpText';

/** One `certwright` sub-command. Commands get parsed argv and write through `io`. */
export interface CliCommand {
  /** Words that select it, e.g. ['lint'] or ['issue', 'node']. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Full `--help` text, as blocks (helpText.ts). */
  readonly help: HelpText;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/**
 * Where a command writes. `out` and `err` take human-readable English (`tr` templates and
 * the core's texts): runCli passes them through the user's Localiser. `raw` takes what is
 * never translated: JSON and SARIF, which scripts read, and text already localised.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard output as it is; `out` when not given. */
  raw?(text: string): void;
  readonly cwd: string;
  /** The user's locale (LC_ALL, LC_MESSAGES, LANG); English when not given. */
  readonly locale?: string;
  /** Set by runCli: the Localiser of `locale`, for a command that localises parts of a line itself. */
  readonly l10n?: Localiser;
}

/** Machine output (JSON, SARIF) or text already localised: written as it is, never translated. */
export function writeRaw(io: CliIo, text: string): void {
  (io.raw ?? io.out)(text);
}

/** Thrown for bad usage: printed without a stack, exit code 2. */
export class UsageError extends Error {}
