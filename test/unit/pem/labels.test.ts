/**
 * Every PEM label the real openssl (3.0) writes lands in one kind of the one label table
 * (core/pem/labels.ts), and both of its readers agree with it: the block scanner gives the block
 * that kind without an "unknown label" problem, and the PKI reader (the Certificates view,
 * `certwright list`) makes of it the item of that kind, or nothing for parameters and sessions.
 */
import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { connect, createServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { findPemBlocks } from '../../../server/src/core/pem';
import { knownLabels, labelKind, pemLabel, type LabelKind } from '../../../server/src/core/pem/labels';
import { decodeFileBytes, type PkiItem } from '../../../server/src/core/pki/files';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { OpenSsl } from './openssl';

let o: OpenSsl;
before(() => (o = new OpenSsl('cw-labels-')));
after(() => o.dispose());

/** What the PKI reader makes of a block of each kind. */
const itemKind: Record<LabelKind, PkiItem['kind'] | undefined> = {
  certificate: 'certificate',
  csr: 'csr',
  crl: 'crl',
  privateKey: 'key',
  publicKey: 'key',
  pkcs7: 'certificate',
  parameters: undefined,
  session: undefined,
  attributeCertificate: undefined,
};

/** A TLS session as OpenSSL serialises it (Node's getSession is i2d_SSL_SESSION), for `openssl sess_id` to write as PEM. */
async function tlsSession(cert: string, key: string): Promise<Uint8Array> {
  const server = createServer({ cert: o.read(cert), key: o.read(key), maxVersion: 'TLSv1.2' }, (s) => s.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const socket = connect({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', rejectUnauthorized: false, maxVersion: 'TLSv1.2' });
    await once(socket, 'secureConnect');
    const session = socket.getSession()!;
    socket.destroy();
    return session;
  } finally {
    server.close();
  }
}

describe('the PEM labels openssl writes', () => {
  it('each lands in its kind, and the scanner and the PKI reader agree', async () => {
    const ca = o.ca({ subj: '/CN=Labels CA' });
    const leaf = o.leaf(ca, { subj: '/CN=labels.example' });
    o.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', 'rsa.key']);
    o.run(['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:1024', '-out', 'dsa.param']);
    o.run(['genpkey', '-paramfile', 'dsa.param', '-out', 'dsa.key']);
    o.write('ca.cnf', `[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\ndefault_md=sha256\ndefault_crl_days=30\n`);
    o.write('index.txt', '');
    o.write('msg.txt', 'hello\n');
    o.write('session.der', await tlsSession(leaf.cert, leaf.key));
    // label → the openssl command that writes it (its standard output).
    const written: Record<string, string[]> = {
      CERTIFICATE: ['x509', '-in', ca.cert],
      'TRUSTED CERTIFICATE': ['x509', '-in', ca.cert, '-trustout'],
      'X509 CRL': ['ca', '-config', 'ca.cnf', '-gencrl', '-cert', ca.cert, '-keyfile', ca.key],
      'CERTIFICATE REQUEST': ['req', '-new', '-key', ca.key, '-subj', '/CN=r'],
      'NEW CERTIFICATE REQUEST': ['req', '-new', '-key', ca.key, '-subj', '/CN=r', '-newhdr'],
      'PRIVATE KEY': ['pkey', '-in', 'rsa.key'],
      'ENCRYPTED PRIVATE KEY': ['pkey', '-in', 'rsa.key', '-aes128', '-passout', 'pass:secret'],
      'RSA PRIVATE KEY': ['pkey', '-in', 'rsa.key', '-traditional'],
      'EC PRIVATE KEY': ['pkey', '-in', ca.key, '-traditional'],
      'DSA PRIVATE KEY': ['pkey', '-in', 'dsa.key', '-traditional'],
      'PUBLIC KEY': ['pkey', '-in', 'rsa.key', '-pubout'],
      'RSA PUBLIC KEY': ['rsa', '-in', 'rsa.key', '-RSAPublicKey_out'],
      PKCS7: ['crl2pkcs7', '-nocrl', '-certfile', ca.cert],
      CMS: ['cms', '-sign', '-in', 'msg.txt', '-signer', leaf.cert, '-inkey', leaf.key, '-outform', 'PEM'],
      'DH PARAMETERS': ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048'],
      'X9.42 DH PARAMETERS': ['genpkey', '-genparam', '-algorithm', 'DHX', '-pkeyopt', 'dh_rfc5114:2'],
      'EC PARAMETERS': ['ecparam', '-name', 'prime256v1'],
      'DSA PARAMETERS': ['pkeyparam', '-in', 'dsa.param'],
      'SM2 PARAMETERS': ['ecparam', '-name', 'SM2'],
      'SSL SESSION PARAMETERS': ['sess_id', '-inform', 'DER', '-in', 'session.der'],
    };
    for (const [label, args] of Object.entries(written)) {
      const text = o.run(args);
      const blocks = findPemBlocks(text);
      assert.deepEqual(blocks.map((b) => b.label), [label], `openssl ${args.join(' ')} writes ${label}`);
      const block = blocks[0]!;
      const entry = pemLabel(label);
      assert.ok(entry, `${label} is in the table`);
      assert.equal(block.kind, labelKind(label));
      assert.equal(block.problem, undefined, `${label}: ${block.problem?.message}`);
      const items = decodeFileBytes(`x.pem`, Buffer.from(text), nodePkiCrypto);
      const expected = itemKind[entry.kind];
      assert.deepEqual([...new Set(items.map((i) => i.kind))], expected ? [expected] : [], `${label}: ${JSON.stringify(items.map((i) => (i.kind === 'error' ? i.message : i.kind)))}`);
    }
    // The labels of the table that openssl 3.0 writes no longer (or never writes alone) are still known.
    assert.deepEqual(knownLabels.filter((l) => !(l in written)), ['X509 CERTIFICATE', 'OPENSSH PRIVATE KEY', 'PARAMETERS', 'ATTRIBUTE CERTIFICATE']);
  });

  it('a label nobody knows is unknown, even one named like an Object property', () => {
    for (const label of ['constructor', 'toString', 'FOO BAR']) {
      assert.equal(pemLabel(label), undefined);
      assert.equal(labelKind(label), 'unknown');
    }
  });
});
