/**
 * The translation function the pure modules take (pictures, decorations,
 * tooltips): `vscode.l10n` in the extension, `english` in unit tests and the
 * CLI. Calls keep the shape `l10n.t('literal', ...args)` so
 * scripts/l10n-export.ts finds their messages.
 */
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

/** The messages as written, `{0}` replaced by the arguments (vscode.l10n.t's format). */
export const english: L10n = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m)),
};
