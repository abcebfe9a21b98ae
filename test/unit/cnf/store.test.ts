/**
 * The compact parser rows and loader store against their references: the fast
 * path agrees with the general path on any input, the lazily built objects
 * (entries, sections, references, nodes) agree with each other and keep their
 * identity, and the edge cases of the store (deep `$` chains, tables that
 * grow through includes, watched-key bits) behave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeCnf, clearCnfCache, parseCnf } from '../../../server/src/core/cnf';
import { ConfigStore, F_FAILED, F_LOCAL, watchedMask } from '../../../server/src/core/cnf/configStore';
import type { ParsedCnf } from '../../../server/src/core/cnf/syntaxDocument';
import { watchedKeys } from '../../../server/src/core/cnf/watchedKeys';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { sharedCorpus } from '../../support/sharedCorpus';

const corpus = sharedCorpus('openssl-cnf');

/** Plain data of a parse, for deep comparison. */
function shape(text: string, generalPathOnly: boolean): unknown {
  const d = parseCnf(text, { generalPathOnly });
  return { statements: JSON.parse(JSON.stringify(d.statements)), comments: d.comments, notes: d.notes, blocks: d.blocks.map((b) => [b.name, b.start, b.end, b.statements.length]) };
}

const alphabet = fc.constantFrom('[', ']', '=', '=', '$', '{', '}', '(', ')', ':', '\\', '\n', '\n', '\r', '#', '"', "'", '`', ' ', '\t', 'a', 'B', '1', '.', '@', ',', 'é', '_', 'k');

test('the fast path gives exactly what the general path gives (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: alphabet, maxLength: 300 }), (s) => {
      assert.deepEqual(shape(s, false), shape(s, true));
    }),
    { numRuns: 1500 },
  );
});

test('the fast path gives exactly what the general path gives after a BOM, and with CR LF line ends (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: alphabet, maxLength: 120 }), fc.boolean(), (s, crlf) => {
      const text = `\ufeff${crlf ? s.replace(/\n/g, '\r\n') : s}`;
      assert.deepEqual(shape(text, false), shape(text, true));
    }),
    { numRuns: 800 },
  );
});

test('the fast path reads .pragma lines as the general path does, and the dollarid state they set (property)', () => {
  const of = (...xs: string[]) => fc.constantFrom(...xs);
  // Mostly well-formed pragmas (the fast path's lines), each part sometimes replaced by something near it.
  const pragma = fc
    .tuple(of('', ' ', '\t'), of('.pragma', '.pragma', '.pragmax', '.pragm'), of(' ', '  ', '\t', '', '='), of('dollarid', 'dollarid', 'abspath', 'includedir', 'Dollarid', 'foo', ''), of('', ' '), of(':', ':', '=', ''), of('', ' '), of('on', 'off', 'TRUE', 'true', 'False', 'maybe', '/etc/ssl', '"a#b"', 'on:x', ''), of('', ' ', ' #c', '#c', '\r', ' \\', '\\'))
    .map((p) => p.join(''));
  const line = fc.oneof(pragma, pragma, fc.constantFrom('a$b = 1', 'c = $a$b', '[ s$t ]', 'k = v # c', 'x$ = "$a$b"', ''));
  fc.assert(
    fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
      const text = lines.join('\n');
      assert.deepEqual(shape(text, false), shape(text, true));
      const doc = parseCnf(text) as ParsedCnf;
      const general = parseCnf(text, { generalPathOnly: true }) as ParsedCnf;
      assert.equal(doc.dollaridAtEnd, general.dollaridAtEnd);
      for (let at = 0; at <= text.length; at++) assert.equal(doc.dollaridAt(at), general.dollaridAt(at));
    }),
    { numRuns: 1500 },
  );
});

test('the fast path gives exactly what the general path gives on every corpus file', { skip: corpus.skip }, () => {
  const files = readdirSync(corpus.dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  assert.ok(files.length > 5);
  for (const f of files) {
    const text = readFileSync(join(f.parentPath, f.name), 'utf8');
    assert.deepEqual(shape(text, false), shape(text, true), f.name);
  }
});

/** Every way of reading a loaded config agrees, and objects keep their identity. */
function checkViews(text: string): void {
  clearCnfCache();
  const a = analyzeCnf(text, { path: '/v.cnf' });
  const { config } = a;
  const statements = a.doc.statements;
  for (const e of config.allEntries) {
    if (e.local) assert.ok(statements.includes(e.node), `node of ${e.key} is the document's node`);
    assert.equal(e.key, e.node.key.value);
    for (const r of e.refs) assert.ok(config.refs.includes(r));
  }
  for (const [name, s] of config.sections) {
    assert.equal(s.name, name);
    const keys = s.entries.map((e) => e.key);
    assert.equal(s.entryCount, keys.length);
    assert.deepEqual(s.keysWhere(() => true), keys);
    assert.equal(new Set(keys).size, keys.length, 'latest definitions only');
    for (const e of s.entries) {
      assert.equal(s.byKey.get(e.key), e);
      assert.ok(!config.allEntries.some((x) => x.replaced === e), 'an entry in entries is not replaced');
    }
    for (const k of watchedKeys) assert.equal(s.byKey.has(k), keys.includes(k), `${name} has ${k}`);
    assert.deepEqual([...s.byKey.keys()], keys);
    assert.ok(s.everyKey((k) => keys.includes(k)));
  }
  // Values read twice (first from the rows, then from the cache) agree.
  for (const e of config.allEntries) assert.equal(e.value, e.value);
  // Sections in the order a header or a `section::key` line first creates them ('default' first);
  // a section only referred to (`$(s1::a)`) is not one.
  const order = ['default'];
  for (const st of statements) {
    const name = st.kind === 'section' ? st.name.value : st.kind === 'assignment' && st.target ? st.target.value : undefined;
    if (name !== undefined && !order.includes(name)) order.push(name);
  }
  assert.deepEqual([...config.sections.keys()], order);
  assert.equal(config.sections.size, order.length);
  for (const name of order) assert.equal(config.sections.get(name)?.name, name);
  for (const name of ['s1', 's2', 'ENV', 'nope']) assert.equal(config.sections.has(name), order.includes(name), name);
  // Each reference belongs to the one entry whose line holds it (the store finds them by owner);
  // those of `.include` paths to none.
  const owned = config.allEntries.flatMap((e) => {
    for (const r of e.refs) assert.ok(r.start >= e.node.start && r.end <= e.node.end, `${r.name.value} is in the line of ${e.key}`);
    return e.refs;
  });
  const includes = statements.filter((st) => st.kind === 'include');
  assert.deepEqual(
    owned,
    config.refs.filter((r) => !includes.some((st) => r.start >= st.start && r.end <= st.end)),
  );
}

test('entries, sections, references and nodes agree and keep their identity (property)', () => {
  const line = fc.oneof(
    fc.constantFrom('[ req ]', '[ s1 ]', '[s2]', 'prompt = no', 'database = ./db', 'new_certs_dir = x', 'subjectAltName = @alt', 'DNS.1 = a', '.pragma dollarid:on', 'x = "q # r" # c', '.include $a/${b}.cnf'),
    fc.tuple(fc.constantFrom('a', 'b', 'c', 'distinguished_name', 'serial', 'policy', 's1::a', 's2::b'), fc.constantFrom('1', '$a', '${b}x', '$(s1::a)', "'q'", '\\$x', '$c$c', 'v \\', '')).map(([k, v]) => `${k} = ${v}`),
  );
  fc.assert(
    fc.property(fc.array(line, { maxLength: 40 }), (lines) => checkViews(lines.join('\n') + '\n')),
    { numRuns: 400 },
  );
});

test('an entry keeps its flags and its value length in one column, also a length of megabytes', () => {
  const store = new ConfigStore(4);
  const s = store.sectionId('default');
  const id = store.addEntry(0, 0, s, 0, F_LOCAL);
  for (const n of [0, 1, 65_536, 0x7ffffe, 0x7fffff, 0x800000, 9_000_000, 5]) {
    store.setValueLength(id, n);
    assert.equal(store.valueLength(id), n);
    assert.equal(store.flags(id), F_LOCAL);
  }
  store.setFlag(id, F_FAILED);
  assert.equal(store.flags(id), F_LOCAL | F_FAILED);
  assert.equal(store.valueLength(id), 5);
  store.setValueLength(id, 9_000_001);
  assert.equal(store.copyFor(parseCnf('x = 1\n')).valueLength(id), 9_000_001);
});

test('every watched key is watched (so absent keys cost a bit test)', () => {
  let bits = 0;
  for (let m = watchedMask(watchedKeys); m; m &= m - 1) bits++;
  assert.equal(bits, watchedKeys.length);
});

test('a long chain of $references expands without deep recursion', () => {
  const n = 30_000;
  const lines = ['v0 = x'];
  for (let i = 1; i < n; i++) lines.push(`v${i} = \${v${i - 1}}y`);
  clearCnfCache();
  const a = analyzeCnf(lines.join('\n') + '\n', { path: '/chain.cnf' });
  assert.equal(a.findings.filter((f) => f.severity === 'error').length, 0);
  const last = a.config.sections.get('default')!.byKey.get(`v${n - 1}`)!;
  assert.equal(last.value, 'x' + 'y'.repeat(n - 1));
});

test('tables sized for the document grow for what its includes add', () => {
  const big = Array.from({ length: 5000 }, (_, i) => `key_${i} = value ${i}`).join('\n') + '\n';
  const env = { fs: memoryFileSystem({ '/etc/ssl/big.cnf': big }), getEnv: () => undefined, cwd: () => '/' };
  clearCnfCache();
  const a = analyzeCnf('[ s ]\n.include /etc/ssl/big.cnf\nlast = ${key_4999}-$key_0\n', { path: '/top.cnf', env });
  const s = a.config.sections.get('s')!;
  assert.equal(s.byKey.get('last')?.value, 'value 4999-value 0');
  assert.equal(s.entryCount, 5001);
  for (let i = 0; i < 5000; i += 97) assert.equal(s.byKey.get(`key_${i}`)?.value, `value ${i}`);
  assert.equal(a.config.allEntries.filter((e) => !e.local).length, 5000);
});

test('a key set again moves to the end and the earlier one is reported once', () => {
  clearCnfCache();
  const a = analyzeCnf('[ s ]\na = 1\nb = 2\na = 3\nc = $a\n', { path: '/dup.cnf' });
  const s = a.config.sections.get('s')!;
  assert.deepEqual(s.keysWhere(() => true), ['b', 'a', 'c']);
  assert.equal(s.byKey.get('c')?.value, '3');
  assert.equal(s.byKey.get('a')?.replaced?.value, '1');
  assert.deepEqual(a.findings.map((f) => f.code), ['CNF-031']);
});

test('small sections (searched by walking) and large ones (hash table) answer alike, across the switch', () => {
  // The store switches past 64 entries (configStore smallSection); 16 and 17 were the switch before.
  for (const n of [3, 16, 17, 40, 64, 65, 130]) {
    const lines = ['[ s ]'];
    for (let i = 0; i < n; i++) lines.push(`k${i} = v${i}`);
    // Redefinitions, self-references and lookups on both sides of the switch to the table.
    lines.push('k0 = again $k0', `k${n - 1} = $k0/$k${n - 1}`, 'self = $self', 'other::x = $s::k1');
    clearCnfCache();
    const a = analyzeCnf(lines.join('\n') + '\n', { path: `/small-${n}.cnf` });
    const s = a.config.sections.get('s')!;
    assert.equal(s.byKey.get('k0')?.value, 'again v0', `n=${n}`);
    assert.equal(s.byKey.get(`k${n - 1}`)?.value, `again v0/v${n - 1}`, `n=${n}`);
    assert.equal(a.config.sections.get('other')?.byKey.get('x')?.value, n > 1 ? 'v1' : undefined);
    assert.deepEqual(a.findings.filter((f) => f.severity === 'error').map((f) => f.code), ['CNF-060'], `n=${n}: $self is not defined yet`);
    assert.equal(s.entryCount, n + 1); // and `self`
    checkViews(lines.join('\n') + '\n');
  }
});
