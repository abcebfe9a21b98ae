/**
 * CockroachDB recipe files read through the real openssl.cnf core: values the
 * old line-by-line lookup misread ($variables, `\` continuation lines, escaped
 * `#`, `.include`) and exact ranges / fixes in such files.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCrdbCnf } from '../../../server/src/core/setup/crdbCnf';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { applyEdits, lintFile, makePki } from './helpers';

const nodeHead = `[ req ]
prompt=no
distinguished_name = distinguished_name
req_extensions = extensions

[ distinguished_name ]
organizationName = Cockroach
`;

const caHead = `[ req ]
prompt=no
distinguished_name = distinguished_name
x509_extensions = extensions

[ distinguished_name ]
commonName = Cockroach CA

[ extensions ]
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment,keyCertSign
basicConstraints = critical,CA:true,pathlen:1
`;

describe('CockroachDB recipe files through the openssl.cnf model', () => {
  test('a usage list built from $variables is expanded (no false CRDB-002)', () => {
    const text = `usages = serverAuth,clientAuth\n${caHead}\n[ signing_node_req ]\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = $usages\n`;
    assert.deepEqual(checkCrdbCnf('ca', text), []);
    // And a variable that lacks clientAuth is reported at the key, fixed in place.
    const bad = text.replace('usages = serverAuth,clientAuth', 'usages = serverAuth');
    const [f, ...rest] = checkCrdbCnf('ca', bad);
    assert.equal(rest.length, 0);
    assert.equal(f!.code, 'CRDB-002');
    assert.match(f!.message, /lacks clientAuth/);
    assert.equal(bad.slice(f!.start, f!.end), 'extendedKeyUsage');
    assert.deepEqual(checkCrdbCnf('ca', applyEdits(bad, f!.fixes![0]!.edits!)), []);
  });

  test('a value continued with a trailing backslash is read whole', () => {
    const text = `${caHead}\n[ signing_node_req ]\nkeyUsage = critical,digitalSignature,\\\n  keyEncipherment\nextendedKeyUsage = serverAuth,\\\nclientAuth\n`;
    assert.deepEqual(checkCrdbCnf('ca', text), []);
    // A continued value missing a usage: the fix replaces the whole continued value.
    const bad = text.replace('serverAuth,\\\nclientAuth', 'serverAuth,\\\ncodeSigning');
    const [f] = checkCrdbCnf('ca', bad);
    assert.equal(f!.code, 'CRDB-002');
    assert.equal(bad.slice(f!.start, f!.end), 'extendedKeyUsage');
    const fixed = applyEdits(bad, f!.fixes![0]!.edits!);
    assert.match(fixed, /extendedKeyUsage = serverAuth,clientAuth\n/);
    assert.doesNotMatch(fixed, /codeSigning/);
    assert.deepEqual(checkCrdbCnf('ca', fixed), []);
  });

  test('the extensions section named through a $variable is the one checked', () => {
    const text = nodeHead.replace('req_extensions = extensions', 'ext = node_ext\nreq_extensions = $ext') + '\n[ node_ext ]\nsubjectAltName = critical,DNS:localhost,IP:127.0.0.1\n';
    assert.deepEqual(checkCrdbCnf('node', text), []);
    const bad = text.replace('subjectAltName = critical,DNS:localhost,IP:127.0.0.1\n', 'basicConstraints = CA:false\n');
    const [f] = checkCrdbCnf('node', bad);
    assert.equal(f!.code, 'CRDB-003');
    assert.equal(bad.slice(f!.start, f!.end), '[ node_ext ]');
    assert.match(f!.message, /\[node_ext\]/);
    const fixed = applyEdits(bad, f!.fixes![0]!.edits!);
    assert.match(fixed, /basicConstraints = CA:false\nsubjectAltName = critical,/);
    assert.deepEqual(checkCrdbCnf('node', fixed), []);
  });

  test('an escaped \\# is part of the commonName, a trailing comment is not', () => {
    const withCn = `${nodeHead}commonName = \\# # the user\n\n[ extensions ]\nsubjectAltName = DNS:root\n`;
    assert.deepEqual(checkCrdbCnf('client', withCn), []);
    // A commonName that is only a comment is empty for OpenSSL.
    const empty = `${nodeHead}commonName = # root\n\n[ extensions ]\nsubjectAltName = DNS:root\n`;
    const [f] = checkCrdbCnf('client', empty);
    assert.equal(f!.code, 'CRDB-006');
    assert.equal(empty.slice(f!.start, f!.end), 'commonName');
  });

  test('a key redefined later wins (OpenSSL keeps the last definition)', () => {
    const text = `${caHead}\n[ signing_client_req ]\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = clientAuth\nextendedKeyUsage = serverAuth\n`;
    const [f, ...rest] = checkCrdbCnf('ca', text);
    assert.equal(rest.length, 0);
    assert.equal(f!.code, 'CRDB-007');
    assert.equal(f!.start, text.lastIndexOf('extendedKeyUsage'));
  });

  test('sections from an .include are read; a finding there sits on the local header without an edit', () => {
    const fs = memoryFileSystem({ '/crdb/usages.cnf': '[ signing_node_req ]\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\n' });
    const env = { fs, getEnv: () => undefined, cwd: () => '/crdb' };
    const text = `${caHead}\n.include /crdb/usages.cnf\n`;
    const deps: string[] = [];
    const [f, ...rest] = checkCrdbCnf('ca', text, { path: '/crdb/ca.cnf', env, depend: (p) => deps.push(p) });
    assert.deepEqual(deps, ['/crdb/usages.cnf']);
    assert.equal(rest.length, 0);
    assert.equal(f!.code, 'CRDB-002');
    assert.match(f!.message, /set in \/crdb\/usages\.cnf/);
    assert.equal(f!.fixes, undefined);
    assert.ok(f!.start >= 0 && f!.end <= text.length);
  });

  test('through the setup linter: ca.cnf on disk, its .include is a dependency and is read', async () => {
    const pki = makePki('cw-crdbcnf-');
    try {
      const inc = pki.write('recipe/usages.cnf', '[ signing_client_req ]\nkeyUsage = critical,digitalSignature,keyEncipherment\nextendedKeyUsage = serverAuth\n');
      const ca = pki.write('recipe/ca.cnf', `[ ca ]\ndefault_ca = CA_default\n\n[ CA_default ]\ndatabase = index.txt\nnew_certs_dir = .\n\n${caHead}\n.include ${inc}\n`);
      const run = await lintFile(ca);
      assert.ok(run.deps.includes(inc), run.deps.join(', '));
      assert.deepEqual(run.byCode('CRDB-007').map((f) => f.message.includes('lacks clientAuth')), [true]);
    } finally {
      pki.cleanup();
    }
  });
});
