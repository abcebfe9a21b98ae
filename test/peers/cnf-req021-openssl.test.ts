/**
 * REQ-021 against the real `openssl req`: for every object Certwright takes for an extension among
 * the fields of a `prompt = no` distinguished_name section, OpenSSL must accept the file (a warning,
 * not an error) and put the extension's OID into the subject; and the fix the message gives must be
 * the one OpenSSL takes: where Certwright says the extension cannot be written from text, its text
 * form in req_extensions fails and its `DER:` form is accepted.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allObjects, analyzeCnf, clearCnfCache } from '../../server/src/core/cnf';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';

const skip = spawnSync('openssl', ['version'], { stdio: 'pipe' }).status === 0 ? false : 'openssl CLI not found on PATH (scripts/install-system-deps.sh installs it)';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-req021-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { cwd: tmp, encoding: 'utf8', env: { ...process.env, OPENSSL_CONF: '/dev/null' } });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const config = (field: string, ext = 'basicConstraints = CA:FALSE') => `[ req ]\nprompt = no\ndistinguished_name = dn\nreq_extensions = ext\n[ dn ]\nCN = a\n${field}\n[ ext ]\n${ext}\n`;

function req(text: string): { ok: boolean; out: string } {
  const file = path.join(tmp, 'case.cnf');
  fs.writeFileSync(file, text);
  return openssl(['req', '-new', '-config', file, '-key', path.join(tmp, 'key.pem'), '-out', path.join(tmp, 'case.csr')]);
}

test('REQ-021: openssl req takes every extension Certwright warns about as a subject attribute, and takes the fix the warning gives', { skip }, () => {
  assert.ok(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path.join(tmp, 'key.pem')]).ok);
  const bad: string[] = [];
  let warned = 0;
  let derOnly = 0;
  for (const obj of allObjects()) {
    const text = config(`${obj.short} = hello`);
    clearCnfCache();
    const findings = analyzeCnf(text, { path: path.join(tmp, 'case.cnf'), env: nodeEnvironment({ cwd: () => tmp }), vars: {} }).findings;
    const f = findings.find((x) => x.code === 'REQ-021');
    if (!f) continue;
    warned++;
    const errors = findings.filter((x) => x.severity === 'error').map((x) => x.code);
    const r = req(text);
    const subject = r.ok ? openssl(['req', '-in', path.join(tmp, 'case.csr'), '-noout', '-subject', '-nameopt', 'oid,sep_comma_plus']).out : '';
    if (!r.ok || errors.length) bad.push(`${obj.short}: openssl ${r.ok ? 'accepts' : 'fails'}, Certwright errors ${errors.join(',') || 'none'}`);
    else if (!subject.includes(`${obj.oid}=hello`)) bad.push(`${obj.short}: the subject is ${subject.trim()}, without ${obj.oid}=hello`);
    if (!/cannot write .* from text/.test(f.message)) continue;
    derOnly++;
    const asText = req(config('', `${obj.short} = hello`));
    const asDer = req(config('', `${obj.short} = DER:05:00`));
    if (asText.ok || !asDer.ok) bad.push(`${obj.short}: Certwright says only DER: works; openssl ${asText.ok ? 'takes' : 'refuses'} its text and ${asDer.ok ? 'takes' : 'refuses'} DER:05:00`);
  }
  console.log(`REQ-021: ${warned} objects warned about, ${derOnly} with the DER: fix; ${bad.length} disagree with openssl`);
  // The union of the two sources: the extensions OpenSSL writes from text, and the ones it only names.
  assert.ok(warned > 40 && derOnly > 10, `${warned} / ${derOnly}`);
  assert.deepEqual(bad, []);
});
