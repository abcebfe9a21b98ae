/**
 * Secret canaries through every CLI output format: `certwright lint` text, JSON
 * and SARIF (with and without --follow-includes), and the findings the editor
 * shows. The config expands canary environment variables into keyUsage,
 * subjectAltName, an .include path and an unbalanced-quote value, and includes
 * a credentials-like file from outside the linted folder. The findings must
 * exist (quoting `$ENV::NAME`), and no canary may appear, whole or in part.
 */
import 'reflect-metadata';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintCommand } from '../../../server/src/cli/lint';
import type { CliIo } from '../../../server/src/cli/command';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf/analyze';
import { buildFeatureModel } from '../../../server/src/core/cnf/featureModel';
import { hoverAt } from '../../../server/src/core/cnf/hover';
import { redactText } from '../../../server/src/core/cnf/secrets';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { canaryEnv, canaryWorkspace, leaks, type CanaryWorkspace } from '../../support/secretCanary';

let ws: CanaryWorkspace;
const saved: Record<string, string | undefined> = {};

before(() => {
  ws = canaryWorkspace();
  for (const [k, v] of Object.entries(canaryEnv)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
});

after(() => {
  ws.cleanup();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

function io(cwd: string): CliIo & { stdout: string; stderr: string } {
  const o = { stdout: '', stderr: '', cwd, out: (s: string) => void (o.stdout += s), err: (s: string) => void (o.stderr += s) };
  return o;
}

test('certwright lint text, JSON and SARIF quote $ENV::NAME, never its value; outside includes are not read', async () => {
  let seen = 0;
  for (const format of ['text', 'json', 'sarif']) {
    for (const follow of [false, true]) {
      clearCnfCache();
      const o = io(ws.root);
      await lintCommand.run(['--format', format, ...(follow ? ['--follow-includes'] : [])], o);
      const out = o.stdout + o.stderr;
      seen += leaks(out).length;
      assert.deepEqual(leaks(out), [], `${format}${follow ? ' --follow-includes' : ''}:\n${out}`);
      assert.match(out, /\$ENV::CW_CANARY_KU/, `${format}: the keyUsage finding quotes what is written`);
      assert.match(out, /\$ENV::CW_CANARY_DIR\/missing\.cnf/, `${format}: the missing include is named as written`);
      if (follow) assert.doesNotMatch(out, /credentials\.cnf' is outside/);
      else assert.match(out, /credentials\.cnf' is outside .*certwright lint reads it with --follow-includes/);
    }
  }
  console.log(`secret canaries seen in lint text/JSON/SARIF output: ${seen}`);
});

test('editor findings and hovers: no canary, with the include followed', () => {
  clearCnfCache();
  const a = analyzeCnf(ws.text, { path: ws.cnfPath, env: nodeEnvironment({ cwd: () => ws.root }), scope: { roots: [ws.root], followOutside: true } });
  // The outside file was read (its value reached extendedKeyUsage) and both problems are reported.
  assert.ok(a.config.includes[0]!.files.length === 1);
  assert.ok(a.findings.some((f) => f.message.includes('$secret_eku')), JSON.stringify(a.findings.map((f) => f.message)));
  assert.ok(a.findings.some((f) => /outside the workspace, so its content is not quoted/.test(f.message)));
  assert.deepEqual(leaks(JSON.stringify(a.findings)), []);
  const model = buildFeatureModel(a);
  let hovers = 0;
  for (let offset = 0; offset < ws.text.length; offset++) {
    const h = hoverAt(model, offset);
    if (!h) continue;
    hovers++;
    assert.deepEqual(leaks(redactText(h.markdown, model.secrets)), [], `hover at ${offset}`);
  }
  assert.ok(hovers > 10);
});

test('a value of fewer than three characters is not redacted inside the words and numbers of a message (CAtsa.cnf: $ENV::INDEX = 1)', () => {
  const secrets = [
    { value: '1', written: '$ENV::INDEX' },
    { value: 'Hunter2 token', written: '$ENV::CW_TOKEN' },
  ];
  assert.equal(redactText('default_md = sha1: signed with SHA-1', secrets), 'default_md = sha1: signed with SHA-1');
  assert.equal(redactText('CN = Hunter2 token; part: token', secrets), 'CN = $ENV::CW_TOKEN; part: $ENV::CW_TOKEN');
  clearCnfCache();
  const text = 'INDEX = 1\n[ req ]\ndefault_md = sha1\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = tsa$ENV::INDEX\n';
  const a = analyzeCnf(text, { path: '/nonexistent-cw/t.cnf', env: nodeEnvironment({ cwd: () => '/', getEnv: (k) => (k === 'INDEX' ? '1' : undefined) }) });
  const md = a.findings.find((f) => f.code === 'REQ-016');
  assert.match(md?.message ?? '', /^default_md = sha1: .* signed with SHA-1,/);
});

test('a value is not redacted inside a longer word the file itself writes (neon test/openssl.conf: $ENV::STRMASK = default beside default_bits)', () => {
  const secrets = [{ value: 'default', written: '$ENV::STRMASK' }];
  const source = '[neonca]\ndefault_bits = 2048\n[req]\nstring_mask = $ENV::STRMASK\nCN = host$ENV::STRMASK\n';
  assert.equal(redactText("openssl ca does not read 'default_bits'", secrets, source), "openssl ca does not read 'default_bits'");
  // The value as a word of its own, and glued to other text by expansion (a word the file does not write), stay hidden.
  assert.equal(redactText('string_mask = default: unknown', secrets, source), 'string_mask = $ENV::STRMASK: unknown');
  assert.equal(redactText('CN = hostdefault is long', secrets, source), 'CN = host$ENV::STRMASK is long');
  assert.equal(redactText("'default_bits'", secrets), "'$ENV::STRMASK_bits'", 'without the file text, every occurrence');
  clearCnfCache();
  const a = analyzeCnf(source.replace('[req]', '[ ca ]\ndefault_ca = neonca\n[req]'), { path: '/nonexistent-cw/t.cnf', env: nodeEnvironment({ cwd: () => '/', getEnv: (k) => (k === 'STRMASK' ? 'default' : undefined) }) });
  const f = a.findings.find((x) => x.code === 'CA-009');
  assert.match(f?.message ?? '', /'default_bits'/);
  assert.deepEqual(leaks(JSON.stringify(a.findings)), []);
});
