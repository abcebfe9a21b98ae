import { strict as assert } from 'node:assert';
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeBase64, findPemBlocks, spkiOf, verifySignature } from '../../../server/src/core/pem';
import { OpenSsl } from './openssl';

let o: OpenSsl;
before(() => (o = new OpenSsl()));
after(() => o.dispose());

const crypto = webcrypto as unknown as Parameters<typeof verifySignature>[2];

function der(file: string): Uint8Array {
  const r = decodeBase64(findPemBlocks(o.read(file))[0]!.base64);
  assert.ok(r.ok);
  return r.bytes;
}

describe('verifySignature (chain building for the PKI tree)', () => {
  for (const [spec, extra] of [
    ['rsa:2048', []],
    ['rsa:2048', ['-sha1']],
    ['rsa:2048', ['-sha512']],
    ['ec:prime256v1', []],
    ['ec:secp384r1', ['-sha384']],
    ['ec:secp521r1', ['-sha512']],
    ['ed25519', []],
  ] as const) {
    it(`${spec} ${extra.join(' ')}: issuer valid, other CA invalid, self-signed root valid`, async () => {
      const root = o.ca({ key: o.key(spec) });
      const other = o.ca({ key: o.key(spec) });
      const leaf = o.leaf(root, { extra: [...extra, '-CAcreateserial'] });
      assert.equal(await verifySignature(der(leaf.cert), der(root.cert), crypto), 'valid');
      assert.equal(await verifySignature(der(leaf.cert), der(other.cert), crypto), 'invalid');
      assert.equal(await verifySignature(der(root.cert), der(root.cert), crypto), 'valid');
    });
  }

  it('RSA-PSS signatures', async () => {
    const root = o.ca({ key: o.key('rsa:2048'), extra: ['-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'] });
    assert.equal(await verifySignature(der(root.cert), der(root.cert), crypto), 'valid');
  });

  it('CRLs and CSRs, mixed algorithms, tampered and garbage input', async () => {
    const root = o.ca({ key: o.key('rsa:2048') });
    const ecRoot = o.ca();
    o.write('index.txt', '');
    o.write('crlnumber', '01\n');
    const cnf = o.write('ca.cnf', `[ca]\ndefault_ca=d\n[d]\ndatabase=${o.path('index.txt')}\ncrlnumber=${o.path('crlnumber')}\ndefault_md=sha256\ndefault_crl_days=1\n`);
    o.run(['ca', '-config', cnf, '-gencrl', '-keyfile', root.key, '-cert', root.cert, '-out', 'c.crl']);
    assert.equal(await verifySignature(der('c.crl'), der(root.cert), crypto), 'valid');
    assert.equal(await verifySignature(der('c.crl'), der(ecRoot.cert), crypto), 'invalid');
    const leaf = o.leaf(root);
    const csrDer = der(leaf.cert.replace('.crt', '.csr'));
    assert.equal(await verifySignature(csrDer, spkiOf(csrDer), crypto, true), 'valid');
    const tampered = der(leaf.cert).slice();
    tampered[tampered.length - 10]! ^= 0xff;
    assert.equal(await verifySignature(tampered, der(root.cert), crypto), 'invalid');
    assert.equal(await verifySignature(new Uint8Array([1, 2, 3]), der(root.cert), crypto), 'malformed');
  });
});
