import type { Linter } from './linter';
import { embeddedPemLinter, pemLinter } from './pem/lint';
import { setupLinter } from './setup/linter';
import { cnfLinter } from './cnf/linter';

/**
 * Every linter the CLI and the language server run. Each domain (openssl.cnf,
 * PEM, DM, CockroachDB, PostgreSQL) registers its linter here and nowhere else.
 */
export const linters: readonly Linter[] = [
  pemLinter,
  embeddedPemLinter,
  setupLinter,
  cnfLinter,
];
