import type { CliCommand } from './command';
import { tr } from '../core/l10n';

/**
 * Every `certwright` sub-command, as a row that names it and loads its module on
 * first use: `certwright --help` and a typo cost nothing but this table, and a
 * command loads only its own code (lint never loads the X.509 stack, issue never
 * the TOML/YAML parsers). Each module under cli/ exports the command itself;
 * test/unit/cli/commands.test.ts checks that a row's path and summary are the
 * module's own.
 */
export interface CommandEntry {
  /** Words that select it, e.g. ['lint'] or ['issue', 'node']. */
  readonly path: readonly string[];
  readonly summary: string;
  load(): Promise<CliCommand>;
}

export const commands: readonly CommandEntry[] = [
  { path: ['ca', 'create'], summary: tr`Create a CA for cockroach|dm|postgres|generic (key, certificate, OpenSSL CA state)`, load: async () => (await import('./ca.js')).caCreateCommand },
  { path: ['ca', 'rotate'], summary: tr`Rotate the CA in --dir to a new key: new-ca, publish, reissue, retire (status shows the step)`, load: async () => (await import('./ca.js')).caRotateCommand },
  { path: ['issue', 'node'], summary: tr`Issue a node/server certificate (SANs, serverAuth+clientAuth) from the CA in --dir`, load: async () => (await import('./issue.js')).issueNodeCommand },
  { path: ['issue'], summary: tr`Issue several certificates in one process from a JSON batch (e.g. CA + nodes + clients)`, load: async () => (await import('./batch.js')).issueBatchCommand },
  { path: ['issue', 'client'], summary: tr`Issue a client certificate (CN = user) from the CA in --dir`, load: async () => (await import('./issue.js')).issueClientCommand },
  { path: ['sign'], summary: tr`Sign a CSR made elsewhere with the CA in --dir (the profile decides the extensions)`, load: async () => (await import('./sign.js')).signCommand },
  { path: ['csr'], summary: tr`Make a key and a CSR with a profile's names on this host, for certwright sign on the CA's`, load: async () => (await import('./csr.js')).csrCommand },
  { path: ['export'], summary: tr`Export a certificate for other clients: PKCS#12 (Java, browsers), PKCS#8 DER key (pgJDBC), chain file`, load: async () => (await import('./export.js')).exportCommand },
  { path: ['init'], summary: tr`Create a CA, every node/client certificate and the TLS config sections of a cluster from a topology`, load: async () => (await import('./init.js')).initCommand },
  { path: ['adopt'], summary: tr`Adopt an existing openssl, easy-rsa or cockroach cert CA in place (issue, revoke, CRLs from its state)`, load: async () => (await import('./adopt.js')).adoptCommand },
  { path: ['revoke'], summary: tr`Revoke a certificate of the CA in --dir and republish the CRL`, load: async () => (await import('./revoke.js')).revokeCommand },
  { path: ['crl'], summary: tr`Publish a fresh CRL from the CA database in --dir`, load: async () => (await import('./crl.js')).crlCommand },
  { path: ['renew'], summary: tr`Renew a certificate of the CA in --dir (same key, or --new-key)`, load: async () => (await import('./renew.js')).renewCommand },
  { path: ['lint'], summary: tr`Check openssl.cnf, PEM files and TLS setups (text, JSON or SARIF output)`, load: async () => (await import('./lint.js')).lintCommand },
  { path: ['explain'], summary: tr`Explain a TLS error message against the workspace`, load: async () => (await import('./explain.js')).explainCommand },
  { path: ['probe'], summary: tr`Test a TLS connection with the workspace's CA and client certificate`, load: async () => (await import('./probe.js')).probeCommand },
  { path: ['list'], summary: tr`List certificates and CRLs (files, folders, CA databases) with expiry and status`, load: async () => (await import('./inventory.js')).listCommand },
  { path: ['expiring'], summary: tr`Certificates and CRLs that expire within a window; exit 1 if any (cron/CI)`, load: async () => (await import('./inventory.js')).expiringCommand },
];
