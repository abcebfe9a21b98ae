import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { onTerminalTlsError, type TerminalTlsError } from './commands/doctor';
import { registerViews } from './views';
import { registerLanguageSniffing } from './languageSniff';
import { wizardLog, type WizardShown } from './commands/issue/wizard';
import { certificateTree } from './views/certificateTree';

/** What the extension exports: used by the integration tests and by other extensions. */
export interface CertwrightApi {
  readonly client: LanguageClient;
  readonly output: vscode.LogOutputChannel;
  /** Milliseconds spent inside activate(); the language server starts after it returns. */
  readonly activationMs: number;
  /** Milliseconds from VS Code loading dist/client/extension.js to activate() returning: compiling and running the bundle, then activate(). */
  readonly loadMs: number;
  /** Whether the bundle was compiled from V8's code cache ('hit'), from source ('miss', 'rejected'), or without one. */
  readonly codeCache: string | undefined;
  /** Resolves once the language server has answered `initialize` (rejects if it cannot start). */
  readonly ready: Promise<void>;
  /** A failed command in a terminal printed a TLS error that Certwright offered to explain. */
  readonly onTerminalTlsError: vscode.Event<TerminalTlsError>;
  /** The pages the issuing wizards showed (title, counter, items, Back), most recent last: what the integration tests check. */
  readonly wizardPages: readonly WizardShown[];
  /** The Certificates view's item for a node id (`cert:<sha256>`…), as the view shows it now. */
  certificateTreeItem(id: string): Promise<vscode.TreeItem | undefined>;
}

async function certificateTreeItem(id: string): Promise<vscode.TreeItem | undefined> {
  const tree = certificateTree();
  const element = await tree?.locate(id);
  return element ? tree!.getTreeItem(element) : undefined;
}

/** Set by the bundle's first line (scripts/bundles.mjs); absent when this module is bundled otherwise. */
declare const __certwrightLoadStarted: number | undefined;
/** Whether dist/client/extension.js compiled the bundle from V8's code cache ('hit', 'miss', 'rejected', 'off'). */
declare const __certwrightCodeCache: string | undefined;

export function activate(context: vscode.ExtensionContext): CertwrightApi {
  const started = performance.now();
  const loadStarted = typeof __certwrightLoadStarted === 'number' ? __certwrightLoadStarted : started;
  const output = vscode.window.createOutputChannel('Certwright', { log: true });
  context.subscriptions.push(output);
  registerLanguageSniffing(context);
  const client = createLanguageClient(context, output);
  const services = { context, client, output };
  registerCommands(services);
  registerViews(services);
  // Not awaited: VS Code waits for activate() before it runs the command or opens the view
  // that activated us, and the client queues whatever they send until the server is up.
  const ready = client.start().then(
    () => output.appendLine(vscode.l10n.t('Certwright language server ready {0} ms after activation began', (performance.now() - started).toFixed(0))),
    (err: unknown) => {
      output.error(vscode.l10n.t('Certwright language server failed to start: {0}', err instanceof Error ? err.message : String(err)));
      throw err;
    },
  );
  ready.catch(() => undefined); // reported above; callers that await `ready` still see the error
  const activationMs = performance.now() - started;
  const loadMs = performance.now() - loadStarted;
  const codeCache = typeof __certwrightCodeCache === 'string' ? __certwrightCodeCache : undefined;
  output.appendLine(vscode.l10n.t('Certwright activated in {0} ms ({1} ms with loading its code; code cache: {2})', activationMs.toFixed(0), loadMs.toFixed(0), codeCache ?? vscode.l10n.t('none')));
  return { client, output, activationMs, loadMs, codeCache, ready, onTerminalTlsError, wizardPages: wizardLog, certificateTreeItem };
}

export function deactivate(): void {
  // The language client is in context.subscriptions and stops with it.
}
