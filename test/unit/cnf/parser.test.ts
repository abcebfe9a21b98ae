import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzeCnf, parseCnf as parse2, type AnalyzeOptions } from '../../../server/src/core/cnf';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { errors, codes, lint } from './helpers';

const values = (text: string, env?: AnalyzeOptions): Record<string, string> => {
  const a = analyzeCnf(text, { path: '/v/' + Math.random(), ...env });
  const out: Record<string, string> = {};
  for (const [s, sec] of a.config.sections) for (const e of sec.entries) out[`${s}::${e.key}`] = e.value;
  return out;
};

test('sections, keys, section::key, default section, header whitespace', () => {
  const v = values('a = 1\n[ foo bar ]\nb = 2\nother::c = 3\n[ req ]x\nd = 4\n[default]\ne = 5\n');
  assert.equal(v['default::a'], '1');
  assert.equal(v['foo bar::b'], '2');
  assert.equal(v['other::c'], '3');
  assert.equal(v['req::d'], '4');
  assert.equal(v['default::e'], '5');
});

test('continuation happens before comments; comments cut mid-value; escapes and quotes', () => {
  const v = values('j = line1 \\\n   line2\n# comment \\\nb = 2\nc = abc#def\nf = x\\#y\nq = "a # b" tail\nn = a\\nb\ne = "q\\nx"\no = O\'Reilly\n');
  assert.equal(v['default::j'], 'line1    line2');
  assert.equal(v['default::b'], undefined);
  assert.equal(v['default::c'], 'abc');
  assert.equal(v['default::f'], 'x#y');
  assert.equal(v['default::q'], 'a # b tail');
  assert.equal(v['default::n'], 'a\nb');
  assert.equal(v['default::e'], 'qnx');
  assert.equal(v['default::o'], 'OReilly');
});

test('variable forms, fallback to default, file order, case sensitivity', () => {
  const v = values('a = 1\n[s]\nx = 2\ny = ${a}b$a.c $(a) $s::x ${s::x} $(s::x) $nosuch::a\n[t]\nz = $x\n');
  assert.equal(v['s::y'], '1b1.c 1 2 2 2 1');
  assert.deepEqual(errors('a = 1\n[t]\nz = $x\n'), ['3:CNF-060']);
  assert.deepEqual(errors('y = $z\nz = 1\n'), ['1:CNF-060']);
  assert.deepEqual(errors('A = 1\nb = $a\n'), ['2:CNF-060']);
  assert.deepEqual(errors('a = cost $\n'), ['1:CNF-061']);
  assert.deepEqual(errors('a = 1\nb = ${a\n'), ['2:CNF-062']);
  assert.deepEqual(errors('a = 1\nb = ${1.a}\n'), ['2:CNF-062']);
  assert.deepEqual(errors('a = \\$x \'$y\'\n'), []);
});

test('ENV references use the environment, then the default section', () => {
  const env = { vars: { HOME: '/h', SET: 'v' } };
  assert.equal(values('x = $ENV::SET\n', env)['default::x'], 'v');
  assert.equal(values('UNSET_X = d\nx = ${ENV::UNSET_X}\n', { vars: {} })['default::x'], 'd');
  assert.deepEqual(codes('x = $ENV::NOPE_NOT_SET\n', { vars: {} }), ['1:CNF-064']);
  assert.deepEqual(errors('x = $ENV::NOPE_NOT_SET\n', { vars: {} }), []);
});

test('expansion longer than 65536 fails', () => {
  const big = 'x'.repeat(40000);
  assert.deepEqual(errors(`a = ${big}\nb = $a$a\n`), ['2:CNF-065']);
});

test('loading errors: missing =, bad section header, invalid pragma', () => {
  assert.deepEqual(errors('[ req\n'), ['1:CNF-002']);
  assert.deepEqual(errors('[a:b]\n'), ['1:CNF-002']);
  assert.deepEqual(errors('this line has no equals\n'), ['1:CNF-001']);
  assert.deepEqual(errors('ké = v\n'), ['1:CNF-003']);
  assert.deepEqual(errors('.pragma dollarid:maybe\n'), ['1:CNF-051']);
  assert.deepEqual(errors('.pragma dollarid\n'), ['1:CNF-051']);
  assert.deepEqual(errors('.pragma dollarid:\n'), ['1:CNF-051']);
  assert.deepEqual(codes('.pragma foo:bar\n'), ['1:CNF-052']);
  assert.deepEqual(codes('[]\n'), ['1:CNF-022']);
  assert.deepEqual(codes('[ a ]x\n'), ['1:CNF-021']);
});

test('.pragma dollarid makes $ a name character', () => {
  const v = values('.pragma dollarid:on\nfoo$bar = 1\ncookie = ${foo$bar}\nlit = a$b\n');
  assert.equal(v['default::cookie'], '1');
  assert.equal(v['default::lit'], 'a$b');
});

test('.include: file, directory, missing, relative to cwd, abspath, includedir, cycles, section carry-over', () => {
  const fs = memoryFileSystem({
    '/etc/ssl/inc.cnf': '[ inc_sect ]\nk = v\n',
    '/etc/ssl/dir/a.cnf': 'da = 1\n',
    '/etc/ssl/dir/b.CONF': 'db = 2\n',
    '/etc/ssl/dir/c.txt': 'garbage\n',
    '/work/rel.cnf': 'r = 1\n',
    '/loop/a.cnf': '.include /loop/b.cnf\n',
    '/loop/b.cnf': '.include /loop/a.cnf\n',
    '/bad/x.cnf': 'broken line\n',
  });
  const env = { fs, getEnv: () => undefined, cwd: () => '/work' };
    const r = analyzeCnf('[top]\n.include /etc/ssl/inc.cnf\nafter = 2\n.include /etc/ssl/dir\n.include rel.cnf\n', { path: '/m1.cnf', env });
  assert.equal(r.config.sections.get('inc_sect')?.byKey.get('after')?.value, '2');
  assert.equal(r.config.sections.get('inc_sect')?.byKey.get('da')?.value, '1');
  assert.equal(r.config.sections.get('inc_sect')?.byKey.get('db')?.value, '2');
  assert.equal(r.config.sections.get('inc_sect')?.byKey.get('r')?.value, '1');
  assert.ok(r.config.dependencies.includes('/etc/ssl/inc.cnf'));
  assert.deepEqual(codes('.include /nope.cnf\n', { env }), ['1:CNF-050']);
  assert.deepEqual(codes('[top]\n.include /etc/ssl/inc.cnf\nafter = 2\n', { env }), ['2:CNF-058']);
  assert.deepEqual(codes('[top]\n.include /etc/ssl/inc.cnf\n[top]\nafter = 2\n', { env }), ['3:CNF-020']);
  assert.deepEqual(errors('.pragma abspath:on\n.include rel.cnf\n', { env }), ['2:CNF-053']);
  assert.deepEqual(errors('.pragma includedir:/work\n.include rel.cnf\n', { env }), []);
  assert.deepEqual(codes('.include /loop/a.cnf\n', { env }), ['1:CNF-059']);
  assert.deepEqual(errors('.include /bad/x.cnf\n', { env }), ['1:CNF-001']);
});

test('parser never throws and stays linear on random input (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('[', ']', '=', '$', '{', '}', '(', ')', ':', '\\', '\n', '\r', '#', '"', "'", '`', ' ', 'a', 'B', '1', '.', '@', ',', 'é', '\t') , maxLength: 400 }), (s) => {
      const doc = parse2(s);
      for (const st of doc.statements) assert.ok(st.start >= 0 && st.end <= s.length && st.start <= st.end);
      const a = analyzeCnf(s, { path: '/p' });
      for (const f of a.findings) assert.ok(f.start >= 0 && f.end <= s.length + 1, `${f.code} ${f.start}-${f.end} in ${s.length}`);
    }),
    { numRuns: 500 },
  );
});

test('work grows with input size: 16x the text gives 16x the statements', () => {
  // The time it takes is measured in bench/cnf.bench.ts and bench/cnf-continuation.bench.ts (paired
  // ratios in one process), not here: a timer in a test fails on a loaded machine.
  const unit = 'a = 1\nb = ${a}x $a \\\n cont # c\n[ s ]\nk = "q" \'r\' \\# $default::a\n#c\n\n';
  const small = parse2(unit.repeat(200));
  const large = parse2(unit.repeat(3200));
  assert.equal(large.statements.length, small.statements.length * 16);
});

test('CNF-050 says where a missing include was looked for', () => {
  const env = { fs: memoryFileSystem({}), getEnv: (n: string) => (n === 'OPENSSL_CONF_INCLUDE' ? '/opt/inc' : undefined), cwd: () => '/work' };
  const msg = (text: string, e: AnalyzeOptions['env']): string => lint(text, { env: e }).find((f) => f.code === 'CNF-050')!.message;
  const noEnv = { ...env, getEnv: () => undefined };
  assert.match(msg('.include /nope.cnf\n', noEnv), /^\.include target '\/nope\.cnf' does not exist: OpenSSL silently skips it\.$/);
  assert.match(msg('.include rel.cnf\n', noEnv), /'rel\.cnf' does not exist in the working directory \/work \(relative paths resolve against it/);
  assert.match(msg('.pragma includedir:/etc/ssl\n.include m.cnf\n', noEnv), /'m\.cnf' is looked up as \/etc\/ssl\/m\.cnf, under the include directory \/etc\/ssl \(\.pragma includedir\)/);
  assert.match(msg('.include m.cnf\n', env), /'m\.cnf' is looked up as \/opt\/inc\/m\.cnf, under the include directory \/opt\/inc \(OPENSSL_CONF_INCLUDE\)/);
});
