/**
 * Key matching (issue #11 point 8): `certwright lint` over every private key of
 * a folder of 25 / 100 / 188 / 1,000 keys and no certificate, through the PEM
 * linter with the real file system. Baseline in the same process: reading and
 * decoding each file once (the floor of any linear algorithm); the ratio
 * lint-all / floor stays flat when matching is linear and grows with N when it
 * is quadratic. Cold = the folder index and decode cache emptied first.
 *
 * Path building (issue #11 point 3), on generated graphs (the signature checks
 * the tree caches are not part of this figure): 5,000 leaves under 50 CAs that
 * are cross-signed by each other and self-signed, a path for every leaf; and a
 * chain of N same-named CAs with two certificates per level and no anchor
 * (2^N paths) for N = 25, 50, 100: linear when the time per level stays flat.
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
import { buildPath, type PathGraph } from '../server/src/core/pki/paths';

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
  results.paths = await pathBench();
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/pkimatch.json', JSON.stringify(results, null, 2));
}

interface Cert {
  readonly subject: string;
  readonly key: string;
  readonly anchor: boolean;
  issuers: Cert[];
}

const pathGraph: PathGraph<Cert> = {
  issuers: (c) => c.issuers,
  isAnchor: (c) => c.anchor,
  loopKey: (c) => `${c.subject}|${c.key}`,
  problems: (_path, complete) => (complete ? [] : ['incomplete']),
};

async function pathBench(): Promise<Record<string, unknown>> {
  // 50 CAs; each has a self-signed certificate and is cross-signed by the next two CAs (a ring of cross-signatures).
  const cas = Array.from({ length: 50 }, (_, i) => ({ self: { subject: `CA ${i}`, key: `k${i}`, anchor: true, issuers: [] as Cert[] }, cross: [] as Cert[] }));
  cas.forEach((ca, i) => {
    for (const d of [1, 2]) {
      const by = cas[(i + d) % 50]!;
      ca.cross.push({ subject: `CA ${i}`, key: `k${i}`, anchor: false, issuers: [by.self, ...by.cross] });
    }
  });
  // Cross-certificates first, so the search has to back out of them to reach the self-signed anchors.
  const leaves = Array.from({ length: 5000 }, (_, n) => ({ subject: `leaf ${n}`, key: `l${n}`, anchor: false, issuers: [...cas[n % 50]!.cross, cas[n % 50]!.self] }));
  let explored = 0;
  const all = summarize(await time(() => {
    explored = 0;
    for (const l of leaves) explored += buildPath(l, pathGraph).explored;
  }, 5, 1));
  console.log(`path building: 5,000 leaves under 50 cross-signed CAs: ${fmt(all)} for all paths (${explored} candidates examined)`);
  const deep: Record<string, unknown> = {};
  for (const n of [25, 50, 100]) {
    const levels: Cert[][] = [];
    for (let i = 0; i < n; i++) levels.push([0, 1].map(() => ({ subject: 'Same CA', key: `k${i}`, anchor: false, issuers: [] as Cert[] })));
    for (let i = 0; i + 1 < n; i++) for (const c of levels[i]!) c.issuers = levels[i + 1]!;
    const leaf: Cert = { subject: 'leaf', key: 'kl', anchor: false, issuers: levels[0]! };
    let ex = 0;
    const t = summarize(await time(() => (ex = buildPath(leaf, pathGraph).explored), 9, 1));
    console.log(`path building: ${n} same-named CAs x 2 certificates, no anchor (2^${n} paths): ${fmt(t, 'ms', 3)}, ${ex} candidates examined`);
    deep[`deep${n}`] = { time: t, explored: ex };
  }
  return { crossSigned5000: all, explored, ...deep };
}

void main();
