/**
 * Which files the PEM linters check, decided from the name, the editor's language
 * and a cheap look at the text: the linter registry (core/linters.ts) asks this
 * before it loads the PEM decoder.
 */
import type { LintInput } from '../linter';
import { mayContainPem } from './blocks';

const pemExtensions = ['.pem', '.crt', '.cer', '.csr', '.crl', '.key', '.pub', '.cert', '.ca-bundle'];

/** Names OpenSSL's DER files go by (a .crt, .cer, .crl or .key may hold DER too). */
const derExtensions = ['.der', '.p8', '.pk8'];

export function isPemFileName(path: string): boolean {
  const lower = path.toLowerCase();
  return pemExtensions.some((e) => lower.endsWith(e));
}

/** A PEM file: languageId `pem`, or a PEM-ish name (plain text or no language given); a DER file the CLI read as bytes. */
export function appliesToPemFile(file: LintInput): boolean {
  if (file.languageId !== undefined && file.languageId !== 'pem' && file.languageId !== 'plaintext') return false;
  if (file.languageId === 'pem') return true;
  const lower = file.path.toLowerCase();
  return isPemFileName(lower) || (file.binary === true && (file.explicit === true || derExtensions.some((e) => lower.endsWith(e))));
}

const structuredConfig = /\.(ya?ml|toml|json|jsonc)$/i;
const structuredLanguages = new Set(['yaml', 'toml', 'json', 'jsonc']);

/** A YAML, TOML or JSON file (not a PEM file) with a BEGIN line in it. */
export function appliesToEmbeddedPem(file: LintInput): boolean {
  const structured = file.languageId !== undefined && structuredLanguages.has(file.languageId) ? true : structuredConfig.test(file.path);
  return structured && !appliesToPemFile(file) && mayContainPem(file.text);
}
