import type { CliCommand } from './command';
import { caCreateCommand } from './ca';
import { issueClientCommand, issueNodeCommand } from './issue';
import { revokeCommand } from './revoke';
import { crlCommand } from './crl';
import { renewCommand } from './renew';
import { lintCommand } from './lint';
import { expiringCommand, listCommand } from './inventory';
import { explainCommand } from './explain';
import { probeCommand } from './probe';

/** Every `certwright` sub-command; each lives in its own module under cli/. */
export const commands: readonly CliCommand[] = [
  caCreateCommand, issueNodeCommand, issueClientCommand, revokeCommand, crlCommand, renewCommand,
  lintCommand, listCommand, expiringCommand, explainCommand, probeCommand,
];
