/**
 * The DER writer (core/issue/writer.ts) against OpenSSL: extensions as `openssl req -addext`
 * encodes the same values (subjectAltName with every IP form, IPv4-mapped IPv6 included;
 * keyUsage named bits without trailing zero bits; basicConstraints), and names whose CN is
 * replaced keep every other attribute byte for byte.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { certificateParts } from '../../../server/src/core/pem/decode';
import { fromPem } from '../../../server/src/core/issue/keys';
import { basicConstraintsExtension, keyUsageExtension, KeyUsageBit, OID_BASIC_CONSTRAINTS, OID_KEY_USAGE, OID_SAN, sanExtension, withCommonNameDer } from '../../../server/src/core/issue/writer';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certwright-writer-'));
const key = path.join(dir, 'k.pem');
execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The certificate openssl makes with these -addext values and -subj, as DER. */
function opensslCert(addext: readonly string[], subj = '/CN=x'): Uint8Array {
  const pem = execFileSync('openssl', ['req', '-new', '-x509', '-key', key, '-subj', subj, '-days', '1', ...addext.flatMap((e) => ['-addext', e])], { encoding: 'utf8' });
  return fromPem(pem, 'CERTIFICATE')!;
}

const extensionOf = (der: Uint8Array, oid: string): string => {
  const e = certificateParts(der).extensions.find((x) => x.oid === oid);
  assert.ok(e, `openssl wrote no ${oid}`);
  return Buffer.from(e.value).toString('hex');
};

test('subjectAltName: DNS names and IPv4, IPv6 and IPv4-mapped IPv6 addresses encoded as OpenSSL encodes them', () => {
  const dns = ['node1', 'node1.local', 'localhost', '*.example.com'];
  const ip = ['127.0.0.1', '10.0.0.3', '::1', '::', 'fe80::1:2', '1:2:3:4:5:6:7:8', '2001:db8::ffff:1.2.3.4', '::ffff:10.0.0.1'];
  const der = opensslCert([`subjectAltName=${[...dns.map((d) => `DNS:${d}`), ...ip.map((i) => `IP:${i}`)].join(',')}`]);
  assert.equal(Buffer.from(sanExtension({ dns, ip }).value).toString('hex'), extensionOf(der, OID_SAN));
});

test('keyUsage: the named bits without trailing zero bits, as OpenSSL encodes them', () => {
  const names: Array<[keyof typeof KeyUsageBit, string]> = [['digitalSignature', 'digitalSignature'], ['keyEncipherment', 'keyEncipherment'], ['keyCertSign', 'keyCertSign'], ['cRLSign', 'cRLSign']];
  for (let mask = 1; mask < 16; mask++) {
    const chosen = names.filter((_, i) => mask & (1 << i));
    const bits = chosen.reduce((n, [k]) => n | KeyUsageBit[k], 0);
    const der = opensslCert([`keyUsage=critical,${chosen.map(([, o]) => o).join(',')}`]);
    assert.equal(Buffer.from(keyUsageExtension(bits).value).toString('hex'), extensionOf(der, OID_KEY_USAGE), chosen.join(' '));
  }
});

test('basicConstraints: CA with and without a path length, and a leaf, as OpenSSL encodes them', () => {
  for (const [ca, pathLen, text] of [[true, 1, 'critical,CA:TRUE,pathlen:1'], [true, undefined, 'critical,CA:TRUE'], [false, undefined, 'critical,CA:FALSE']] as const) {
    const der = opensslCert([`basicConstraints=${text}`]);
    assert.equal(Buffer.from(basicConstraintsExtension(ca, pathLen).value).toString('hex'), extensionOf(der, OID_BASIC_CONSTRAINTS), text);
  }
});

test('withCommonNameDer: replaces the CN, keeps every other attribute and its string type byte for byte, appends a CN where there is none', () => {
  const subjectOf = (subj: string): Uint8Array => {
    const der = opensslCert([], subj);
    const s = certificateParts(der).subject;
    return der.subarray(s.start, s.end);
  };
  // openssl writes C as PrintableString, the rest as UTF8String.
  const replaced = withCommonNameDer(subjectOf('/C=DE/O=Acme/CN=old name/OU=ops'), 'new name');
  assert.deepEqual(Buffer.from(replaced), Buffer.from(subjectOf('/C=DE/O=Acme/CN=new name/OU=ops')));
  const appended = withCommonNameDer(subjectOf('/C=DE/O=Acme'), 'added');
  assert.deepEqual(Buffer.from(appended), Buffer.from(subjectOf('/C=DE/O=Acme/CN=added')));
});
