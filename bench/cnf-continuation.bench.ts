/**
 * openssl.cnf backslash continuation: analyzeCnf on 20k, 40k and 80k physical
 * lines joined by trailing backslashes (one value, and one subjectAltName list
 * of that many names), as a paired ratio to a file of plain `key = value` lines
 * of the same line count and about the same size, in the same process. Linear
 * continuation handling keeps the ratio flat as the size doubles (issue #10
 * measured 17 s at 20k lines and 81 s at 40k before).
 */
import { analyzeCnf, clearCnfCache } from '../server/src/core/cnf';
import { pairedRatio } from './stats';
import { mkdirSync, writeFileSync } from 'node:fs';

const continuedValue = (n: number): string => `[ s ]\nkey = ${Array.from({ length: n }, (_, i) => `part${i}`).join(' \\\n')}\n`;
const continuedList = (n: number): string => `[ e ]\nsubjectAltName = ${Array.from({ length: n }, (_, i) => `DNS:h${i}.example.com`).join(', \\\n')}\n`;
const plain = (n: number, width: number): string => `[ s ]\n${Array.from({ length: n }, (_, i) => `k${i} = ${'v'.repeat(Math.max(1, width - String(i).length - 4))}`).join('\n')}\n`;

function analyze(text: string): number {
  clearCnfCache();
  return analyzeCnf(text, { path: '/bench/continuation.cnf', vars: {} }).findings.length;
}

async function main(): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  console.log('lines   shape           continued ms   plain ms   ratio');
  for (const n of [20_000, 40_000, 80_000]) {
    for (const [shape, make] of [
      ['value', continuedValue],
      ['SAN list', continuedList],
    ] as const) {
      const text = make(n);
      const base = plain(n, Math.round(text.length / n));
      const pairs = n >= 80_000 ? 5 : 7;
      const r = await pairedRatio(
        () => analyze(text),
        () => analyze(base),
        pairs,
      );
      console.log(`${String(n).padEnd(7)} ${shape.padEnd(15)} ${r.a.median.toFixed(1).padStart(12)} ${r.b.median.toFixed(1).padStart(10)}   ${r.ratio.median.toFixed(2)}x`);
      rows.push({ lines: n, shape, bytes: text.length, plainBytes: base.length, continuedMs: r.a.median, plainMs: r.b.median, ratio: r.ratio.median });
    }
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/cnf-continuation.json', JSON.stringify(rows, null, 2) + '\n');
}

void main();
