/**
 * Editor side of setup validation: the `certwright/profile` request (status
 * bar), hovers on DM TLS keys, document links and certificate hovers on every
 * certificate path of a setup file (DM, postgresql.conf, `--certs-dir`), and the
 * whole-workspace check that fills Problems for files that are not open.
 * Diagnostics come from the core's linters; this adapter holds no domain logic.
 */
import { chmod } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import * as lsp from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintFile } from '../core/linters';
import { decodeBlock, findPemBlocks } from '../core/pem';
import { certStoreFor, chooseProfile, dmKindOf, keyDocFor } from '../core/setup';
import { certRefs, refAt, type CertRef } from '../core/setup/certRefs';
import { indexedFile } from '../core/setup/certFacts';
import { pgKind } from '../core/setup/profile';
import { mentionsDeployment } from '../core/setup/workspaceIndex';
import { baseName } from '../core/setup/dmModel';
import type { Finding } from '../core/types';
import { workspaceFiles } from '../core/workspaceFiles';
import { toDiagnostic } from '../convert';
import { documentPath } from '../documentPath';
import { locateReissue, reissueRequestOf, reissueSummary, reissueTitle } from '../core/setup/reissue';
import { IssueError } from '../core/issue/types';
import { WritePlanError } from '../core/issue/caStore';
import {
  checkWorkspaceCommand,
  fixKeyPermissionsServerCommand,
  profileRequest,
  reissueCertificateCommand,
  reissueServerCommand,
  type CheckWorkspaceResult,
  type ProfileParams,
  type ProfileResult,
  type ReissueArgs,
  type ReissueResult,
} from '../protocol/setup';
import type { FeatureContext, LanguageFeature } from './feature';
import { hoverContent } from './markup';
import { hoverMarkdown } from './pem';
import { tr } from '../core/l10n';

const keyAt = /[A-Za-z0-9_-]+/g;

function wordAt(line: string, character: number): string | undefined {
  keyAt.lastIndex = 0;
  for (let m = keyAt.exec(line); m; m = keyAt.exec(line)) {
    if (m.index <= character && character <= m.index + m[0].length) return m[0];
  }
  return undefined;
}

function isSetupFile(path: string, text: string): boolean {
  return dmKindOf(path, text) !== undefined || pgKind(baseName(path), text) !== undefined || text.includes('--certs-dir') || mentionsDeployment(text);
}

async function refsOf(doc: TextDocument, ctx: FeatureContext): Promise<CertRef[]> {
  const settings = await ctx.settingsFor(doc.uri);
  return certRefs(documentPath(doc.uri), doc.getText(), settings, ctx.workspaceRoots(), ctx.env);
}

const roleName: Record<CertRef['role'], string> = { ca: 'CA certificate', cert: 'certificate', key: 'private key', crl: 'CRL', 'certs-dir': 'certs directory' };

/** Markdown for the file a path names: the certificate summary (the PEM hover's), and whether key and certificate belong together. */
async function refMarkdown(ref: CertRef, ctx: FeatureContext, uri: string): Promise<string> {
  const head = `**${ref.option}** → \`${ref.resolved.path}\` (${ref.resolved.how})`;
  const fs = ctx.env.fs;
  if (ref.role === 'certs-dir') {
    const names = await fs.readDirectory(ref.resolved.path);
    if (!names) return `${head}\n\nNo such directory in the workspace.`;
    const pem = names.filter((n) => /\.(crt|key)$/.test(n)).sort();
    return `${head}\n\nCockroachDB certs directory: ${pem.length ? pem.map((n) => `\`${n}\``).join(', ') : 'no .crt or .key files'}.`;
  }
  const bytes = await fs.readFile(ref.resolved.path);
  if (!bytes) return `${head}\n\nNo such file in the workspace.`;
  const settings = await ctx.settingsFor(uri);
  const store = certStoreFor(ctx.env);
  const lines = [head, ''];
  if (ref.role === 'key') {
    const facts = await store.load(ref.resolved.path);
    const k = facts.keys[0];
    lines.push(k ? `Private key (${k.algorithm}${k.encrypted ? ', encrypted' : ''}); its contents are not shown.` : 'Holds no private key.');
  } else {
    const block = findPemBlocks(new TextDecoder().decode(bytes.subarray(0, 1_000_000)))[0];
    lines.push(block ? hoverMarkdown({ block, decoded: decodeBlock(block) }, ctx.env.now(), settings.expiryWarningDays, settings.rules) : `Holds no PEM ${roleName[ref.role]}.`);
  }
  if (ref.partner && (ref.role === 'key' || ref.role === 'cert')) {
    const keyPath = ref.role === 'key' ? ref.resolved.path : ref.partner.path;
    const certPath = ref.role === 'cert' ? ref.resolved.path : ref.partner.path;
    const [k, c] = [(await store.load(keyPath)).keys[0], (await store.load(certPath)).certs[0]];
    if (k?.publicKeyId && c) {
      lines.push('', k.publicKeyId === c.publicKeyId ? `$(pass) The key matches the certificate ${c.subject || '(empty subject)'}.` : `$(error) The key does not match the certificate ${c.subject || '(empty subject)'}.`);
    }
  }
  return lines.join('\n');
}

/** URIs the last workspace check published diagnostics for (cleared on the next run when clean). */
const published = new Set<string>();

/** Lints a file that is not open and publishes its diagnostics (cleared when it had some); the findings, or undefined when it was not read. */
async function publishClosed(file: string, ctx: FeatureContext, batch: object): Promise<{ checked: boolean; findings: Finding[] } | undefined> {
  const uri = pathToFileURL(file).toString();
  const st = await ctx.env.fs.stat(file);
  if (!st || st.size > 5_000_000) return undefined;
  const bytes = await ctx.env.fs.readFile(file);
  if (!bytes) return undefined;
  const text = new TextDecoder().decode(bytes);
  const input = { path: file, text };
  const settings = await ctx.settingsFor(uri);
  const lint = await lintFile(input, { env: ctx.env, settings, workspaceRoots: ctx.workspaceRoots(), batch }, {
    onError: (linter, err) => ctx.log(`certwright: ${linter} failed on ${file} during the workspace check: ${err instanceof Error ? err.message : String(err)}`),
  });
  const findings: Finding[] = lint.results.flatMap((r) => r.findings);
  if (findings.length || published.has(uri)) {
    const doc = TextDocument.create(uri, 'plaintext', 0, text);
    await ctx.connection.sendDiagnostics({ uri, diagnostics: findings.slice(0, 1000).map((f) => toDiagnostic(doc, f, ctx.client().ruleDocs, ctx.l10n(), ctx.client().relatedInformation)) });
  }
  return { checked: lint.checked, findings };
}

async function checkWorkspace(ctx: FeatureContext): Promise<CheckWorkspaceResult> {
  const { files, truncated } = await workspaceFiles(ctx.env.fs, ctx.workspaceRoots());
  let checked = 0;
  let withProblems = 0;
  let errors = 0;
  let warnings = 0;
  const batch = {};
  const now = new Set<string>();
  for (const file of files) {
    const uri = pathToFileURL(file).toString();
    if (ctx.document(uri)) {
      ctx.revalidate(uri);
      continue;
    }
    const r = await publishClosed(file, ctx, batch);
    if (!r) continue;
    if (r.checked) checked++;
    if (r.findings.length) {
      now.add(uri);
      withProblems++;
      errors += r.findings.filter((f) => f.severity === 'error').length;
      warnings += r.findings.filter((f) => f.severity === 'warning').length;
    }
  }
  // Files that had problems and are gone now.
  for (const uri of published) if (!now.has(uri) && !ctx.document(uri) && !files.includes(documentPath(uri))) await ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  published.clear();
  for (const u of now) published.add(u);
  return { files: files.length, checked, withProblems, errors, warnings, truncated };
}

/**
 * "Re-issue <cert> with SAN/CN" on the findings that carry `data.reissue`, offered
 * only where it can work (a CA above the certificate in the workspace issued it) and
 * where the user can confirm it first: the VS Code extension confirms itself
 * (reissueCertificateCommand); another client gets the server's question through
 * window/showMessageRequest when it declares `window.showMessage`; a client with
 * neither gets no fix. When the renewal cannot work (revoked, encrypted key...) the
 * fix is shown disabled with the reason where the client shows that.
 */
async function reissueActions(params: lsp.CodeActionParams, ctx: FeatureContext): Promise<lsp.CodeAction[]> {
  const client = ctx.client();
  const confirmsItself = client.clientCommands.has(reissueCertificateCommand);
  if (!confirmsItself && !client.showMessageRequest) return [];
  const out: lsp.CodeAction[] = [];
  const seen = new Set<string>();
  for (const d of params.context.diagnostics) {
    if (d.source !== 'certwright') continue;
    const req = reissueRequestOf((d.data as { reissue?: unknown } | undefined)?.reissue);
    if (!req) continue;
    const key = JSON.stringify(req);
    if (seen.has(key)) continue;
    seen.add(key);
    const located = await locateReissue(req, certStoreFor(ctx.env), ctx.env.fs, ctx.workspaceRoots());
    if (!located) continue;
    const title = reissueTitle(req);
    if (located.blocked) {
      if (client.codeActionDisabled) out.push({ title, kind: lsp.CodeActionKind.QuickFix, diagnostics: [d], disabled: { reason: located.blocked } });
      continue;
    }
    const args: ReissueArgs = req;
    out.push({ title, kind: lsp.CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: confirmsItself ? reissueCertificateCommand : reissueServerCommand, arguments: [args] } });
  }
  return out;
}

/** The server command behind the fix: plan (dry run), confirm unless the client did, renew under the CA lock, re-check. */
/** The key-permission quick fix for clients that do not run it themselves: chmod 0600, then the diagnostics again. */
async function fixKeyPermissions(arg: unknown, ctx: FeatureContext): Promise<boolean> {
  if (typeof arg !== 'string' || !nodePath.isAbsolute(arg)) return false;
  try {
    await chmod(arg, 0o600);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    void ctx.connection.window.showErrorMessage(tr`Certwright: could not set ${arg} to 0600: ${reason}`);
    return false;
  }
  ctx.log(`certwright: set ${arg} to mode 0600`);
  // Its mode is an input of the set-up checks: what they read of it goes, and every open file is checked again.
  certStoreFor(ctx.env).invalidate([arg]);
  for (const doc of ctx.allDocuments()) ctx.revalidate(doc.uri);
  return true;
}

async function reissue(arg: unknown, ctx: FeatureContext): Promise<ReissueResult> {
  const a = (arg ?? {}) as ReissueArgs;
  // Asked by the server itself (no client-side confirmation): the server also reports.
  const report = !a.dryRun && !a.confirmed;
  const fail = (message: string, extra: Partial<ReissueResult> = {}): ReissueResult => {
    if (report && !extra.cancelled) void ctx.connection.sendNotification(lsp.ShowMessageNotification.type, { type: lsp.MessageType.Error, message: `Certwright: ${ctx.l10n().text(message)}` });
    return { ok: false, message, ...extra };
  };
  const req = reissueRequestOf(arg);
  if (!req) return fail(tr`re-issue needs { cert: absolute path, and san or cn }`);
  const store = certStoreFor(ctx.env);
  const located = await locateReissue(req, store, ctx.env.fs, ctx.workspaceRoots());
  if (!located) return fail(tr`no CA in this workspace issued ${req.cert} (or it already has ${req.san ?? `CN=${req.cn}`}): nothing to re-issue it with`);
  if (located.blocked) return fail(located.blocked);
  const place = located.place;
  try {
    const [{ runLeafRenewal }, { nodeStoreFs }] = await Promise.all([import('../core/issue/renewRun.js'), import('../node/writePlan.js')]);
    const fs = nodeStoreFs(place.caDir);
    const request = { profile: place.profile, ...(place.layout ? { layout: place.layout } : {}), dir: place.caDir, certPath: place.certPath, keyPath: place.keyPath, allowCapped: true, ...(req.san !== undefined ? { addSans: [req.san] } : { commonName: req.cn! }) };
    const planned = await runLeafRenewal(ctx.env, fs, { ...request, dryRun: true });
    const { question, summary } = reissueSummary(place, req, planned);
    if (planned.check.conflicts.length) return fail(tr`${question} Refused: ${planned.check.conflicts.map((c) => c.path).join(', ')} exist with other contents.`);
    if (a.dryRun) return { ok: true, question, summary };
    if (!a.confirmed) {
      if (!ctx.client().showMessageRequest) return fail(tr`this editor cannot ask for confirmation (window.showMessage): run the renewal from a terminal with certwright renew --add-san / --cn`);
      // A request of the server's own (not an answer): its words are put in the client's language here.
      const l10n = ctx.l10n();
      const yes = l10n.text(tr`Re-issue`);
      const choice = await ctx.connection.window.showWarningMessage(l10n.text(`${question}\n\n${summary}`), { title: yes }, { title: l10n.text(tr`Cancel`) });
      if (choice?.title !== yes) return fail(tr`cancelled: nothing was written`, { cancelled: true });
    }
    const done = await runLeafRenewal(ctx.env, fs, request);
    const written = (done.commit?.written ?? []).map((w) => nodePath.join(place.caDir, ...w.path.split('/')));
    ctx.log(`reissue: ${place.certPath} with ${req.san !== undefined ? `SAN ${req.san}` : `CN=${req.cn}`} by the CA in ${place.caDir}: wrote ${written.length} file(s)`);
    // The findings that named the missing name are computed again now, not on the next edit.
    store.invalidate(written);
    for (const doc of ctx.allDocuments()) ctx.revalidate(doc.uri);
    // …and in the files Check Workspace filled Problems for, which are not open.
    const batch = {};
    for (const uri of [...published]) {
      if (ctx.document(uri)) continue;
      const r = await publishClosed(documentPath(uri), ctx, batch);
      if (!r?.findings.length) published.delete(uri);
    }
    if (report) void ctx.connection.sendNotification(lsp.ShowMessageNotification.type, { type: lsp.MessageType.Info, message: req.san !== undefined ? tr`Certwright: re-issued ${req.cert} with SAN ${req.san} (serial ${done.result.issued?.serial ?? '?'}).` : tr`Certwright: re-issued ${req.cert} with CN=${req.cn} (serial ${done.result.issued?.serial ?? '?'}).` });
    return { ok: true, question, summary, written };
  } catch (err) {
    if (err instanceof IssueError || err instanceof WritePlanError) return fail(err.message);
    throw err;
  }
}

export const setupFeature: LanguageFeature = {
  name: 'setup',
  appliesTo: (doc: TextDocument) => isSetupFile(documentPath(doc.uri), doc.getText()),
  async hover(doc, params, ctx) {
    const ref = refAt(await refsOf(doc, ctx), doc.offsetAt(params.position));
    if (ref) {
      return { contents: hoverContent(ctx, await refMarkdown(ref, ctx, doc.uri)), range: { start: doc.positionAt(ref.at.start), end: doc.positionAt(ref.at.end) } } satisfies lsp.Hover;
    }
    const text = doc.getText({ start: { line: params.position.line, character: 0 }, end: { line: params.position.line + 1, character: 0 } });
    const m = /^\s*([A-Za-z0-9_-]+)\s*[=:]/.exec(text);
    if (!m) return null;
    const word = wordAt(text, params.position.character);
    if (!word || word !== m[1]) return null;
    const kind = dmKindOf(documentPath(doc.uri), doc.getText());
    const docText = kind && keyDocFor(kind, word);
    if (!docText) return null;
    const start = text.indexOf(word);
    return {
      contents: { kind: 'markdown', value: `**${word}** (TiDB DM${kind === 'source' ? ', connection to the upstream database' : kind === 'task' ? ', connection to the downstream database' : ''})\n\n${docText}` },
      range: { start: { line: params.position.line, character: start }, end: { line: params.position.line, character: start + word.length } },
    } satisfies lsp.Hover;
  },
  async documentLinks(doc, ctx) {
    const out: lsp.DocumentLink[] = [];
    for (const ref of await refsOf(doc, ctx)) {
      const st = await ctx.env.fs.stat(ref.resolved.path);
      if (!st) continue;
      out.push({ range: { start: doc.positionAt(ref.at.start), end: doc.positionAt(ref.at.end) }, target: pathToFileURL(ref.resolved.path).toString(), tooltip: `${ref.resolved.path} (${ref.resolved.how})` });
    }
    return out;
  },
  codeActions: (_doc, params, ctx) => reissueActions(params, ctx),
  commands: {
    [checkWorkspaceCommand]: (_args, ctx) => checkWorkspace(ctx),
    [reissueServerCommand]: (args, ctx) => reissue(args[0], ctx),
    [fixKeyPermissionsServerCommand]: (args, ctx) => fixKeyPermissions(args[0], ctx),
  },
  onWatchedFilesChanged(changes, ctx) {
    // Decoded certificates and directory listings are reused for a moment; reported changes are seen at once.
    certStoreFor(ctx.env).invalidate(changes.map((c) => documentPath(c.uri)));
    // A config that appears or goes away changes who connects to whom: open setup files are checked again
    // (their dependencies name only the peers they found).
    if (changes.some((c) => c.type !== lsp.FileChangeType.Changed && indexedFile(documentPath(c.uri)))) {
      for (const doc of ctx.allDocuments()) if (isSetupFile(documentPath(doc.uri), doc.getText())) ctx.revalidate(doc.uri);
    }
  },
  register(ctx: FeatureContext) {
    ctx.connection.onRequest(profileRequest, async (params: ProfileParams): Promise<ProfileResult> => {
      const doc = ctx.document(params.uri);
      const path = documentPath(params.uri);
      let text = doc?.getText();
      if (text === undefined) {
        const bytes = await ctx.env.fs.readFile(path);
        text = bytes ? new TextDecoder().decode(bytes.subarray(0, 64 * 1024)) : '';
      }
      const settings = await ctx.settingsFor(params.uri);
      const c = chooseProfile(path, text, settings.profile);
      return { profile: c.profile, source: c.source, reason: c.reason, ...(c.fileKind ? { fileKind: c.fileKind } : {}) };
    });
  },
};
