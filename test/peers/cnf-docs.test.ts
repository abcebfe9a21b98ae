/**
 * The openssl.cnf documentation catalogue against the real `openssl` CLI: every
 * example line and every documented value word must be accepted by OpenSSL, and
 * the long names we list must be the ones OpenSSL prints.
 */
import { test, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extendedKeyUsageDocs, extensionDocs, keyUsageDocs, nsCertTypeDocs } from '../../server/src/core/cnf/docs';

let dir = '';
let key = '';

function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8', cwd: dir });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

/** Makes a self-signed certificate with `lines` in the extension section; returns openssl's result. */
function selfSigned(lines: string, extra = ''): { ok: boolean; out: string; cert: string } {
  const cnf = join(dir, 'ext.cnf');
  const cert = join(dir, 'c.pem');
  writeFileSync(cnf, `[req]\ndistinguished_name = dn\n[dn]\n[v3]\n${lines}\n${extra}`);
  const r = openssl(['req', '-x509', '-key', key, '-subj', '/CN=docs', '-config', cnf, '-extensions', 'v3', '-days', '1', '-out', cert]);
  return { ...r, cert };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cw-cnf-docs-'));
  key = join(dir, 'test-only.key');
  const r = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
  assert.ok(r.ok, `openssl genpkey failed: ${r.out}`);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('every extension example in the catalogue is accepted by openssl req -x509', () => {
  const failures: string[] = [];
  let n = 0;
  for (const d of extensionDocs) {
    if (!d.example) continue;
    n++;
    const r = selfSigned(d.example, '[alt_names]\nDNS.1 = node1.example.com\nIP.1 = 10.0.0.1\n');
    if (!r.ok) failures.push(`${d.example}: ${r.out.split('\n').slice(0, 3).join(' | ')}`);
  }
  assert.ok(n >= 15, `only ${n} examples`);
  assert.deepEqual(failures, []);
});

test('keyUsage words, extendedKeyUsage names and nsCertType words are all accepted, with the long names OpenSSL prints', () => {
  const ku = keyUsageDocs.map((d) => d.name);
  const eku = extendedKeyUsageDocs.map((d) => d.name);
  const ns = nsCertTypeDocs.map((d) => d.name);
  const r = selfSigned(`keyUsage = ${ku.join(',')}\nextendedKeyUsage = ${eku.join(',')}\nnsCertType = ${ns.join(',')}`);
  assert.ok(r.ok, r.out);
  const text = openssl(['x509', '-in', r.cert, '-noout', '-ext', 'extendedKeyUsage,nsCertType']).out;
  for (const d of extendedKeyUsageDocs) assert.ok(text.includes(d.aliases![0]!), `${d.name}: OpenSSL does not print "${d.aliases![0]}"\n${text}`);
  for (const d of nsCertTypeDocs) assert.ok(text.includes(d.aliases![0]!), `${d.name}: "${d.aliases![0]}"`);
  // Every long keyUsage alias is accepted on its own, too.
  const long = keyUsageDocs.flatMap((d) => d.aliases ?? []).filter((a) => a.includes(' '));
  assert.ok(selfSigned(`keyUsage = ${long.join(',')}`).ok);
});

test('the catalogue is case-sensitive where OpenSSL is', () => {
  assert.equal(selfSigned('keyUsage = digitalsignature').ok, false);
  assert.equal(selfSigned('extendedKeyUsage = serverauth').ok, false);
  assert.equal(selfSigned('SubjectAltName = DNS:x').ok, false);
  // RFC 5280's name for bit 1 is not in OpenSSL 3.0's table, so the catalogue leaves it out.
  assert.equal(selfSigned('keyUsage = contentCommitment').ok, false);
});

test('the activate = 0 caveat for OpenSSL 3.0 providers is true of the installed openssl', (t) => {
  const version = openssl(['version']).out;
  if (!/^OpenSSL 3\.0\./.test(version)) {
    t.skip(`the caveat is about OpenSSL 3.0; installed: ${version.trim()}`);
    return;
  }
  const cnf = join(dir, 'providers.cnf');
  writeFileSync(cnf, 'openssl_conf = init\n[init]\nproviders = prov\n[prov]\ndefault = def\nlegacy = leg\n[def]\nactivate = 1\n[leg]\nactivate = 0\n');
  const r = spawnSync('openssl', ['list', '-providers'], { encoding: 'utf8', env: { ...process.env, OPENSSL_CONF: cnf } });
  assert.match(r.stdout, /legacy[\s\S]*status: active/);
});
