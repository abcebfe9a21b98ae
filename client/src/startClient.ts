/**
 * Everything the extension does, in its own bundle (scripts/bundles.mjs): activate()
 * (client/src/extension.ts) loads it right after returning, so that VS Code counts neither
 * compiling it nor the language client's ~900 KB against the extension's activation.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { registerCommands } from './commands';
import { onTerminalTlsError, type TerminalTlsError } from './commands/doctor';
import { registerViews } from './views';
import { registerLanguageSniffing } from './languageSniff';
import { wizardLog, type WizardShown } from './commands/issue/wizard';
import { certificateTree } from './views/certificateTree';
import type { Services } from './services';

/** What the started client gives the extension's API (CertwrightApi). */
export interface Started {
  readonly client: LanguageClient;
  /** Resolves once the language server has answered `initialize`. */
  readonly ready: Promise<void>;
  readonly onTerminalTlsError: vscode.Event<TerminalTlsError>;
  readonly wizardPages: readonly WizardShown[];
  certificateTreeItem(id: string): Promise<vscode.TreeItem | undefined>;
}

async function certificateTreeItem(id: string): Promise<vscode.TreeItem | undefined> {
  const tree = certificateTree();
  const element = await tree?.locate(id);
  return element ? tree!.getTreeItem(element) : undefined;
}

/** Registers every feature and starts the language server (`started`: performance.now() when activation began). */
export function startClient(registrations: Omit<Services, 'client'>, started: number): Started {
  const { context, output } = registrations;
  registerLanguageSniffing(context);
  const client = createLanguageClient(context, output);
  const services: Services = { ...registrations, client };
  registerCommands(services);
  registerViews(services);
  // Requests the features send before the server has answered wait for it in the client.
  const ready = client.start().then(
    () => output.appendLine(vscode.l10n.t('Certwright language server ready {0} ms after activation began', (performance.now() - started).toFixed(0))),
    (err: unknown) => {
      output.error(vscode.l10n.t('Certwright language server failed to start: {0}', err instanceof Error ? err.message : String(err)));
      throw err;
    },
  );
  return { client, ready, onTerminalTlsError, wizardPages: wizardLog, certificateTreeItem };
}
