import 'reflect-metadata';
import { strict as assert } from 'node:assert';
import { createHash, webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  decodeBase64 as b64,
  decodeFile,
  derivePublicKeyId,
  findPemBlocks,
  decodePemText,
  ekuText,
  generalNameText,
  keyUsageText,
  type CertificateView,
  type CrlView,
  type CsrView,
  type DecodedView,
  type KeyView,
  type Pkcs7View,
} from '../../../server/src/core/pem';
import { OpenSsl, field, nextLine, opensslDate } from './openssl';

let o: OpenSsl;
before(() => (o = new OpenSsl()));
after(() => o.dispose());

function only<T extends DecodedView>(text: string, kind: T['kind']): T {
  const blocks = decodePemText(text);
  assert.equal(blocks.length, 1, 'one block');
  const d = blocks[0]!.decoded;
  assert.ok(d.ok, d.ok ? '' : d.message);
  assert.equal(d.view.kind, kind);
  return d.view as T;
}

/** sha256 hex of the DER SubjectPublicKeyInfo, as openssl extracts it. */
function opensslKeyId(file: string, from: 'cert' | 'key' | 'pub' = 'cert'): string {
  const pem = from === 'cert' ? o.run(['x509', '-in', file, '-pubkey', '-noout']) : from === 'key' ? o.run(['pkey', '-in', file, '-pubout']) : o.read(file);
  o.write('pub.tmp.pem', pem);
  o.run(['pkey', '-pubin', '-in', 'pub.tmp.pem', '-outform', 'DER', '-out', 'pub.tmp.der']);
  return createHash('sha256').update(o.bytes('pub.tmp.der')).digest('hex');
}

const nameopt = ['-nameopt', 'oneline,-esc_msb'];

/** Checks every field of a certificate view against openssl's own output. */
function assertMatchesOpenssl(file: string): CertificateView {
  const c = only<CertificateView>(o.read(file), 'certificate');
  const text = o.run(['x509', '-in', file, '-noout', '-text', ...nameopt]);
  assert.equal(`${c.version} (0x${c.version - 1})`, field(text, 'Version:'));
  assert.equal(`serial=${c.serial}`, o.run(['x509', '-in', file, '-noout', '-serial']).trim());
  assert.equal(`subject=${c.subject.text}`, o.run(['x509', '-in', file, '-noout', '-subject', ...nameopt]).trim());
  assert.equal(`issuer=${c.issuer.text}`, o.run(['x509', '-in', file, '-noout', '-issuer', ...nameopt]).trim());
  assert.equal(c.notBefore, opensslDate(o.run(['x509', '-in', file, '-noout', '-startdate']).trim().slice('notBefore='.length)));
  assert.equal(c.notAfter, opensslDate(o.run(['x509', '-in', file, '-noout', '-enddate']).trim().slice('notAfter='.length)));
  assert.equal(`sha256 Fingerprint=${c.fingerprints.sha256}`, o.run(['x509', '-in', file, '-noout', '-fingerprint', '-sha256']).trim());
  assert.equal(`sha1 Fingerprint=${c.fingerprints.sha1}`, o.run(['x509', '-in', file, '-noout', '-fingerprint', '-sha1']).trim());
  assert.equal(c.signatureAlgorithm.name, field(text, 'Signature Algorithm:'));
  assert.equal(c.publicKey.id, opensslKeyId(file));
  if (c.publicKey.algorithm === 'RSA') {
    assert.equal(`(${c.publicKey.bits} bit)`, field(text, 'Public-Key:'));
    assert.match(field(text, 'Exponent:')!, new RegExp(`^${c.publicKey.exponent} `));
  } else if (c.publicKey.algorithm === 'EC') {
    assert.equal(`(${c.publicKey.bits} bit)`, field(text, 'Public-Key:'));
    assert.equal(c.publicKey.curve, field(text, 'ASN1 OID:'));
    if (c.publicKey.nistCurve) assert.equal(c.publicKey.nistCurve, field(text, 'NIST CURVE:'));
  } else {
    assert.equal(c.publicKey.algorithm.toUpperCase(), field(text, 'Public Key Algorithm:'));
  }
  const ext = (name: string): { critical: boolean; value: string } | undefined => {
    const head = field(text, `${name}:`);
    return head === undefined ? undefined : { critical: head === 'critical', value: nextLine(text, `${name}:`)! };
  };
  const san = ext('X509v3 Subject Alternative Name');
  assert.equal(c.subjectAltNames.length ? c.subjectAltNames.map(generalNameText).join(', ') : undefined, san?.value);
  const ku = ext('X509v3 Key Usage');
  assert.equal(c.keyUsage ? keyUsageText(c.keyUsage.usages) : undefined, ku?.value);
  assert.equal(c.keyUsage?.critical, ku?.critical);
  const eku = ext('X509v3 Extended Key Usage');
  assert.equal(c.extendedKeyUsage ? ekuText(c.extendedKeyUsage.usages) : undefined, eku?.value);
  const bc = ext('X509v3 Basic Constraints');
  const b = c.basicConstraints;
  assert.equal(b ? `CA:${b.ca ? 'TRUE' : 'FALSE'}${b.pathLength !== undefined ? `, pathlen:${b.pathLength}` : ''}` : undefined, bc?.value);
  assert.equal(b?.critical, bc?.critical);
  assert.equal(c.subjectKeyIdentifier, ext('X509v3 Subject Key Identifier')?.value);
  assert.equal(c.authorityKeyIdentifier?.keyIdentifier, ext('X509v3 Authority Key Identifier')?.value);
  // Every extension openssl lists is listed by us, with the same criticality.
  const listed = [...text.matchAll(/^ {12}(\S.*?): ?(critical)?$/gm)].filter((m) => !/^(Public|Modulus|Exponent|ASN1|NIST|pub|Signature)/.test(m[1]!)).map((m) => `${m[1]}${m[2] ? '!' : ''}`);
  assert.deepEqual(c.extensions.map((e) => `${e.name}${e.critical ? '!' : ''}`), listed);
  return c;
}

describe('certificates against openssl x509 -text', () => {
  it('RSA root CA with pathlen', () => {
    const ca = o.ca({ key: o.key('rsa:2048'), subj: '/C=US/ST=CA/O=Acme Inc/OU=PKI/CN=Acme Root', ext: ['basicConstraints=critical,CA:TRUE,pathlen:1', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'] });
    const c = assertMatchesOpenssl(ca.cert);
    assert.equal(c.role, 'ca');
    assert.equal(c.selfIssued, true);
    assert.equal(c.basicConstraints?.pathLength, 1);
    assert.equal(c.publicKey.bits, 2048);
    assert.equal(c.commonName, 'Acme Root');
    assert.equal(c.subject.rfc4514, 'CN=Acme Root,OU=PKI,O=Acme Inc,ST=CA,C=US');
  });

  it('EC intermediate and node/client/server leaves', () => {
    const root = o.ca({ subj: '/CN=Root' });
    const inter = o.leaf(root, { subj: '/CN=Inter', ext: ['basicConstraints=critical,CA:TRUE,pathlen:0', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'] });
    assert.equal(assertMatchesOpenssl(inter.cert).role, 'intermediate');
    const node = o.leaf(inter, { subj: '/O=Cockroach/CN=node', ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=DNS:localhost,DNS:node1.example.com,IP:127.0.0.1,IP:::1,IP:fe80::1', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid,issuer'] });
    const n = assertMatchesOpenssl(node.cert);
    assert.equal(n.role, 'node');
    assert.deepEqual(n.subjectAltNames.map((g) => g.type), ['dns', 'dns', 'ip', 'ip', 'ip']);
    const client = o.leaf(inter, { subj: '/CN=root', ext: ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth', 'authorityKeyIdentifier=keyid'] });
    assert.equal(assertMatchesOpenssl(client.cert).role, 'client');
    const server = o.leaf(inter, { key: o.key('rsa:3072'), subj: '/CN=db.example.com', ext: ['extendedKeyUsage=serverAuth', 'subjectAltName=DNS:db.example.com,email:ops@example.com,URI:https://example.com/x', 'crlDistributionPoints=URI:http://crl.example.com/ca.crl', 'authorityInfoAccess=OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/ca.crt'] });
    const s = assertMatchesOpenssl(server.cert);
    assert.equal(s.role, 'server');
    assert.deepEqual(s.crlDistributionPoints, ['http://crl.example.com/ca.crl']);
    assert.deepEqual(s.authorityInfoAccess, [{ method: 'OCSP', location: 'http://ocsp.example.com' }, { method: 'CA Issuers', location: 'http://ca.example.com/ca.crt' }]);
  });

  it('Ed25519, P-384 and secp521r1 keys, SHA-384/512 signatures', () => {
    const ed = o.ca({ key: o.key('ed25519'), subj: '/CN=ed' });
    const e = assertMatchesOpenssl(ed.cert);
    assert.equal(e.publicKey.algorithm, 'Ed25519');
    assert.equal(e.signatureAlgorithm.name, 'ED25519');
    const p384 = o.ca({ key: o.key('ec:secp384r1'), subj: '/CN=p384', extra: ['-sha384'] });
    assert.equal(assertMatchesOpenssl(p384.cert).signatureAlgorithm.hash, 'SHA-384');
    const p521 = o.ca({ key: o.key('ec:secp521r1'), subj: '/CN=p521', extra: ['-sha512'] });
    assert.equal(assertMatchesOpenssl(p521.cert).publicKey.bits, 521);
  });

  it('RSA-PSS signatures', () => {
    const ca = o.ca({ key: o.key('rsa:2048'), subj: '/CN=pss', extra: ['-sigopt', 'rsa_padding_mode:pss', '-sha256'] });
    const c = only<CertificateView>(o.read(ca.cert), 'certificate');
    assert.equal(c.signatureAlgorithm.name, 'rsassaPss');
    assert.equal(c.signatureAlgorithm.hash, 'SHA-256');
    assert.equal(field(o.text(ca.cert), 'Signature Algorithm:'), 'rsassaPss');
  });

  it('serials: negative, zero, long, small', () => {
    const ca = o.ca({ subj: '/CN=serials' });
    const neg = assertMatchesOpenssl(o.leaf(ca, { extra: ['-set_serial', '-5'] }).cert);
    assert.equal(neg.serialNegative, true);
    assert.equal(neg.serial, '-05');
    const zero = assertMatchesOpenssl(o.leaf(ca, { extra: ['-set_serial', '0'] }).cert);
    assert.equal(zero.serialZero, true);
    const long = assertMatchesOpenssl(o.leaf(ca, { extra: ['-set_serial', '0x' + 'ab'.repeat(21)] }).cert);
    assert.equal(long.serialOctets, 22);
    const small = assertMatchesOpenssl(o.leaf(ca, { extra: ['-set_serial', '4660'] }).cert);
    assert.equal(small.serial, '1234');
    assert.equal(small.serialDecimal, '4660');
  });

  it('non-ASCII, escaped and multi-valued names, unusual attributes', () => {
    const ca = o.ca({ subj: '/C=DE/O=Müller, "Ltd"\\\\x/OU=a+UID=b/CN=Ünïcode 名前/emailAddress=a@b.c/serialNumber=42/DC=example/street=Main St', extra: ['-multivalue-rdn'] });
    const c = assertMatchesOpenssl(ca.cert);
    assert.equal(c.nonAscii, true);
    assert.equal(c.commonName, 'Ünïcode 名前');
    assert.deepEqual(c.subject.rdns[2]!.map((a) => a.name), ['OU', 'UID']);
  });

  it('unknown extensions are listed with their criticality, not fatal', () => {
    const ca = o.ca({ subj: '/CN=unk', ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=keyCertSign', '1.2.3.4=ASN1:UTF8String:hello', '1.2.3.5=critical,ASN1:UTF8String:x'] });
    const c = only<CertificateView>(o.read(ca.cert), 'certificate');
    assert.deepEqual(c.extensions.filter((e) => !e.known).map((e) => [e.oid, e.critical]), [['1.2.3.4', false], ['1.2.3.5', true]]);
  });

  it('v1 certificate (no extensions)', () => {
    const key = o.key('rsa:2048');
    o.run(['req', '-new', '-key', key, '-subj', '/CN=v1', '-out', 'v1.csr', '-config', o.write('v1.cnf', '[req]\ndistinguished_name=dn\n[dn]\n')]);
    o.run(['x509', '-req', '-in', 'v1.csr', '-signkey', key, '-days', '10', '-out', 'v1.crt']);
    const c = assertMatchesOpenssl('v1.crt');
    assert.equal(c.version, 1);
    assert.equal(c.extensions.length, 0);
  });

  it('binary DER files and TRUSTED CERTIFICATE blocks', () => {
    const ca = o.ca({ subj: '/CN=der' });
    o.run(['x509', '-in', ca.cert, '-outform', 'DER', '-out', 'c.der']);
    const f = decodeFile(o.bytes('c.der'));
    assert.equal(f.format, 'der');
    assert.ok(f.format === 'der' && f.decoded.ok && f.decoded.view.kind === 'certificate' && f.decoded.view.commonName === 'der');
    o.run(['x509', '-in', ca.cert, '-addtrust', 'serverAuth', '-trustout', '-out', 'trusted.pem']);
    const t = only<CertificateView>(o.read('trusted.pem'), 'certificate');
    assert.equal(t.commonName, 'der');
    assert.equal(t.fingerprints.sha256, only<CertificateView>(o.read(ca.cert), 'certificate').fingerprints.sha256);
  });
});

describe('CSRs against openssl req -text', () => {
  it('subject, key, requested extensions', () => {
    const key = o.key('ec:prime256v1');
    o.run(['req', '-new', '-key', key, '-subj', '/O=Org/CN=node1', '-addext', 'subjectAltName=DNS:node1,IP:10.1.2.3', '-addext', 'extendedKeyUsage=serverAuth,clientAuth', '-addext', 'keyUsage=digitalSignature', '-out', 'r.csr', '-config', o.write('r.cnf', '[req]\ndistinguished_name=dn\n[dn]\n')]);
    const r = only<CsrView>(o.read('r.csr'), 'csr');
    const text = o.run(['req', '-in', 'r.csr', '-noout', '-text', ...nameopt]);
    assert.equal(r.subject.text, field(text, 'Subject:'));
    assert.equal(`${r.version} (0x${r.version - 1})`, field(text, 'Version:'));
    assert.equal(r.subjectAltNames.map(generalNameText).join(', '), nextLine(text, 'X509v3 Subject Alternative Name:'));
    assert.equal(ekuText(r.extendedKeyUsage!.usages), nextLine(text, 'X509v3 Extended Key Usage:'));
    assert.equal(keyUsageText(r.keyUsage!.usages), nextLine(text, 'X509v3 Key Usage:'));
    assert.equal(r.signatureAlgorithm.name, field(text, 'Signature Algorithm:'));
    assert.equal(`(${r.publicKey.bits} bit)`, field(text, 'Public-Key:'));
    assert.equal(r.publicKey.id, opensslKeyId(key, 'key'));
  });
});

describe('CRLs against openssl crl -text', () => {
  it('issuer, updates, number, revoked serials and reasons', () => {
    const ca = o.ca({ subj: '/CN=CRL CA' });
    const a = o.leaf(ca, { extra: ['-set_serial', '0x1001'] });
    const b = o.leaf(ca, { extra: ['-set_serial', '0x1002'] });
    o.write('index.txt', '');
    o.write('crlnumber', '05\n');
    const cnf = o.write('ca.cnf', `[ca]\ndefault_ca=d\n[d]\ndatabase=${o.path('index.txt')}\ncrlnumber=${o.path('crlnumber')}\ndefault_md=sha256\ndefault_crl_days=7\ncrl_extensions=crl_ext\n[crl_ext]\nauthorityKeyIdentifier=keyid\n`);
    o.run(['ca', '-config', cnf, '-revoke', a.cert, '-keyfile', ca.key, '-cert', ca.cert, '-crl_reason', 'keyCompromise']);
    o.run(['ca', '-config', cnf, '-revoke', b.cert, '-keyfile', ca.key, '-cert', ca.cert]);
    o.run(['ca', '-config', cnf, '-gencrl', '-keyfile', ca.key, '-cert', ca.cert, '-out', 'ca.crl']);
    const crl = only<CrlView>(o.read('ca.crl'), 'crl');
    const text = o.run(['crl', '-in', 'ca.crl', '-noout', '-text', ...nameopt]);
    assert.equal(crl.issuer.text, field(text, 'Issuer:'));
    assert.equal(crl.thisUpdate, opensslDate(field(text, 'Last Update:')!));
    assert.equal(crl.nextUpdate, opensslDate(field(text, 'Next Update:')!));
    assert.equal(crl.crlNumber, String(Number(nextLine(text, 'X509v3 CRL Number:'))));
    assert.equal(crl.crlNumber, '5');
    assert.deepEqual(crl.revoked.map((r) => r.serial), [...text.matchAll(/Serial Number: (\S+)/g)].map((m) => m[1]));
    assert.deepEqual(crl.revoked.map((r) => r.serial), ['1001', '1002']);
    assert.equal(crl.revoked[0]!.reason, 'Key Compromise');
    assert.equal(crl.revoked[0]!.date, opensslDate(field(text, 'Revocation Date:')!));
    assert.equal(crl.authorityKeyIdentifier, nextLine(text, 'X509v3 Authority Key Identifier:'));
  });
});

describe('keys: type, size, encryption, identity (never material)', () => {
  it('RSA PKCS#8 / PKCS#1, EC PKCS#8 / SEC1, public keys all match the certificate id', () => {
    for (const spec of ['rsa:2048', 'ec:prime256v1', 'ec:secp384r1']) {
      const key = o.key(spec);
      const ca = o.ca({ key, subj: '/CN=k' });
      const cert = only<CertificateView>(o.read(ca.cert), 'certificate');
      const pk8 = only<KeyView>(o.read(key), 'privateKey');
      assert.equal(pk8.format, 'pkcs8');
      assert.equal(pk8.publicKeyId, cert.publicKey.id);
      assert.equal(pk8.bits, Number(/\((\d+) bit/.exec(o.run(['pkey', '-in', key, '-noout', '-text']))![1]));
      o.run(['pkey', '-in', key, '-traditional', '-out', 'trad.key']);
      const trad = only<KeyView>(o.read('trad.key'), 'privateKey');
      assert.equal(trad.format, spec.startsWith('rsa') ? 'pkcs1' : 'sec1');
      assert.equal(trad.publicKeyId, cert.publicKey.id);
      o.run(['pkey', '-in', key, '-pubout', '-out', 'pub.pem']);
      const pub = only<KeyView>(o.read('pub.pem'), 'publicKey');
      assert.equal(pub.publicKeyId, cert.publicKey.id);
      assert.equal(pub.publicKeyId, opensslKeyId(key, 'key'));
    }
    const rsa = o.key('rsa:2048');
    o.run(['rsa', '-in', rsa, '-RSAPublicKey_out', '-out', 'rsapub.pem']);
    assert.equal(only<KeyView>(o.read('rsapub.pem'), 'publicKey').publicKeyId, opensslKeyId(rsa, 'key'));
  });

  it('encrypted PKCS#8 and legacy Proc-Type keys are described, not decoded', () => {
    const key = o.key('rsa:2048');
    o.run(['pkey', '-in', key, '-aes256', '-passout', 'pass:secret', '-out', 'enc8.key']);
    const e8 = only<KeyView>(o.read('enc8.key'), 'privateKey');
    assert.equal(e8.encrypted, true);
    assert.equal(e8.encryption, 'PBES2/AES-256-CBC');
    assert.equal(e8.publicKeyId, undefined);
    o.run(['rsa', '-in', key, '-aes128', '-traditional', '-passout', 'pass:secret', '-out', 'legacy.key']);
    const legacy = only<KeyView>(o.read('legacy.key'), 'privateKey');
    assert.deepEqual([legacy.encrypted, legacy.algorithm, legacy.encryption], [true, 'RSA', 'AES-128-CBC']);
  });

  it('Ed25519 keys: size, and the id derived through WebCrypto matches the certificate', async () => {
    const key = o.key('ed25519');
    const ca = o.ca({ key, subj: '/CN=ed' });
    const k = only<KeyView>(o.read(key), 'privateKey');
    assert.equal(k.algorithm, 'Ed25519');
    const der = b64(findPemBlocks(o.read(key))[0]!.base64);
    assert.ok(der.ok);
    assert.equal(await derivePublicKeyId(der.bytes, webcrypto as unknown as Parameters<typeof derivePublicKeyId>[1]), only<CertificateView>(o.read(ca.cert), 'certificate').publicKey.id);
  });
});

describe('PKCS#7 bundles', () => {
  it('lists every certificate of a crl2pkcs7 bundle, PEM and DER', () => {
    const root = o.ca({ subj: '/CN=P7 Root' });
    const leaf = o.leaf(root, { subj: '/CN=P7 Leaf' });
    o.write('chain.pem', o.read(leaf.cert) + o.read(root.cert));
    o.run(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-out', 'b.p7b']);
    const p = only<Pkcs7View>(o.read('b.p7b'), 'pkcs7');
    assert.deepEqual(p.certificates.map((c) => c.commonName), ['P7 Leaf', 'P7 Root']);
    o.run(['crl2pkcs7', '-nocrl', '-certfile', 'chain.pem', '-outform', 'DER', '-out', 'b.p7c']);
    const f = decodeFile(o.bytes('b.p7c'));
    assert.ok(f.format === 'der' && f.decoded.ok && f.decoded.view.kind === 'pkcs7' && f.decoded.view.certificates.length === 2);
  });
});
