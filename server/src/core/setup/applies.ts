/**
 * Which files the setup linter looks at: configs, scripts and certificate files by
 * name, or any file with a profile comment. The linter registry (core/linters.ts)
 * asks this before it loads the DM / CockroachDB / PostgreSQL checks.
 */
import type { LintInput } from '../linter';
import { baseName, isDockerfileName } from './fileNames';
import { profileComment } from './profileComment';

const interesting = /\.(toml|ya?ml|conf|cnf|crt|key|service|sh|bash|sql|env|properties|ini)$|^(docker-compose|\.env)/i;

export function appliesToSetup(file: LintInput): boolean {
  const name = baseName(file.path);
  return interesting.test(name) || isDockerfileName(name) || profileComment(file.text) !== undefined;
}
