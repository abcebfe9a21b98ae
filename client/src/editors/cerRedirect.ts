/**
 * `.cer` files (and sometimes `.crt`, `.crl`, `.csr`, even `.pem`) are PEM text or DER
 * binary under the same name, and VS Code picks an editor by file name only: the
 * certificate editor cannot be their default without taking PEM files away from the
 * text editor. So the text editor stays the default, and such a file that opens in it
 * holding a DER object is
 * reopened at once in the certificate editor, in the same group, replacing the
 * text tab (which shows VS Code's "binary file" page for it). A text tab the user
 * asks for while the certificate editor is open (Reopen Editor With… Text Editor)
 * is left alone.
 */
import * as vscode from 'vscode';
import { looksLikeDer } from '../../../server/src/protocol/languages';
import { certificateEditorTextType, certificateEditorType } from './certificateEditor';

/** The names the text editor keeps (PEM by convention) that tools also give DER files (`openssl x509 -outform der -out x.crt`). */
const textCertificateNames = /\.(cer|crt|pem|crl|csr)$/i;
/** Larger files are not certificates; they stay where VS Code put them. */
const maxBytes = 1 << 20;

async function isDerFile(uri: vscode.Uri): Promise<boolean> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > maxBytes) return false;
    return looksLikeDer(await vscode.workspace.fs.readFile(uri));
  } catch {
    return false;
  }
}

function textTabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
}

/** The certificate editor's tabs of `uri` (either view type). */
function editorTabsOf(uri: vscode.Uri): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputCustom && isCertificateEditor(t.input) && t.input.uri.toString() === uri.toString());
}

function isCertificateEditor(input: vscode.TabInputCustom): boolean {
  return input.viewType === certificateEditorTextType || input.viewType === certificateEditorType;
}

export function registerCerRedirect(context: vscode.ExtensionContext): void {
  const busy = new Set<string>();
  /** When a certificate editor of a file closed: a text tab opening right after is the user's "Reopen Editor With… Text Editor". */
  const editorClosed = new Map<string, number>();
  const check = async (tab: vscode.Tab): Promise<void> => {
    if (!(tab.input instanceof vscode.TabInputText)) return;
    const uri = tab.input.uri;
    const key = uri.toString();
    if (!textCertificateNames.test(uri.path) || busy.has(key)) return;
    // The user asked for text while the certificate editor is (or just was) open: leave it.
    if (editorTabsOf(uri).length || Date.now() - (editorClosed.get(key) ?? 0) < 2000) return;
    busy.add(key);
    try {
      if (!(await isDerFile(uri))) return;
      const column = tab.group.viewColumn;
      await vscode.commands.executeCommand('vscode.openWith', uri, certificateEditorTextType, { viewColumn: column, preview: tab.isPreview });
      const stale = textTabsOf(uri).filter((t) => t.group.viewColumn === column);
      if (stale.length) await vscode.window.tabGroups.close(stale);
    } finally {
      busy.delete(key);
    }
  };
  context.subscriptions.push(
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.closed) if (tab.input instanceof vscode.TabInputCustom && isCertificateEditor(tab.input)) editorClosed.set(tab.input.uri.toString(), Date.now());
      // Only new tabs: a text tab the user keeps (Open Anyway, Reopen With) is not taken away again.
      for (const tab of e.opened) void check(tab);
    }),
  );
  // Tabs restored before the extension started.
  for (const tab of vscode.window.tabGroups.all.flatMap((g) => g.tabs)) void check(tab);
}
