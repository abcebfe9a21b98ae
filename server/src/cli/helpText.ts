/**
 * A command's `--help`, in the user's language. The text is written as blocks separated by a
 * blank line: a paragraph, one `tr` text translated whole, or a list of rows (options, files,
 * steps), each row translated on its own, so that a row several commands share (`--dir DIR`,
 * `-h, --help`) has one translation and a changed row leaves the others translated.
 */
import { english, type Localiser } from '../core/l10n';

export type HelpBlock = string | readonly string[];
export type HelpText = readonly HelpBlock[];

export function renderHelp(help: HelpText, l10n: Localiser = english): string {
  const block = (b: HelpBlock): string => (typeof b === 'string' ? l10n.text(b) : b.map((row) => l10n.text(row)).join('\n'));
  return `${help.map(block).join('\n\n')}\n`;
}
