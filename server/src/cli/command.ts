/** One `certwright` sub-command. Commands get parsed argv and write through `io`. */
export interface CliCommand {
  /** Words that select it, e.g. ['lint'] or ['issue', 'node']. */
  readonly path: readonly string[];
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly cwd: string;
}

/** Thrown for bad usage: printed without a stack, exit code 2. */
export class UsageError extends Error {}
