/**
 * CNF-054 / CNF-057 (rules/includes.ts). Checked with openssl 3.0.19: a
 * relative `.include sub.cnf` loads when openssl runs from the file's folder and
 * is silently skipped from anywhere else; OPENSSL_CONF_INCLUDE prefixes it; a
 * directory include reads every *.cnf / *.conf (not *.txt) in readdir order,
 * the file read last winning for a key both set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { includeRules } from '../../../server/src/core/cnf/rules/includes';
import { applyFix } from './helpers';
import { runModule, summary } from './moduleRunner';

const fs = memoryFileSystem({
  '/work/rel.cnf': 'r = 1\n',
  '/work/conf/x.cnf': 'x = 1\n',
  '/etc/ssl/inc.cnf': '[ inc ]\nk = v\n',
  '/etc/ssl/nested.cnf': '.include rel.cnf\n',
  '/etc/ssl/dir/a.cnf': '[ req ]\ndefault_md = sha256\n',
  '/etc/ssl/dir/b.CONF': '[ other ]\nk = 2\n',
  '/etc/ssl/dir/c.txt': 'not read\n',
  '/etc/ssl/clash/a.cnf': '[ req ]\ndefault_md = sha256\n',
  '/etc/ssl/clash/b.cnf': '[ req ]\ndefault_md = sha384\n',
  '/work/reldir/one.cnf': 'o = 1\n',
  '/work/reldir/two.cnf': 't = 2\n',
});
const env = { fs, getEnv: () => undefined, cwd: () => '/work' };
const run = (text: string, vars?: Record<string, string>) => runModule(includeRules, text, { env, vars });
const sum = (text: string, vars?: Record<string, string>) => summary(includeRules, text, { env, vars });

test('CNF-054 relative include that resolves against the working directory: warning on the path, fix to an absolute path', () => {
  const text = '[ top ]\n.include rel.cnf\n';
  const found = run(text);
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['2:CNF-054:warning']);
  assert.equal(found[0]!.text, 'rel.cnf');
  assert.match(found[0]!.message, /resolves it against the working directory of the openssl process, not against this file's folder/);
  const fix = found[0]!.finding.fixes?.[0];
  assert.equal(fix?.title, 'Use the absolute path /test/rel.cnf');
  assert.equal(fix?.isPreferred, undefined, 'not preferred: the file next to this one may not be the one meant');
  assert.equal(applyFix(text, found[0]!.finding), '[ top ]\n.include /test/rel.cnf\n');
  assert.deepEqual(sum('.include = rel.cnf\n'), ['1:CNF-054:warning'], 'the = form too');
});

test('CNF-054 is quiet for absolute paths, paths under an absolute includedir, $ENV paths, and missing targets (CNF-050)', () => {
  assert.deepEqual(sum('.include /etc/ssl/inc.cnf\n'), []);
  assert.deepEqual(sum('.pragma includedir:/etc/ssl\n.include inc.cnf\n'), []);
  assert.deepEqual(sum('.include $ENV::D/inc.cnf\n', { D: '/etc/ssl' }), []);
  assert.deepEqual(sum('.include nope.cnf\n'), [], 'CNF-050 says it is missing and how relative paths resolve');
  assert.deepEqual(sum('.pragma abspath:on\n.include rel.cnf\n'), [], 'CNF-053 is the error there');
});

test('CNF-054 names OPENSSL_CONF_INCLUDE and a relative includedir', () => {
  const viaEnv = run('.include inc.cnf\n', { OPENSSL_CONF_INCLUDE: '/etc/ssl' });
  assert.deepEqual(viaEnv.map((f) => f.code), ['CNF-054']);
  assert.match(viaEnv[0]!.message, /OPENSSL_CONF_INCLUDE \(here it became \/etc\/ssl\/inc\.cnf\), or the working directory wherever that variable is unset/);
  const relDir = run('.pragma includedir:conf\n.include x.cnf\n');
  assert.deepEqual(relDir.map((f) => `${f.line}:${f.code}`), ['2:CNF-054']);
  assert.match(relDir[0]!.message, /includedir before it is itself relative \(here it became conf\/x\.cnf\)/);
});

test('CNF-054 only for includes written in this document', () => {
  assert.deepEqual(sum('.include /etc/ssl/nested.cnf\n'), []);
});

test('CNF-057 directory include: information listing the files read', () => {
  const found = run('.include /etc/ssl/dir\n');
  assert.deepEqual(found.map((f) => `${f.line}:${f.code}:${f.severity}`), ['1:CNF-057:information']);
  assert.equal(found[0]!.text, '/etc/ssl/dir');
  assert.match(found[0]!.message, /\(2 files: a\.cnf, b\.CONF\) in readdir\(\) order, which is unspecified/);
  assert.match(found[0]!.message, /Do not let two of them set the same key/);
  assert.deepEqual(sum('.include /etc/ssl/inc.cnf\n'), [], 'a file include is not a directory include');
});

test('CNF-057 says when the order matters: two files set the same key', () => {
  const [f] = run('.include /etc/ssl/clash\n');
  assert.equal(f?.code, 'CNF-057');
  assert.match(f.message, /a\.cnf and b\.cnf both set \[req\] default_md, and whichever is read last wins/);
});

test('a relative directory include gets both', () => {
  assert.deepEqual(sum('.include reldir\n'), ['1:CNF-054:warning', '1:CNF-057:information']);
});
