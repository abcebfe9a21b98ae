/**
 * Key matching (issue #11 point 8): `certwright lint` over every private key of
 * a folder of 25 / 100 / 188 / 1,000 keys and no certificate, through the PEM
 * linter with the real file system. Baseline in the same process: reading and
 * decoding each file once (the floor of any linear algorithm); the ratio
 * lint-all / floor stays flat when matching is linear and grows with N when it
 * is quadratic. Cold = the folder index and decode cache emptied first.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pemLinter } from '../server/src/core/pem/lint';
import { clearFolderKeys } from '../server/src/core/pem/folderKeys';
import { clearDecodeCache, decodeFile } from '../server/src/core/pem';
import { nodeEnvironment } from '../server/src/node/nodeEnvironment';
import { defaultLintSettings } from '../server/src/core/types';
import { fmt, pairedRatio, summarize, time } from './stats';

const sizes = [25, 100, 188, 1000];
const root = join(tmpdir(), `cw-bench-keys-${process.pid}`);

function folder(n: number): string {
  const dir = join(root, String(n));
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(dir, `key-${i}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  return dir;
}

async function main(): Promise<void> {
  const env = nodeEnvironment();
  const results: Record<string, unknown> = {};
  try {
    for (const n of sizes) {
      const dir = folder(n);
      const files = readdirSync(dir).map((f) => join(dir, f));
      const texts = files.map((f) => readFileSync(f, 'utf8'));
      const lintAll = async (): Promise<void> => {
        clearFolderKeys();
        clearDecodeCache();
        const batch = {}; // as `certwright lint` runs
        for (let i = 0; i < files.length; i++) await pemLinter.lint({ path: files[i]!, text: texts[i]!, languageId: 'pem' }, { env, settings: defaultLintSettings, workspaceRoots: [root], batch });
      };
      const floor = async (): Promise<void> => {
        clearDecodeCache();
        for (const f of files) decodeFile((await env.fs.readFile(f))!);
      };
      const r = await pairedRatio(lintAll, floor, n >= 1000 ? 5 : 9);
      console.log(`${String(n).padStart(5)} keys: lint every key (cold) ${fmt(r.a)} = ${((r.a.median / n) * 1000).toFixed(0)} µs/key; floor (read + decode each once) ${fmt(r.b)}; ratio ${fmt(r.ratio, '×')}`);
      // The language server lints one open file at a time, without a batch: one listing + one stat per sibling.
      const one = await time(() => pemLinter.lint({ path: files[0]!, text: texts[0]!, languageId: 'pem' }, { env, settings: defaultLintSettings, workspaceRoots: [root] }), 9, 1);
      console.log(`${String(n).padStart(5)} keys: one key linted alone (server, folder index warm) ${fmt(summarize(one))}`);
      results[`keys${n}`] = { lintAll: r.a, floor: r.b, ratio: r.ratio, one: summarize(one) };
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/pkimatch.json', JSON.stringify(results, null, 2));
}

void main();
