import * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { Finding, FindingData, Fix, RelatedLocation, Severity, TextEdit } from './core/types';
import { ruleInfo } from './core/rules/catalog';
import { english, tr, type Localiser } from './core/l10n';
import { fixKeyPermissionsCommand, fixKeyPermissionsServerCommand } from './protocol/setup';
import { serverApplyEditCommand } from './protocol/client';

const severities: Record<Severity, lsp.DiagnosticSeverity> = {
  error: lsp.DiagnosticSeverity.Error,
  warning: lsp.DiagnosticSeverity.Warning,
  information: lsp.DiagnosticSeverity.Information,
  hint: lsp.DiagnosticSeverity.Hint,
};

/** What a diagnostic carries in `data` so quick fixes need no server-side state. */
export interface DiagnosticData extends FindingData {
  readonly fixes?: readonly Fix[];
}

export function toRange(doc: TextDocument, start: number, end: number): lsp.Range {
  return { start: doc.positionAt(start), end: doc.positionAt(end) };
}

/**
 * `ruleDocs`: base URL of the rule pages, for clients that show `codeDescription` links.
 * `l10n`: the client's language, for the message, related messages and fix titles.
 * `relatedInformation`: whether the client declared it shows `relatedInformation`; a client
 * that does not (Eglot) gets each related place as a line of the message instead.
 */
export function toDiagnostic(doc: TextDocument, f: Finding, ruleDocs?: string, l10n: Localiser = english, relatedInformation = true): lsp.Diagnostic {
  const d: lsp.Diagnostic = {
    range: toRange(doc, f.start, f.end),
    severity: severities[f.severity],
    code: f.code,
    source: 'certwright',
    message: l10n.text(f.message),
  };
  if (ruleDocs && ruleInfo(f.code)) d.codeDescription = { href: `${ruleDocs}${f.code}.md` };
  if (f.related?.length && !relatedInformation) {
    d.message += f.related.map((r) => `\n${l10n.text(relatedLine(r))}`).join('');
  } else if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({
      location: {
        uri: pathToFileURL(r.file).toString(),
        range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } },
      },
      message: l10n.text(r.message),
    }));
  }
  if (f.tags?.length) {
    d.tags = f.tags.map((t) => (t === 'unnecessary' ? lsp.DiagnosticTag.Unnecessary : lsp.DiagnosticTag.Deprecated));
  }
  const fixes = l10n === english ? f.fixes : f.fixes?.map((x) => ({ ...x, title: l10n.text(x.title) }));
  if (fixes?.length || f.data) d.data = { ...(fixes?.length ? { fixes } : {}), ...f.data } satisfies DiagnosticData;
  return d;
}

/** A related place as a line of a diagnostic's message: `this key: /etc/tls/node.key:1`. */
function relatedLine(r: RelatedLocation): string {
  const line = r.line + 1;
  return tr`${r.message}: ${r.file}:${line}`;
}

/** Client commands a fix may carry, and the server command that does the same for a client that does not declare it. */
const serverVariants: Readonly<Record<string, string>> = { [fixKeyPermissionsCommand]: fixKeyPermissionsServerCommand };

/**
 * Turns the fixes a diagnostic carries into LSP code actions. `clientCommands`: the commands the
 * client runs itself (initializationOptions); a fix's client command it does not declare is
 * replaced by the server's own (a client would otherwise send it back, unknown, to the server).
 */
export function fixesToCodeActions(doc: TextDocument, diagnostic: lsp.Diagnostic, clientCommands: ReadonlySet<string> = new Set()): lsp.CodeAction[] {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data || !Array.isArray(data.fixes)) return [];
  return data.fixes.map((fix) => {
    const action: lsp.CodeAction = {
      title: fix.title,
      kind: lsp.CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
    };
    if (fix.isPreferred) action.isPreferred = true;
    const changes: Record<string, lsp.TextEdit[]> = {};
    if (fix.edits?.length) changes[doc.uri] = fix.edits.map((e: TextEdit) => lsp.TextEdit.replace(toRange(doc, e.start, e.end), e.newText));
    for (const e of fix.fileEdits ?? []) (changes[pathToFileURL(e.file).toString()] ??= []).push(lsp.TextEdit.replace({ start: e.start, end: e.end }, e.newText));
    if (Object.keys(changes).length) action.edit = { changes };
    if (fix.command) {
      const id = clientCommands.has(fix.command.id) ? fix.command.id : (serverVariants[fix.command.id] ?? fix.command.id);
      action.command = { title: fix.title, command: id, arguments: [...fix.command.args] };
    }
    return action;
  });
}

/**
 * Code actions as the Commands a client without CodeAction literals takes: an edit becomes
 * `serverApplyEditCommand` (the server sends it with workspace/applyEdit), dropped where the
 * client applies no edits the server sends; a disabled action is left out.
 */
export function codeActionsAsCommands(actions: readonly (lsp.CodeAction | lsp.Command)[], applyEdit: boolean): lsp.Command[] {
  const out: lsp.Command[] = [];
  for (const a of actions) {
    if (lsp.Command.is(a)) out.push(a);
    else if (a.disabled) continue;
    else if (a.edit) {
      if (applyEdit) out.push({ title: a.title, command: serverApplyEditCommand, arguments: [a.edit, a.command ?? null] });
    } else if (a.command) out.push({ ...a.command, title: a.title });
  }
  return out;
}
