/** Helpers for integration tests that run inside the real VS Code extension host. */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import type { CertwrightApi } from '../../../client/src/extension';

export const extensionId = 'certwright.certwright';

export function extension(): vscode.Extension<CertwrightApi> {
  const ext = vscode.extensions.getExtension<CertwrightApi>(extensionId);
  assert.ok(ext, `extension ${extensionId} is not loaded (extensionDevelopmentPath wrong?)`);
  return ext;
}

/** Activates Certwright (once) and returns its exported API. */
export async function activate(): Promise<CertwrightApi> {
  const ext = extension();
  const api = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(api && api.ready, 'the extension did not export its CertwrightApi');
  await api.ready; // activate() returns before its features load and the language server is up
  return api;
}

/** The first workspace folder (a fresh temp copy of test/integration/workspace/). */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder.uri;
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), ...segments);
}

/** Writes a file in the workspace (creating folders) and returns its URI. */
export async function writeFile(relativePath: string, content: string | Uint8Array): Promise<vscode.Uri> {
  const uri = workspaceUri(...relativePath.split('/'));
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  await vscode.workspace.fs.writeFile(uri, typeof content === 'string' ? new TextEncoder().encode(content) : content);
  return uri;
}

/** Runs the real openssl in a workspace folder (fixtures are made at test time). */
export function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: workspaceUri(dir).fsPath, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * An EC P-256 CA (`ca.key`, `ca.crt`) and a leaf `<leaf>.key` / `.csr` / `.crt` it signs with the
 * x509v3 extensions in `ext`, made by openssl in the workspace folder `dir`.
 */
export async function makeEcPki(dir: string, o: { caCn: string; caDays: number; leaf: string; leafCn: string; leafDays: number; ext: string }): Promise<void> {
  mkdirSync(workspaceUri(dir).fsPath, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(dir, 'req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', `/CN=${o.caCn}`, '-days', String(o.caDays), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl(dir, 'req', '-new', ...ec, '-keyout', `${o.leaf}.key`, '-out', `${o.leaf}.csr`, '-subj', `/CN=${o.leafCn}`);
  await writeFile(`${dir}/${o.leaf}.ext`, o.ext);
  openssl(dir, 'x509', '-req', '-in', `${o.leaf}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', String(o.leafDays), '-extfile', `${o.leaf}.ext`, '-out', `${o.leaf}.crt`);
}

/** The text of hover results: markdown and plain strings, one per line. */
export function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))).join('\n');
}

/** Opens a workspace file (path relative to the workspace, or a URI) in an editor. */
export async function open(file: string | vscode.Uri): Promise<vscode.TextEditor> {
  const uri = typeof file === 'string' ? workspaceUri(...file.split('/')) : file;
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Resolves with `event`'s first value that satisfies `accept`, or rejects after
 * `timeoutMs` with `describe()` in the message. No polling, no fixed sleeps.
 */
export function waitForEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`));
    }, timeoutMs);
    const sub = event((value) => {
      let ok = false;
      try {
        ok = accept(value);
      } catch (err) {
        clearTimeout(timer);
        sub.dispose();
        reject(err);
        return;
      }
      if (ok) {
        clearTimeout(timer);
        sub.dispose();
        resolve(value);
      }
    });
  });
}

function same(a: vscode.Uri, b: vscode.Uri): boolean {
  return a.toString() === b.toString() || (a.path === b.path && (a.scheme === 'file' || b.scheme === 'file' || a.scheme === b.scheme));
}

/**
 * Resolves with the diagnostics of `uri` (from every source, or only Certwright's when
 * `onlyCertwright`) as soon as they satisfy `accept` — immediately if they already do,
 * otherwise on `vscode.languages.onDidChangeDiagnostics`.
 */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = 20_000,
  onlyCertwright = true,
): Promise<vscode.Diagnostic[]> {
  const current = (): vscode.Diagnostic[] =>
    vscode.languages.getDiagnostics(uri).filter((d) => !onlyCertwright || d.source === undefined || /certwright/i.test(d.source));
  const now = current();
  if (accept(now)) return now;
  await waitForEvent(
    vscode.languages.onDidChangeDiagnostics,
    (e) => e.uris.some((u) => same(u, uri)) && accept(current()),
    timeoutMs,
    () => `diagnostics of ${uri.toString()} never matched; last: ${JSON.stringify(current().map(describeDiagnostic))}`,
  );
  return current();
}

/** A compact, comparable form of a diagnostic: `code@l:c-l:c`. */
export function describeDiagnostic(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' && d.code ? d.code.value : d.code;
  const r = d.range;
  return `${String(code)}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

export function codeOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' && d.code ? d.code.value : d.code);
}

/** Closes every editor (between tests). */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Prints a note (a timing, a measured figure) into the test output the launcher shows:
 * the results log when run by scripts/vscode-headless.mjs, and the console.
 */
export function note(message: string): void {
  const dir = process.env.CERTWRIGHT_INTEGRATION_RESULTS;
  const line = `      ${message}`;
  if (dir) appendFileSync(join(dir, 'mocha.log'), `${line}\n`);
  console.log(line);
}

/** Every file below `dir` (relative path → SHA-256): what a palette flow wrote, compared before and after. */
export function snapshotFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** A wizard suite's teardown: no quick pick left open, no editor left for the next suite. */
export async function closeWizardsAndEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  await closeAllEditors();
}
