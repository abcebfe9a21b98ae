/**
 * RSASSA-PSS signatures are checked with the parameters core/pem's reader takes from the
 * certificate (hash, salt length), not by matching hex patterns: a salt length over 127
 * (a two-octet INTEGER) and a SHA-384 self-signature verify, as `openssl verify` says.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readPssParams } from '../../../server/src/core/pem/decode';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { parseCertificate } from '../../../server/src/core/pki/parse';
import { findPemBlocks } from '../../../server/src/core/pem';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';

const dir = mkdtempSync(join(tmpdir(), 'cw-pss-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const openssl = (...args: string[]): string => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

describe('RSASSA-PSS chains', () => {
  it('puts a leaf signed with PSS (SHA-256, salt 200) under its PSS CA (SHA-384, salt 48), as openssl verify does', () => {
    openssl('genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'ca.key');
    openssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=PSS CA', '-days', '30', '-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:48', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=keyCertSign', '-out', 'ca.crt');
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key');
    openssl('req', '-new', '-key', 'leaf.key', '-subj', '/CN=pss leaf', '-out', 'leaf.csr');
    openssl('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '10', '-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:200', '-out', 'leaf.crt');
    assert.match(openssl('verify', '-CAfile', 'ca.crt', 'leaf.crt'), /leaf\.crt: OK/);

    const m = new PkiWorkspace(nodePkiCrypto);
    for (const f of ['ca.crt', 'leaf.crt']) m.setFile(join(dir, f), '1', readFileSync(join(dir, f)));
    const roots = m.tree({ now: Date.now(), expiryWarningDays: 1 }).roots;
    assert.deepEqual(roots.map((r) => [r.label, r.role, r.status, r.children.map((c) => [c.label, c.status])]), [['PSS CA', 'ca', [], [['pss leaf', []]]]]);
  });

  it('verifies in the thread pool (verifyAsync, used for large CRLs) as it does inline, a flipped bit refused by both', async () => {
    const cert = (f: string) => parseCertificate(findPemBlocks(readFileSync(join(dir, f), 'latin1'))[0]!.der!, nodePkiCrypto);
    const [ca, leaf] = [cert('ca.crt'), cert('leaf.crt')];
    const flipped = leaf.signature.slice();
    flipped[10]! ^= 1;
    for (const [signed, key, signature] of [[leaf.tbs, ca.publicKey.der, leaf.signature], [leaf.tbs, ca.publicKey.der, flipped], [ca.tbs, ca.publicKey.der, ca.signature], [leaf.tbs, leaf.publicKey.der, leaf.signature]] as const) {
      const alg = signed === ca.tbs ? ca.signatureAlgorithm : leaf.signatureAlgorithm;
      assert.equal(await nodePkiCrypto.verifyAsync!(alg, key, signed, signature), nodePkiCrypto.verify(alg, key, signed, signature));
    }
    assert.equal(await nodePkiCrypto.verifyAsync!(leaf.signatureAlgorithm, ca.publicKey.der, leaf.tbs, leaf.signature), true);
    assert.equal(await nodePkiCrypto.verifyAsync!(leaf.signatureAlgorithm, ca.publicKey.der, leaf.tbs, flipped), false);
    assert.equal(await nodePkiCrypto.verifyAsync!(leaf.signatureAlgorithm, new Uint8Array([1, 2, 3]), leaf.tbs, leaf.signature), false, 'an unreadable key');
  });

  it('reads the parameters with their DER defaults (SHA-1, salt 20) when they are left out', () => {
    assert.deepEqual(readPssParams(undefined), { hash: 'SHA-1', saltLength: 20 });
    assert.deepEqual(readPssParams(new Uint8Array([0x30, 0x00])), { hash: 'SHA-1', saltLength: 20 });
  });
});
