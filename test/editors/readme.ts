/**
 * The editor configurations exactly as README.md shows them: the fenced block
 * after each `<!-- editor-test: ID -->` marker. The editor tests run these, so
 * the README cannot drift from what works.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const readmePath = resolve(__dirname, '../../README.md');

export function readmeBlock(id: string): string {
  const text = readFileSync(readmePath, 'utf8');
  const marker = `<!-- editor-test: ${id} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}"`);
  const m = /```[a-z]*\n([\s\S]*?)\n```/.exec(text.slice(at + marker.length));
  if (!m) throw new Error(`README.md: no fenced block after "${marker}"`);
  return `${m[1]!}\n`;
}
