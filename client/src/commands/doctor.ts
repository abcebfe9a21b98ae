/**
 * "Certwright: Explain TLS Error": the selection of the active editor (or the
 * text given, or typed) goes to the server's TLS doctor; the answer opens as a
 * Markdown preview of a read-only document. Where VS Code's terminal shell
 * integration reports a failed command, its output is offered for explaining.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import type { CommandTable } from './index';
import { explainTlsErrorRequest, type ExplainTlsErrorParams, type ExplainTlsErrorResult } from '../../../server/src/protocol/doctor';

export const explanationScheme = 'certwright-explain';
const maxChars = 64_000;

/** The Markdown of each explanation shown, by URI path; read-only, never dirty. */
const shown = new Map<string, string>();
const changed = new vscode.EventEmitter<vscode.Uri>();
let counter = 0;

async function ask(services: Services, text: string): Promise<ExplainTlsErrorResult> {
  return services.client.sendRequest<ExplainTlsErrorResult>(explainTlsErrorRequest, { text: text.slice(-maxChars) } satisfies ExplainTlsErrorParams);
}

async function show(result: ExplainTlsErrorResult): Promise<vscode.Uri> {
  const uri = vscode.Uri.from({ scheme: explanationScheme, path: `/TLS error ${++counter}.md` });
  shown.set(uri.path, `# ${vscode.l10n.t('Certwright: TLS error explained')}\n\n${result.markdown}\n`);
  changed.fire(uri);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
  return uri;
}

/**
 * Runs `certwright <argv>` (the bundled CLI) as a task in the workspace folder, so the user sees
 * the command and its output; resolves with its exit code.
 */
async function runCli(services: Services, argv: readonly string[]): Promise<number | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const cli = services.context.asAbsolutePath('dist/server/cli.js');
  // The extension host's own runtime runs the CLI (Electron acts as Node with ELECTRON_RUN_AS_NODE).
  const execution = new vscode.ProcessExecution(process.execPath, [cli, ...argv], { cwd: folder.uri.fsPath, env: { ELECTRON_RUN_AS_NODE: '1' } });
  const task = new vscode.Task({ type: 'certwright', command: argv[0] ?? '' }, folder, `certwright ${argv.join(' ')}`, 'Certwright', execution);
  const done = new Promise<number | undefined>((resolve) => {
    const sub = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task !== task && e.execution.task.name !== task.name) return;
      sub.dispose();
      resolve(e.exitCode);
    });
  });
  await vscode.tasks.executeTask(task);
  return done;
}

/** The fixes that carry a command: offered after an explanation, run on request. */
async function offerFixes(services: Services, result: ExplainTlsErrorResult): Promise<void> {
  const runnable = result.explanations.flatMap((e) => e.fixes).filter((f) => f.command?.length);
  if (!runnable.length || !vscode.workspace.isTrusted) return;
  const apply = vscode.l10n.t('Apply Fix…');
  const offer = runnable.length === 1 ? vscode.l10n.t('Certwright can apply the fix: {0}', runnable[0]!.title) : vscode.l10n.t('Certwright can apply one of {0} fixes: {1}, …', runnable.length, runnable[0]!.title);
  const pick = await vscode.window.showInformationMessage(offer, apply);
  if (pick !== apply) return;
  const chosen = runnable.length === 1 ? runnable[0] : (await vscode.window.showQuickPick(runnable.map((f) => ({ label: f.title, detail: `certwright ${f.command!.join(' ')}`, fix: f })), { title: vscode.l10n.t('Apply a Fix') }))?.fix;
  if (chosen?.command) await runCli(services, chosen.command);
}

/** The result, and where it is shown (the read-only document's URI) when something was recognised. */
async function explainText(services: Services, text: string): Promise<(ExplainTlsErrorResult & { shownAt?: string }) | undefined> {
  const result = await ask(services, text);
  if (!result.recognised) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Certwright found no TLS error message it knows in that text (Go, OpenSSL, libpq/PostgreSQL, Node.js, Java, DM, CockroachDB).'));
    return result;
  }
  const shownAt = (await show(result)).toString();
  void offerFixes(services, result);
  return { ...result, shownAt };
}

/** The selection of the active editor, if any. */
function selectedText(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const text = editor.selections.map((s) => editor.document.getText(s)).join('\n');
  return text.trim() ? text : undefined;
}

/** A failed terminal command whose output held a recognised TLS error (catalogue ids), as offered to the user. */
export interface TerminalTlsError {
  readonly commandLine?: string;
  readonly exitCode: number;
  readonly ids: readonly string[];
}
const terminalErrors = new vscode.EventEmitter<TerminalTlsError>();
/** Fires when Explain is offered for a terminal command (exported in the extension's API: tests, other extensions). */
export const onTerminalTlsError = terminalErrors.event;

/** Failed commands in terminals with shell integration: offer to explain a recognised TLS error. */
function watchTerminals(services: Services): void {
  // The API is newer than the engines.vscode floor: used where the running VS Code has it.
  type Execution = { read(): AsyncIterable<string>; commandLine?: { value: string } };
  type ExecutionEvent = { execution: Execution };
  type EndEvent = ExecutionEvent & { exitCode: number | undefined };
  const win = vscode.window as unknown as { onDidStartTerminalShellExecution?: vscode.Event<ExecutionEvent>; onDidEndTerminalShellExecution?: vscode.Event<EndEvent> };
  if (!win.onDidStartTerminalShellExecution || !win.onDidEndTerminalShellExecution) return;
  // read() yields only what is written after its first call: start reading when the command starts.
  // (A command that prints its error before the start event reaches the extension is missed: VS Code's limit.)
  const outputs = new Map<Execution, Promise<string>>();
  services.context.subscriptions.push(
    win.onDidStartTerminalShellExecution((e) => {
      outputs.set(e.execution, (async () => {
        let output = '';
        try {
          for await (const chunk of e.execution.read()) output = (output + chunk).slice(-maxChars);
        } catch {
          // the terminal went away: explain what was read
        }
        return output;
      })());
    }),
    win.onDidEndTerminalShellExecution(async (e) => {
      const reading = outputs.get(e.execution);
      outputs.delete(e.execution);
      if (!e.exitCode || !reading) return;
      const output = await reading;
      // Terminal output carries escape sequences (CSI and OSC); the doctor reads plain text.
      const esc = String.fromCharCode(27);
      const bel = String.fromCharCode(7);
      const plain = output.replace(new RegExp(`${esc}\\[[0-9;?]*[ -/]*[@-~]|${esc}\\][^${bel}]*(?:${bel}|${esc}\\\\)`, 'g'), '');
      const result = await ask(services, plain).catch(() => undefined);
      if (!result?.recognised) return;
      terminalErrors.fire({ commandLine: e.execution.commandLine?.value, exitCode: e.exitCode, ids: result.explanations.map((x) => x.id) });
      const explain = vscode.l10n.t('Explain');
      const pick = await vscode.window.showWarningMessage(vscode.l10n.t('The command failed with a TLS error: {0}', result.explanations[0]!.what), explain);
      if (pick === explain) await show(result);
    }),
  );
}

/** What `certwright probe` is run with; every field can come from the command's argument (other commands, tests). */
interface ProbeArgs {
  readonly target: string;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly postgres?: boolean;
}

const targetPattern = /^(?:\[[^\]]+\]|[^\s:]+):\d{1,5}$/;

/** A workspace file picked from `glob`, or `none` when the user chooses to go without; undefined = cancelled. */
async function pickFile(title: string, glob: string, noneLabel: string): Promise<string | null | undefined> {
  const files = await vscode.workspace.findFiles(glob, '**/{node_modules,.git,newcerts}/**', 200);
  const items = [{ label: noneLabel, path: null as string | null }, ...files.map((f) => ({ label: vscode.workspace.asRelativePath(f), path: f.fsPath as string | null }))];
  const pick = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  return pick ? pick.path : undefined;
}

/** The key beside a certificate, by the layouts Certwright writes (node.crt → node.key, x-cert.pem → x-key.pem). */
async function keyBeside(cert: string): Promise<string | undefined> {
  for (const candidate of [cert.replace(/\.(?:crt|pem|cer)$/, '.key'), cert.replace(/-cert\.pem$/, '-key.pem')]) {
    if (candidate === cert) continue;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(candidate));
      return candidate;
    } catch {
      /* not there */
    }
  }
  return undefined;
}

async function askProbe(): Promise<ProbeArgs | undefined> {
  const target = await vscode.window.showInputBox({
    title: vscode.l10n.t('Test TLS Connection ({0}/{1}): where', 1, 4),
    prompt: vscode.l10n.t('HOST:PORT of the server (only this host is contacted)'),
    placeHolder: '127.0.0.1:26257',
    ignoreFocusOut: true,
    validateInput: (v) => (targetPattern.test(v.trim()) ? undefined : vscode.l10n.t('HOST:PORT, IPv6 as [ADDR]:PORT')),
  });
  if (!target) return undefined;
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'TLS', description: vscode.l10n.t('CockroachDB, DM, etcd, any TLS server'), postgres: false },
      { label: 'PostgreSQL', description: vscode.l10n.t('SSLRequest first, then a StartupMessage'), postgres: true },
    ],
    { title: vscode.l10n.t('Test TLS Connection ({0}/{1}): protocol', 2, 4), ignoreFocusOut: true },
  );
  if (!kind) return undefined;
  const ca = await pickFile(vscode.l10n.t('Test TLS Connection ({0}/{1}): the CA to trust', 3, 4), '**/*.{crt,pem,cer}', vscode.l10n.t('No CA file: the default trust store'));
  if (ca === undefined) return undefined;
  const cert = await pickFile(vscode.l10n.t('Test TLS Connection ({0}/{1}): the client certificate to present', 4, 4), '**/*.{crt,pem,cer}', vscode.l10n.t('No client certificate'));
  if (cert === undefined) return undefined;
  const key = cert ? (await keyBeside(cert)) ?? (await pickFile(vscode.l10n.t("The client certificate's key"), '**/*.{key,pem}', vscode.l10n.t('Cancel'))) ?? undefined : undefined;
  if (cert && !key) return undefined;
  return { target: target.trim(), postgres: kind.postgres, ...(ca ? { ca } : {}), ...(cert && key ? { cert, key } : {}) };
}

export function doctorCommands(services: Services): CommandTable {
  services.context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(explanationScheme, { onDidChange: changed.event, provideTextDocumentContent: (uri) => shown.get(uri.path) ?? '' }),
  );
  watchTerminals(services);
  return {
    /** Argument: the error text (from other commands and tests); otherwise the selection, otherwise asked for. */
    explainTlsError: async (arg?: unknown) => {
      const text = typeof arg === 'string' && arg.trim() ? arg : selectedText() ?? (await vscode.window.showInputBox({
        title: vscode.l10n.t('Explain TLS Error'),
        prompt: vscode.l10n.t('Paste the error message (a log line from Go, OpenSSL, psql/PostgreSQL, Node.js, Java, DM or CockroachDB)'),
        placeHolder: 'x509: certificate is valid for 127.0.0.1, not 172.16.10.21',
        ignoreFocusOut: true,
      }));
      if (!text?.trim()) return undefined;
      return explainText(services, text);
    },
    /** "Test TLS Connection": a real handshake by `certwright probe`, run as a task; returns its exit code (0 all well, 1 a problem, 2 unreachable). */
    testTlsConnection: async (arg?: unknown) => {
      const given = arg && typeof arg === 'object' && typeof (arg as ProbeArgs).target === 'string' ? (arg as ProbeArgs) : undefined;
      const p = given ?? (await askProbe());
      if (!p) return undefined;
      if (!targetPattern.test(p.target)) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Certwright: "{0}" is not HOST:PORT.', p.target));
        return undefined;
      }
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      return runCli(services, ['probe', p.target, ...(root ? ['--dir', root] : []), ...(p.ca ? ['--ca', p.ca] : []), ...(p.cert && p.key ? ['--cert', p.cert, '--key', p.key] : []), ...(p.postgres ? ['--postgres'] : [])]);
    },
    /** Runs one fix of an explanation (argv after `certwright`) as a task; returns its exit code. Needs a trusted workspace. */
    applyTlsFix: async (argv?: unknown) => {
      if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string') || !argv.length) return undefined;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Certwright: applying a fix writes certificates and needs a trusted workspace.'));
        return undefined;
      }
      return runCli(services, argv as string[]);
    },
    /** From the terminal's context menu: its selection, read through the clipboard (restored afterwards). */
    explainTerminalSelection: async () => {
      const before = await vscode.env.clipboard.readText();
      await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
      const text = await vscode.env.clipboard.readText();
      await vscode.env.clipboard.writeText(before);
      if (!text.trim() || text === before) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select the error text in the terminal first.'));
        return undefined;
      }
      return explainText(services, text);
    },
  };
}
