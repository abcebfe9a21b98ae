/**
 * What parseCertificate shares between certificates (core/pki/parse: the issuer name's comparison key,
 * the authority key identifier, a signature algorithm without parameters) reads as each certificate's
 * own value, also past the bound where the shared copies start over: more issuers than it keeps, each
 * parsed again after the others.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { encodeTlv } from '../../../server/src/core/pem/der';
import { parseCertificate } from '../../../server/src/core/pki/parse';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { extension, issuedBy, newKey, utcTime } from '../../support/derCertificate';

const seq = (...parts: Uint8Array[]): Uint8Array => encodeTlv(0x30, Buffer.concat(parts));
const keyIdOf = (i: number): Uint8Array => new Uint8Array(createHash('sha1').update(`issuer ${i}`).digest());

describe('certificate fields shared between certificates', () => {
  it('reads each certificate its own issuer key, authority key id and algorithm, past the bound of shared copies', () => {
    const key = newKey();
    const issuers = 4200;
    const ders: Uint8Array[] = [];
    for (let i = 0; i < issuers; i++) {
      // Self-issued under a name of its own: its issuer key must equal its subject key, which is never shared.
      const cn = `Issuer ${i}`;
      const aki = extension('2.5.29.35', seq(encodeTlv(0x80, keyIdOf(i))));
      ders.push(issuedBy({ cn, notBefore: utcTime('250101000000Z'), notAfter: utcTime('350101000000Z'), extensions: [aki], serial: 1 + (i % 100) }, key.spki, { cn, key }));
    }
    for (const pass of [0, 1]) {
      ders.forEach((der, i) => {
        const c = parseCertificate(der, nodePkiCrypto);
        assert.equal(c.issuerKey, c.subjectKey, `pass ${pass}, issuer ${i}`);
        assert.equal(c.authorityKeyId, Buffer.from(keyIdOf(i)).toString('hex'), `pass ${pass}, issuer ${i}`);
        assert.deepEqual(c.signatureAlgorithm, { oid: '1.2.840.10045.4.3.2' });
        assert.deepEqual(c.problems, []);
      });
    }
  });
});
