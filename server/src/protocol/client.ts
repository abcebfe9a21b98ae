/**
 * What a client tells the server in `initializationOptions`, beyond the
 * standard capabilities, and the files whose changes matter to diagnostics.
 * Type-only: no runtime imports.
 */

/**
 * Files whose change can alter diagnostics elsewhere: certificates, keys, configs, CA state
 * (index.txt), and the deployment files that hold start commands and connection strings
 * (core/setup/workspaceIndex `isDeploymentFileName`). One flat brace group: nested braces are
 * not glob syntax every client (VS Code, Eglot) reads.
 */
export const watchedFilesGlob =
  '**/{*.pem,*.crt,*.cer,*.der,*.key,*.csr,*.crl,*.p7b,*.p7c,*.p12,*.pfx,*.srl,index.txt,*.cnf,*.conf,*.toml,*.yaml,*.yml,*.service,*.sh,*.bash,*.zsh,*.mk,*.just,*.md,Makefile,makefile,GNUmakefile,justfile,Justfile,*.env,*.properties,*.ini,Dockerfile*,*.Dockerfile,*.dockerfile,Containerfile*,docker-compose*,compose*,.env*}';

/** `initializationOptions` Certwright understands; every field is optional. */
export interface CertwrightInitializationOptions {
  /**
   * Command ids the client runs itself (the VS Code extension: `certwright.showCertificateText`,
   * `editor.action.triggerSuggest`). Other clients get commands the server executes.
   */
  readonly clientCommands?: readonly string[];
  /** The client sends workspace/didChangeWatchedFiles for `watchedFilesGlob` on its own. */
  readonly clientWatchesFiles?: boolean;
  /** Hover Markdown may hold codicons (`$(warning)`); the client renders them (vscode-languageclient `markdown.supportThemeIcons`). */
  readonly themeIcons?: boolean;
  /**
   * An absolute folder the server may keep its own files in between sessions (the VS Code extension:
   * its workspace storage): the signature verdicts of the Certificates view (node/verdictStore).
   */
  readonly storagePath?: string;
  /** Settings (section `certwright`) until the client sends others. */
  readonly certwright?: unknown;
}

/** Server-executed command (workspace/executeCommand) behind the PEM CodeLens in clients other than VS Code: `[{uri, blockIndex}]`. */
export const serverShowCertificateTextCommand = 'certwright.server.showCertificateText';

/**
 * Server-executed command for clients without `codeAction.codeActionLiteralSupport` (they take only
 * commands from textDocument/codeAction): `[WorkspaceEdit, Command | null]`. The server sends the edit
 * with workspace/applyEdit, then runs the command (a server command) once the client applied it.
 */
export const serverApplyEditCommand = 'certwright.server.applyEdit';

/** Client-run command behind "Disable <CODE> in settings": `[code, documentUri]`; offered only to clients that list it in `clientCommands`. */
export const disableRuleInSettingsCommand = 'certwright.disableRuleInSettings';
