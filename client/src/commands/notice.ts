/**
 * The words of Certwright's result notifications, pure (the translation function is
 * injected, as in the pictures): what an operation wrote and which file it is about,
 * the actions offered (never more than three, so VS Code does not truncate them), and
 * the totals of Check Workspace, counted with singular and plural forms.
 */
import type { L10n } from '../l10nFormat';

export interface WrittenFile {
  readonly path: string;
  readonly description?: string;
}

/** The CA's own bookkeeping: written by every operation, never what a notification opens. */
const bookkeeping = /(^|\/)(index\.txt(\.attr)?(\.old)?|serial(\.old)?|crlnumber(\.old)?|exports\.json|openssl-ca\.cnf|certwright-layout\.json)$|(^|\/)newcerts\//;
const keyFile = /(\.key|[-_.]key\.pem)$/i;

/** How much a written file is what the operation is about: a certificate, then a CRL, then a bundle or export, then a key. */
function rank(path: string): number | undefined {
  if (bookkeeping.test(path)) return undefined;
  if (keyFile.test(path)) return 3;
  if (/\.(crt|pem|cer|der)$/i.test(path)) return 0;
  if (/\.crl$/i.test(path)) return 1;
  return 2;
}

/** The index of the file an operation is about (what "Open" opens), or undefined when it wrote only bookkeeping. */
export function mainFile(paths: readonly string[]): number | undefined {
  let best: number | undefined;
  paths.forEach((p, i) => {
    const r = rank(p);
    if (r !== undefined && (best === undefined || r < rank(paths[best]!)!)) best = i;
  });
  return best;
}

export function filesWritten(l10n: L10n, n: number): string {
  return n === 1 ? l10n.t('1 file written') : l10n.t('{0} files written', n);
}

export interface ResultFacts {
  readonly title: string;
  /** The folder, as the workspace names it. */
  readonly dir: string;
  readonly written: readonly WrittenFile[];
  /** The certificate issued, its notAfter already in the one date format. */
  readonly issued?: { readonly subject: string; readonly serial: string; readonly notAfter: string };
}

/** "Issue Node Certificate: 4 files written in pg — CN=db1, serial 1A, valid until 2029-03-10 10:23 UTC." */
export function resultText(l10n: L10n, r: ResultFacts): string {
  const files = filesWritten(l10n, r.written.length);
  if (r.issued) return l10n.t('{0}: {1} in {2} — {3}, serial {4}, valid until {5}.', r.title, files, r.dir, r.issued.subject, r.issued.serial, r.issued.notAfter);
  const i = mainFile(r.written.map((w) => w.path));
  const main = i === undefined ? undefined : r.written[i];
  if (main?.description) return l10n.t('{0}: {1} in {2} — {3}: {4}.', r.title, files, r.dir, main.path, main.description);
  return l10n.t('{0}: {1} in {2}.', r.title, files, r.dir);
}

export interface NoticeActions {
  readonly open?: string;
  readonly reveal: string;
  /** Show Warnings when there are warnings (they matter more), else Show openssl Commands. */
  readonly third: { readonly label: string; readonly kind: 'warnings' | 'commands' };
}

/** At most three buttons: a fourth is cut to "O…" by VS Code's toast. */
export function noticeActions(l10n: L10n, o: { readonly canOpen: boolean; readonly warnings: number }): NoticeActions {
  return {
    ...(o.canOpen ? { open: l10n.t('Open') } : {}),
    reveal: l10n.t('Reveal in Explorer'),
    third: o.warnings ? { label: l10n.t('Show Warnings'), kind: 'warnings' } : { label: l10n.t('Show openssl Commands'), kind: 'commands' },
  };
}

/** The notification text with its warning count. */
export function withWarnings(l10n: L10n, text: string, warnings: number): string {
  if (!warnings) return text;
  return `${text} ${warnings === 1 ? l10n.t('1 warning (see the output).') : l10n.t('{0} warnings (see the output).', warnings)}`;
}

export interface CheckTotals {
  /** Files the check read. */
  readonly checked: number;
  /** Certwright's errors and warnings in Problems after the check, open files included. */
  readonly errors: number;
  readonly warnings: number;
  /** Files with at least one error or warning. */
  readonly files: number;
  readonly truncated: boolean;
}

/** "Certwright: 31 files checked — 2 errors, 1 warning in 2 files." */
export function checkText(l10n: L10n, t: CheckTotals): string {
  const checked = t.checked === 1 ? l10n.t('1 file checked') : l10n.t('{0} files checked', t.checked);
  const text =
    t.errors + t.warnings === 0
      ? l10n.t('Certwright: {0}, no errors or warnings.', checked)
      : l10n.t(
          'Certwright: {0} — {1}, {2} in {3}.',
          checked,
          t.errors === 1 ? l10n.t('1 error') : l10n.t('{0} errors', t.errors),
          t.warnings === 1 ? l10n.t('1 warning') : l10n.t('{0} warnings', t.warnings),
          t.files === 1 ? l10n.t('1 file') : l10n.t('{0} files', t.files),
        );
  return t.truncated ? `${text} ${l10n.t('(stopped at the file limit)')}` : text;
}
