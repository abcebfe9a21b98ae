import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The rule pages shipped beside the server (`<extension>/docs/rules/`, two
 * folders above dist/server/server.js), as a file URL base ending in `/`; undefined
 * when they are not there (a bundle copied elsewhere).
 */
export function bundledRuleDocs(entry = process.argv[1]): string | undefined {
  if (!entry) return undefined;
  const dir = join(dirname(entry), '..', '..', 'docs', 'rules');
  return existsSync(join(dir, 'README.md')) ? `${pathToFileURL(dir).toString()}/` : undefined;
}
