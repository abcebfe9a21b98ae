/**
 * `certwright` in the user's language, from the built CLI run as a user runs it: the
 * locale is LC_ALL, then LC_MESSAGES, then LANG (POSIX); zh_CN.UTF-8 prints Simplified
 * Chinese, C / POSIX / unset English. Human output (usage, lint findings and summary,
 * issuing results, errors, expiry lists) follows it; --json and SARIF are the same
 * bytes in every locale. On a real openssl.cnf of the corpus (eclipse/mosquitto) and a
 * CA and node certificate the CLI issues. Run `npm run build` first.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliLocale } from '../../server/src/cli/locale';
import { commands } from '../../server/src/cli/commands';

const cli = resolve(__dirname, '../../dist/server/cli.js');
const corpus = resolve(__dirname, '../fixtures/cnf/real-world');
const cnf = 'eclipse__mosquitto__test__ssl__openssl.cnf';
const hasChinese = (s: string): boolean => /[\u4e00-\u9fff]/.test(s);

type Locale = Record<string, string>;
const zh: Locale = { LANG: 'zh_CN.UTF-8' };
const cOverridesLang: Locale = { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' };
const unset: Locale = {};

function run(args: readonly string[], locale: Locale, cwd = corpus): { code: number | null; out: string; err: string } {
  assert.ok(existsSync(cli), `${cli} is missing: run npm run build first`);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  for (const k of ['LANG', 'LC_ALL', 'LC_MESSAGES', 'LANGUAGE']) delete env[k];
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...env, ...locale } });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the CLI locale: LC_ALL, then LC_MESSAGES, then LANG', () => {
  it('takes the first that is set and not empty', () => {
    assert.equal(cliLocale({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' }), 'C');
    assert.equal(cliLocale({ LC_ALL: '', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'C' }), 'zh_CN.UTF-8');
    assert.equal(cliLocale({ LANG: 'zh_CN.UTF-8' }), 'zh_CN.UTF-8');
    assert.equal(cliLocale({}), undefined);
  });
});

describe('certwright in Simplified Chinese and in English (built CLI)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'certwright-cli-locale-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('usage: Chinese for zh_CN, English for LC_ALL=C over it and without a locale', () => {
    const z = run(['--help'], zh);
    assert.equal(z.code, 0);
    assert.match(z.out, /^用法：certwright/);
    assert.match(z.out, /certwright lint +检查 openssl\.cnf/);
    const lintHelp = run(['lint', '--help'], zh);
    assert.match(lintHelp.out, /^用法：certwright lint \[选项\]/);
    assert.match(lintHelp.out, /\n选项：\n/);
    assert.match(lintHelp.out, /\n {2}--quiet +只报告错误\n/, 'an option keeps its name and column; its description is Chinese');
    assert.match(run(['lint', '--help'], unset).out, /^Usage: certwright lint/);
    for (const l of [cOverridesLang, unset]) {
      const e = run(['--help'], l);
      assert.match(e.out, /^Usage: certwright <command> \[options\]/);
      assert.ok(!hasChinese(e.out), e.out);
    }
  });

  it('every command\'s --help: each block in Chinese for zh_CN (but the JSON example), and English without a locale', () => {
    for (const { path } of commands) {
      const z = run([...path, '--help'], zh);
      const e = run([...path, '--help'], unset);
      const name = path.join(' ');
      assert.equal(z.code, 0, name);
      assert.ok(z.out.startsWith(`用法：certwright ${name}`), z.out);
      const untranslated = z.out.split('\n\n').filter((block) => !hasChinese(block) && !block.trimStart().startsWith('[ {'));
      assert.deepEqual(untranslated, [], `${name}: blocks left in English`);
      assert.ok(e.out.startsWith(`Usage: certwright ${name}`) && !hasChinese(e.out), e.out);
      assert.equal(z.out.split('\n\n').length, e.out.split('\n\n').length, `${name}: the same blocks in both languages`);
    }
  });

  it('lint of a real openssl.cnf: the findings in Chinese at the same places, the same exit code; JSON and SARIF byte for byte the same', () => {
    const z = run(['lint', cnf], zh);
    const e = run(['lint', cnf], cOverridesLang);
    const u = run(['lint', cnf], unset);
    assert.equal(e.out, u.out, 'C and no locale are the same English');
    assert.equal(z.code, e.code);
    const where = (s: string): string[] => s.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' '));
    assert.deepEqual(where(z.out), where(e.out), 'file:line:col severity code stay as compilers print them');
    assert.ok(where(e.out).length >= 2, e.out);
    assert.ok(z.out.trim().split('\n').every(hasChinese), z.out);
    assert.ok(!hasChinese(e.out + e.err), e.out);
    assert.match(z.err, /^已检查 1 个文件：0 个错误，\d+ 个警告/);
    assert.match(e.err, /^1 file checked: 0 errors, \d+ warnings/);
    for (const format of ['json', 'sarif']) {
      const outs = [zh, cOverridesLang, unset].map((l) => run(['lint', cnf, '--format', format], l).out);
      assert.ok(!hasChinese(outs[0]!), `${format} stays English`);
      assert.equal(outs[0], outs[1], format);
      assert.equal(outs[0], outs[2], format);
      JSON.parse(outs[0]!);
    }
  });

  it('ca create and issue node: the results in Chinese, the --json the same English document; a usage error in Chinese', () => {
    const texts = (l: Locale, dir: string): { ca: string; node: string; json: { written: { path: string; kind: string; mode: string; description: string }[]; warnings: string[] } } => {
      const ca = run(['ca', 'create', '--profile', 'cockroach', '--dir', dir, '--key', 'p256'], l, tmp);
      assert.equal(ca.code, 0, ca.err);
      const node = run(['issue', 'node', '--dir', dir, '--name', 'n1', '--san', 'localhost', '--key', 'p256'], l, tmp);
      assert.equal(node.code, 0, node.err);
      const json = run(['issue', 'client', '--dir', dir, '--user', 'root', '--key', 'p256', '--json'], l, tmp);
      assert.equal(json.code, 0, json.err);
      return { ca: ca.out, node: node.out, json: JSON.parse(json.out) };
    };
    const z = texts(zh, 'zh');
    const e = texts(cOverridesLang, 'en');
    assert.match(z.ca, /^ {2}已写入 {3}0600 {2}.*ca\.key {2}（/m, z.ca);
    assert.match(z.node, /序列号 [0-9A-F]+ {2}有效期至 \d{4}-\d\d-\d\d \d\d:\d\d UTC {2}SAN DNS:localhost/, z.node);
    assert.match(e.node, /serial [0-9A-F]+ {2}valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC {2}SAN DNS:localhost/, e.node);
    assert.match(e.ca, /^ {2}wrote {4}0600 {2}.*ca\.key {2}\(/m);
    assert.ok(!hasChinese(e.ca + e.node));
    // The same but for the serial each run draws (newcerts/<serial>.pem).
    const shape = (j: typeof z.json): unknown => ({ written: j.written.map((w) => [w.path.replace(/[0-9A-F]{16,}/, 'SERIAL'), w.kind, w.mode, w.description]), warnings: j.warnings });
    assert.deepEqual(shape(z.json), shape(e.json), 'the JSON is the same in both locales');
    assert.ok(!hasChinese(JSON.stringify(z.json)), 'and English');

    const bad = run(['issue', 'node', '--name', 'x'], zh, tmp);
    assert.equal(bad.code, 2);
    assert.equal(bad.err, 'certwright issue node: 必须提供 --dir DIR\n');
    assert.equal(run(['issue', 'node', '--name', 'x'], unset, tmp).err, 'certwright issue node: --dir DIR is required\n');
  });

  it('ca rotate: the status (summary, step titles, next step) and a step\'s messages in Chinese, English without a locale; --json the same', () => {
    const rotate = (l: Locale, dir: string): { status: string; created: string; after: string; json: string } => {
      assert.equal(run(['ca', 'create', '--profile', 'cockroach', '--dir', dir, '--key', 'p256'], l, tmp).code, 0);
      const status = run(['ca', 'rotate', 'status', '--dir', dir], l, tmp);
      const created = run(['ca', 'rotate', 'new-ca', '--dir', dir, '--cn', 'Rotated CA'], l, tmp);
      const after = run(['ca', 'rotate', 'status', '--dir', dir], l, tmp);
      for (const r of [status, created, after]) assert.equal(r.code, 0, r.err);
      const json = run(['ca', 'rotate', 'status', '--dir', dir, '--json'], l, tmp);
      return { status: status.out, created: created.out, after: after.out, json: json.out.replace(/[0-9A-Fa-f]{16,}/g, 'HEX').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME') };
    };
    const z = rotate(zh, 'rot-zh');
    const e = rotate(unset, 'rot-en');
    assert.match(z.status, /^\/.*\/rot-zh 的 CA 轮换（cockroach）：没有进行中的轮换$/m, z.status);
    assert.match(z.status, /^ {2}\[ \] new-ca {3}创建新 CA$/m);
    assert.match(z.status, /^ {2}\[ \] retire {3}停用旧 CA$/m);
    assert.match(z.created, /^新 CA .*Rotated CA，序列号 [0-9A-F]+，有效期至 .*；任何系统读取的内容都没有改变。下一步：publish（发布旧 \+ 新证书包）$/m, z.created);
    assert.match(z.after, /：轮换：新 CA 已创建，下一步：发布证书包$/m, z.after);
    assert.match(z.after, /^ {2}\[x\] new-ca {3}创建新 CA$/m);
    assert.match(e.status, /^CA rotation of \/.*\/rot-en \(cockroach\): no rotation in progress$/m, e.status);
    assert.match(e.status, /^ {2}\[ \] publish {2}Publish the bundle \(old \+ new\)$/m);
    assert.match(e.created, /^new CA .*Rotated CA, serial [0-9A-F]+, valid until .*; nothing any system reads has changed\. Next: publish \(the bundle old \+ new\)$/m);
    assert.match(e.after, /: rotation: new CA created, next: publish the bundle$/m);
    assert.ok(!hasChinese(e.status + e.created + e.after));
    assert.equal(z.json.replaceAll('rot-zh', 'rot-en'), e.json, 'the JSON is the same in both locales');
    assert.ok(!hasChinese(z.json));
  });

  it('expiring: statuses and the count in Chinese, the JSON the same', () => {
    const z = run(['expiring', '--within', '5000d', 'zh/certs'], zh, tmp);
    const e = run(['expiring', '--within', '5000d', 'zh/certs'], cOverridesLang, tmp);
    assert.equal(z.code, 1);
    assert.equal(e.code, 1);
    assert.match(z.out, /^即将到期 /m, z.out);
    assert.match(z.out, /5000d 内有 \d+ 个即将到期或已过期/);
    assert.match(e.out, /^expiring /m);
    const json = [zh, cOverridesLang].map((l) => run(['expiring', '--within', '5000d', '--json', 'zh/certs'], l, tmp).out);
    assert.equal(json[0], json[1]);
    assert.ok(!hasChinese(json[0]!));
  });
});
