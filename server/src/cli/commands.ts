import type { CliCommand } from './command';

/** Every `certwright` sub-command; each lives in its own module under cli/. */
export const commands: readonly CliCommand[] = [];
