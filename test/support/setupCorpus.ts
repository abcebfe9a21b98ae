/** The real-world setup corpus (test/fixtures/setup/real-world, see its SOURCES.md): configs, without certificates and keys. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const setupCorpus = join(__dirname, '../fixtures/setup/real-world');

export function setupCorpusFiles(): string[] {
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return walk(setupCorpus).filter((f) => !/\.(pem|key|md)$/.test(f));
}
