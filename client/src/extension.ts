/**
 * The extension's entry point, kept tiny: VS Code counts compiling this bundle and running
 * activate() as the extension's activation. activate() registers placeholders for the commands
 * and custom editors the manifest contributes, returns, and only then loads the bundle of
 * everything else (client/src/startClient.ts: the features and the language client) through
 * dist/client/extension.js (scripts/bundles.mjs). A command or an editor opened before that
 * bundle has loaded waits for it.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { TerminalTlsError } from './commands/doctor';
import type { WizardShown } from './commands/issue/wizard';
import type { Started, startClient } from './startClient';

/** What the extension exports: used by the integration tests and by other extensions. */
export interface CertwrightApi {
  /** The language client (once `ready` has resolved; before, reading it throws). */
  readonly client: LanguageClient;
  readonly output: vscode.LogOutputChannel;
  /** Milliseconds spent inside activate(); the features load and the language server starts after it returns. */
  readonly activationMs: number;
  /** Milliseconds from VS Code loading dist/client/extension.js to activate() returning: compiling and running the entry bundle, then activate(). */
  readonly loadMs: number;
  /** Whether the features' bundle was compiled from V8's code cache ('hit'), from source ('miss', 'rejected'), or without one; undefined until loaded. */
  readonly codeCache: string | undefined;
  /** Resolves once the features are registered and the language server has answered `initialize` (rejects if either fails). */
  readonly ready: Promise<void>;
  /** A failed command in a terminal printed a TLS error that Certwright offered to explain (once `ready` has resolved). */
  readonly onTerminalTlsError: vscode.Event<TerminalTlsError>;
  /** The pages the issuing wizards showed (title, counter, items, Back), most recent last: what the integration tests check. */
  readonly wizardPages: readonly WizardShown[];
  /** The Certificates view's item for a node id (`cert:<sha256>`…), as the view shows it now. */
  certificateTreeItem(id: string): Promise<vscode.TreeItem | undefined>;
}

/** What dist/client/extension.js gives activate(): when it began loading, and how to load the features' bundle. */
export interface Boot {
  /** performance.now() when VS Code began loading dist/client/extension.js. */
  readonly loadStarted: number;
  /** Compiles and runs the features' bundle (through V8's code cache where there is one). */
  loadFeatures(): { readonly exports: { readonly startClient: typeof startClient }; readonly codeCache?: string };
}

type Handler = (...args: unknown[]) => unknown;

interface Manifest {
  contributes?: { commands?: ReadonlyArray<{ command: string }>; customEditors?: ReadonlyArray<{ viewType: string }> };
}

/** The custom editors' webviews: several editors may show one file, and a hidden one is rebuilt when shown again. */
const customEditorOptions = { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } };

export function activate(context: vscode.ExtensionContext, boot: Boot): CertwrightApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Certwright', { log: true });
  context.subscriptions.push(output);
  const manifest = context.extension.packageJSON as Manifest;

  let loaded: Started | undefined;
  let codeCache: string | undefined;
  // After activate() has returned (setImmediate): VS Code runs the command or opens the editor
  // that activated us first, and that placeholder waits for this.
  const features = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    const bundle = boot.loadFeatures();
    codeCache = bundle.codeCache;
    loaded = bundle.exports.startClient({ context, output, registerCommand, registerCustomEditor }, started);
    output.appendLine(vscode.l10n.t('Certwright loaded its features {0} ms after activation began (code cache: {1})', (performance.now() - started).toFixed(0), codeCache ?? vscode.l10n.t('none')));
    return loaded;
  });
  features.catch((err: unknown) => output.error(vscode.l10n.t('Certwright could not load its features: {0}', err instanceof Error ? err.message : String(err))));

  // Contributed commands: a placeholder each, which runs the features' handler once loaded.
  const handlers = new Map<string, Handler>();
  const contributedCommands = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));
  for (const id of contributedCommands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        await features;
        const handler = handlers.get(id);
        if (!handler) throw new Error(vscode.l10n.t('Certwright has no handler for the command {0}', id));
        return handler(...args);
      }),
    );
  }
  function registerCommand<A extends unknown[]>(id: string, handler: (...args: A) => unknown): vscode.Disposable {
    if (!contributedCommands.has(id)) return vscode.commands.registerCommand(id, handler);
    handlers.set(id, handler as Handler); // VS Code passes a command whatever arguments its caller gives
    return new vscode.Disposable(() => handlers.delete(id));
  }

  // Contributed custom editors: a provider each that hands the document to the features' provider.
  const editors = new Map<string, vscode.CustomReadonlyEditorProvider>();
  const editorFor = async (viewType: string): Promise<vscode.CustomReadonlyEditorProvider> => {
    await features;
    const provider = editors.get(viewType);
    if (!provider) throw new Error(vscode.l10n.t('Certwright has no editor {0}', viewType));
    return provider;
  };
  for (const { viewType } of manifest.contributes?.customEditors ?? []) {
    const placeholder: vscode.CustomReadonlyEditorProvider = {
      openCustomDocument: async (uri, openContext, token) => (await editorFor(viewType)).openCustomDocument(uri, openContext, token),
      resolveCustomEditor: async (document, panel, token) => (await editorFor(viewType)).resolveCustomEditor(document, panel, token),
    };
    context.subscriptions.push(vscode.window.registerCustomEditorProvider(viewType, placeholder, customEditorOptions));
  }
  function registerCustomEditor(viewType: string, provider: vscode.CustomReadonlyEditorProvider): vscode.Disposable {
    editors.set(viewType, provider);
    return new vscode.Disposable(() => editors.delete(viewType));
  }

  const ready = features.then((s) => s.ready);
  ready.catch(() => undefined); // reported above; callers that await `ready` still see the error
  const need = (): Started => {
    if (!loaded) throw new Error(vscode.l10n.t('Certwright is still loading: await its API\'s `ready` first'));
    return loaded;
  };
  const activationMs = performance.now() - started;
  const loadMs = performance.now() - boot.loadStarted;
  output.appendLine(vscode.l10n.t('Certwright activated in {0} ms ({1} ms with loading its code)', activationMs.toFixed(1), loadMs.toFixed(1)));
  return {
    output,
    activationMs,
    loadMs,
    ready,
    get client() {
      return need().client;
    },
    get codeCache() {
      return codeCache;
    },
    get onTerminalTlsError() {
      return need().onTerminalTlsError;
    },
    get wizardPages() {
      return need().wizardPages;
    },
    certificateTreeItem: async (id) => (await features).certificateTreeItem(id),
  };
}

export function deactivate(): void {
  // Everything the features registered, the language client included, is in context.subscriptions.
}
