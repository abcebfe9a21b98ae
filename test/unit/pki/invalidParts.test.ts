/**
 * The Certificates view reads certificates with core/pem's decoder in its lazy field mode
 * (issue #11 point 2): a malformed or unknown critical extension, or a validity time that is
 * not RFC 5280's form, is an error inside a certificate that is still listed — the row carries
 * the `invalid` status (an error icon) and says why — never a reason to drop the row.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { encodeTlv } from '../../../server/src/core/pem/der';
import { editorModel } from '../../../server/src/core/pki/editorModel';
import { decodedView } from '../../../server/src/node/decodedView';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import type { PkiNode } from '../../../server/src/core/pki/types';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { basicConstraintsCa, extension, generalizedTime, pem, selfSigned, utcTime } from '../../support/derCertificate';

const options = { now: Date.parse('2030-01-01T00:00:00Z'), expiryWarningDays: 30 };
const notBefore = utcTime('200101000000Z');
const notAfter = utcTime('491231235959Z');

function treeOf(files: Record<string, Uint8Array>): PkiNode[] {
  const m = new PkiWorkspace(nodePkiCrypto);
  for (const [path, der] of Object.entries(files)) m.setFile(path, '1', new TextEncoder().encode(pem(der)));
  return [...m.tree(options).roots];
}

const one = (der: Uint8Array): PkiNode => {
  const roots = treeOf({ '/w/c.pem': der });
  assert.equal(roots.length, 1);
  assert.equal(roots[0]!.kind, 'certificate', roots[0]!.description);
  return roots[0]!;
};

describe('certificates with invalid parts stay in the tree (issue #11 points 2 and 5)', () => {
  it('a well-formed certificate has no invalid status (control)', () => {
    const node = one(selfSigned({ cn: 'fine', notBefore, notAfter, extensions: [basicConstraintsCa()] }));
    assert.deepEqual(node.status, []);
  });

  it('a malformed extension value: listed, invalid, the extension named', () => {
    // keyUsage whose value is an INTEGER, not a BIT STRING.
    const node = one(selfSigned({ cn: 'bad ku', notBefore, notAfter, extensions: [basicConstraintsCa(), extension('2.5.29.15', encodeTlv(0x02, new Uint8Array([5])), true)] }));
    assert.equal(node.label, 'bad ku');
    assert.equal(node.status[0], 'invalid');
    assert.match(node.tooltip, /X509v3 Key Usage is invalid/);
  });

  it('an unknown critical extension: listed, invalid', () => {
    const node = one(selfSigned({ cn: 'unknown critical', notBefore, notAfter, extensions: [extension('1.2.3.4.5', encodeTlv(0x05, new Uint8Array(0)), true)] }));
    assert.equal(node.status[0], 'invalid');
    assert.match(node.tooltip, /unknown critical extension 1\.2\.3\.4\.5/);
  });

  it('an unknown extension that is not critical is not a problem', () => {
    assert.deepEqual(one(selfSigned({ cn: 'unknown', notBefore, notAfter, extensions: [extension('1.2.3.4.5', encodeTlv(0x05, new Uint8Array(0)))] })).status, []);
  });

  it('a GeneralizedTime without seconds: listed with its validity, invalid', () => {
    const node = one(selfSigned({ cn: 'no seconds', notBefore: generalizedTime('202001011200Z'), notAfter }));
    assert.deepEqual(node.status, ['invalid']);
    assert.match(node.description, /expires in \d+ days/);
    assert.match(node.tooltip, /GeneralizedTime "202001011200Z" has no seconds/);
  });

  it('the certificate editor shows it too, with an error banner on the validity', () => {
    const der = selfSigned({ cn: 'no seconds', notBefore: generalizedTime('202001011200Z'), notAfter });
    const m = editorModel(decodedView('/w/c.der', der), { node: () => undefined, chain: () => undefined }, { now: new Date(options.now), expiryWarningDays: 30 });
    assert.equal(m.cards[0]!.kind, 'certificate');
    assert.equal(m.cards[0]!.banner?.level, 'error');
    assert.match(m.cards[0]!.banner?.detail ?? '', /no seconds/);
  });

  it('an unreadable time: listed, invalid, its validity said to be unreadable', () => {
    const node = one(selfSigned({ cn: 'garbage time', notBefore, notAfter: generalizedTime('20491231') }));
    assert.deepEqual(node.status, ['invalid']);
    assert.match(node.description, /validity unreadable/);
  });

  it('two defects in one certificate are both said', () => {
    const node = one(selfSigned({ cn: 'both', notBefore: generalizedTime('202001011200Z'), notAfter, extensions: [extension('2.5.29.37', encodeTlv(0x30, new Uint8Array(0)))] }));
    assert.match(node.tooltip, /no seconds/);
    assert.match(node.tooltip, /Extended Key Usage is invalid/);
  });
});
