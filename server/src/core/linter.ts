import type { Environment } from './environment';
import type { CertificateStatus } from './pki/tree';
import type { Finding, LintSettings, RuleSetting } from './types';
import { applyDisableComments } from './rules/directives';
import type { CommandLineUse } from './cnf/model';
import type { FoundUse } from './cnf/scriptUses';

/**
 * One checker of one kind of file. The CLI's `certwright lint` and the language
 * server's diagnostics both run every registered linter that applies: one core,
 * two front ends.
 */
export interface Linter {
  /** Short name shown in logs, e.g. `openssl-cnf`. */
  readonly name: string;
  /**
   * Whether this linter checks the file. `languageId` is the editor's language
   * when known (undefined in the CLI); `text` is the file's content.
   */
  appliesTo(file: LintInput): boolean;
  lint(file: LintInput, context: LintContext): Promise<Finding[]>;
  /**
   * Paths (absolute) whose change must re-run this linter on the file, found
   * during the last lint (a DM config's ssl-ca, an openssl.cnf `.include`).
   */
  dependencies?(file: LintInput, context: LintContext): Promise<string[]>;
  /** Drops whatever the linter keeps about a file (the editor closed it). */
  forget?(path: string): void;
}

export interface LintInput {
  /** Absolute path, or a pseudo-path for unsaved documents. */
  readonly path: string;
  readonly text: string;
  readonly languageId?: string;
  /** Named explicitly (a CLI argument, not found by walking a folder): judged by content, whatever its name. */
  readonly explicit?: boolean;
  /** `text` holds the file's bytes one character per byte (the CLI reading a binary DER file), so they can be decoded again. */
  readonly binary?: boolean;
}

export interface LintContext {
  readonly env: Environment;
  readonly settings: LintSettings;
  /** Absolute paths of the workspace roots (empty in the CLI unless given). */
  readonly workspaceRoots: readonly string[];
  /**
   * Identity shared by the lints of one batch (a `certwright lint` run): files a
   * lint read are taken as unchanged for the rest of the batch, so folder-wide
   * lookups are done once per batch, not once per file.
   */
  readonly batch?: object;
  /**
   * Whether a file may pull in files outside workspaceRoots (`.include`): the editor
   * does, as OpenSSL would (their content is never quoted); `certwright lint` only
   * with --follow-includes. Default true.
   */
  readonly includeOutside?: boolean;
  /** The workspace's PKI (chains, CRLs, CA databases), where the host keeps one (the language server). */
  readonly pki?: WorkspacePki;
  /**
   * How given openssl command lines use configuration files, by absolute path (`certwright lint
   * --openssl-command`): the openssl.cnf rules judge a file as that command uses it.
   */
  readonly commandUses?: ReadonlyMap<string, CommandLineUse>;
  /**
   * The openssl commands of the workspace's scripts that use a configuration file (cnf/scriptUses.ts),
   * where the host scans them: a file without a use given (commandUses, a used-by comment) is judged by these.
   */
  readonly scriptUses?: (path: string) => Promise<readonly FoundUse[]>;
}

export interface WorkspacePki {
  /** Chain and revocation status of a certificate (DER); undefined when it cannot be read. */
  statusOf(der: Uint8Array): Promise<CertificateStatus | undefined>;
}

/**
 * Applies per-rule settings: drop `off`, override severities; with the file's
 * text, also its own `# certwright: disable=CODE` comments. Pure.
 */
export function applyRuleSettings(findings: readonly Finding[], rules: Readonly<Record<string, RuleSetting>>, text?: string): Finding[] {
  const out: Finding[] = [];
  for (const f of text === undefined ? findings : applyDisableComments(findings, text)) {
    const setting = rules[f.code];
    if (setting === 'off') continue;
    out.push(setting ? { ...f, severity: setting } : f);
  }
  return out;
}
