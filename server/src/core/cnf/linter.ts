import type { Linter, LintInput } from '../linter';
import { analyzeCnf } from './analyze';

const markers = /^\s*(\[\s*(req|ca|CA_default|v3_req|v3_ca|req_distinguished_name|alt_names|openssl_init)\s*\]|\.include\b|\.pragma\b|(distinguished_name|req_extensions|x509_extensions|default_ca|basicConstraints|keyUsage|extendedKeyUsage|subjectAltName|openssl_conf|default_md|string_mask|new_certs_dir|authorityKeyIdentifier|subjectKeyIdentifier)\s*=)/m;

/** Whether a file without a language id looks like an OpenSSL config (a my.cnf must not be linted as one). */
export function looksLikeOpensslConfig(path: string, text: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? path;
  if (!/\.(cnf|conf|config)$/i.test(base)) return false;
  if (/^openssl.*\.(cnf|conf)$/i.test(base)) return true;
  return markers.test(text.slice(0, 200_000));
}

/** Include paths found by the last lint of each file (the server asks right after linting). */
const lastDependencies = new Map<string, { text: string; deps: readonly string[] }>();

/** openssl.cnf diagnostics: loading errors, extension values, req/ca sections, usage warnings. */
export const cnfLinter: Linter = {
  name: 'openssl-cnf',
  appliesTo(file: LintInput): boolean {
    if (file.languageId !== undefined) return file.languageId === 'openssl-conf';
    return looksLikeOpensslConfig(file.path, file.text);
  },
  async lint(file, context) {
    const a = analyzeCnf(file.text, { path: file.path, env: context.env });
    lastDependencies.set(file.path, { text: file.text, deps: a.config.dependencies });
    return [...a.findings];
  },
  async dependencies(file, context) {
    const last = lastDependencies.get(file.path);
    if (last && last.text === file.text) return [...last.deps];
    return [...analyzeCnf(file.text, { path: file.path, env: context.env }).config.dependencies];
  },
};
