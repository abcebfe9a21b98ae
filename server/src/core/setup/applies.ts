/**
 * Which files the setup linter looks at: configs, scripts and certificate files by
 * name, or any file with a profile comment. The linter registry (core/linters.ts)
 * asks this before it loads the DM / CockroachDB / PostgreSQL checks.
 */
import type { LintInput } from '../linter';
import { asciiLower, baseName, isDockerfileName } from './fileNames';
import { profileComment } from './profileComment';

/** Extensions of the configs, scripts and certificate files the setup checks read. */
const setupExtensions: ReadonlySet<string> = new Set('toml yaml yml conf cnf crt key service sh bash sql env properties ini'.split(' '));

/**
 * A name the setup checks read: one of those extensions, or a Compose or .env file, in any case
 * of ASCII letters (a set and two prefixes: the case-blind expression they replace was compiled
 * in every `certwright lint` for the one name it tested).
 */
export function isSetupFileName(name: string): boolean {
  const lower = asciiLower(name);
  const dot = lower.lastIndexOf('.');
  return (dot >= 0 && setupExtensions.has(lower.slice(dot + 1))) || lower.startsWith('docker-compose') || lower.startsWith('.env');
}

export function appliesToSetup(file: LintInput): boolean {
  const name = baseName(file.path);
  return isSetupFileName(name) || isDockerfileName(name) || profileComment(file.text) !== undefined;
}
