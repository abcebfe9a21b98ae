import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { decodePemText, renderText } from '../../../server/src/core/pem';
import { OpenSsl } from './openssl';

let o: OpenSsl;
before(() => (o = new OpenSsl()));
after(() => o.dispose());

const nameopt = ['-nameopt', 'oneline,-esc_msb'];

/** Lines of `ours` that start (after indentation) with one of `labels` must appear verbatim, same indentation, in `theirs`. */
function assertSameLines(ours: string, theirs: string, labels: readonly string[]): number {
  const theirLines = new Set(theirs.split('\n').map((l) => l.trimEnd()));
  let compared = 0;
  const lines = ours.split('\n');
  lines.forEach((line, i) => {
    const t = line.trimStart();
    if (!labels.some((l) => t.startsWith(l))) return;
    assert.ok(theirLines.has(line.trimEnd()), `line not in openssl output: ${JSON.stringify(line)}\n--- openssl:\n${theirs}`);
    compared++;
    // Extension headers: the value line below must match too.
    if (t.startsWith('X509v3 ') || t.startsWith('Authority Information Access')) {
      assert.ok(theirLines.has(lines[i + 1]!.trimEnd()), `value line not in openssl output: ${JSON.stringify(lines[i + 1])}`);
    }
  });
  return compared;
}

const certLabels = ['Certificate:', 'Data:', 'Version:', 'Serial Number', 'Signature Algorithm:', 'Issuer:', 'Validity', 'Not Before:', 'Not After :', 'Subject:', 'Subject Public Key Info:', 'Public Key Algorithm:', 'Public-Key:', 'Exponent:', 'ASN1 OID:', 'NIST CURVE:', 'X509v3', 'Authority Information Access', 'OCSP - ', 'CA Issuers - '];

describe('renderText reads like openssl -text', () => {
  it('certificates (RSA CA, EC leaf with many extensions, small and negative serials)', () => {
    const ca = o.ca({ key: o.key('rsa:2048'), subj: '/C=US/O=Acme/CN=Acme Root', ext: ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'] });
    const leaf = o.leaf(ca, { subj: '/CN=node1', ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=DNS:node1,IP:10.0.0.1,email:a@b.c', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid', 'authorityInfoAccess=OCSP;URI:http://ocsp.example.com'] });
    const small = o.leaf(ca, { extra: ['-set_serial', '4660'] });
    const neg = o.leaf(ca, { extra: ['-set_serial', '-5'] });
    for (const file of [ca.cert, leaf.cert, small.cert, neg.cert]) {
      const ours = renderText(decodePemText(o.read(file))[0]!.decoded);
      const theirs = o.run(['x509', '-in', file, '-noout', '-text', ...nameopt]);
      assert.ok(assertSameLines(ours, theirs, certLabels) >= 14);
      assert.match(ours, /SHA256 Fingerprint=/);
    }
  });

  it('CSRs and CRLs', () => {
    const ca = o.ca();
    const leaf = o.leaf(ca, { name: 'r1' });
    const csrText = renderText(decodePemText(o.read('r1.csr'))[0]!.decoded);
    assert.ok(assertSameLines(csrText, o.run(['req', '-in', 'r1.csr', '-noout', '-text', ...nameopt]), ['Certificate Request:', 'Version:', 'Subject:', 'Public Key Algorithm:', 'Public-Key:', 'ASN1 OID:', 'NIST CURVE:', 'Signature Algorithm:']) >= 7);
    o.write('index.txt', '');
    o.write('crlnumber', '01\n');
    const cnf = o.write('ca.cnf', `[ca]\ndefault_ca=d\n[d]\ndatabase=${o.path('index.txt')}\ncrlnumber=${o.path('crlnumber')}\ndefault_md=sha256\ndefault_crl_days=3\n`);
    o.run(['ca', '-config', cnf, '-revoke', leaf.cert, '-keyfile', ca.key, '-cert', ca.cert, '-crl_reason', 'superseded']);
    o.run(['ca', '-config', cnf, '-gencrl', '-keyfile', ca.key, '-cert', ca.cert, '-out', 'c.crl']);
    const crlText = renderText(decodePemText(o.read('c.crl'))[0]!.decoded);
    assert.ok(assertSameLines(crlText, o.run(['crl', '-in', 'c.crl', '-noout', '-text', ...nameopt]), ['Certificate Revocation List', 'Version', 'Issuer:', 'Last Update:', 'Next Update:', 'Revoked Certificates:', 'Serial Number:', 'Revocation Date:', 'X509v3 CRL Number', 'Superseded']) >= 9);
  });

  it('private keys show type and size only', () => {
    const key = o.key('rsa:2048');
    const pem = o.read(key);
    const text = renderText(decodePemText(pem)[0]!.decoded);
    assert.match(text, /Algorithm: RSA/);
    assert.match(text, /Size: 2048 bit/);
    const body = pem.split('\n').slice(1, -2);
    for (const line of body) assert.ok(!text.includes(line.slice(0, 16)), 'no base64 of the key');
    assert.ok(!/modulus|prime|exponent/i.test(text));
  });

  it('undecodable objects explain why', () => {
    const text = renderText(decodePemText(`-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n`)[0]!.decoded);
    assert.match(text, /^Cannot decode this certificate: Malformed DER/);
  });
});
