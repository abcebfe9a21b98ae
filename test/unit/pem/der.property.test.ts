/**
 * Properties of the one DER reader and of the lazy field mode (issue #11 points 2 and 5), on
 * arbitrary bytes and on mutations of generated certificates:
 * - the reader throws nothing but DerError and is bounded (a walk of every TLV visits at most
 *   one node per two bytes and never leaves its parent);
 * - times agree with Date.parse of the same instant written as ISO 8601 (years 0001–0099 too);
 * - the tree's lazy fields and the hover's full view give one verdict: both read or both fail,
 *   and every field both have is equal.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeDer, readCertificateFields } from '../../../server/src/core/pem/decode';
import { DerError, encodeTlv, isoTime, readTimeValue, readTlv, type Tlv } from '../../../server/src/core/pem/der';
import type { CertificateView } from '../../../server/src/core/pem/types';
import { decodeFileBytes } from '../../../server/src/core/pki/files';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { basicConstraintsCa, extension, generalizedTime, newKey, selfSigned, utcTime } from '../../support/derCertificate';

/** Walks every TLV, descending into constructed ones; returns the number of nodes. */
function walk(buf: Uint8Array): number {
  let nodes = 0;
  const stack: Array<[number, number]> = [[0, buf.length]];
  while (stack.length) {
    const [start, end] = stack.pop()!;
    let p = start;
    while (p < end) {
      const t: Tlv = readTlv(buf, p, end);
      assert.ok(t.start === p && t.valueStart > p && t.valueStart <= t.end && t.end <= end, 'a node stays inside its parent');
      nodes++;
      if (t.tag & 0x20) stack.push([t.valueStart, t.end]);
      p = t.end;
    }
  }
  return nodes;
}

const onlyDerErrors = (f: () => unknown): void => {
  try {
    f();
  } catch (err) {
    if (!(err instanceof DerError)) throw err;
    assert.ok(err.offset >= 0);
  }
};

const key = newKey();
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const san = extension('2.5.29.17', encodeTlv(0x30, new Uint8Array([...encodeTlv(0x82, ascii('a.example')), ...encodeTlv(0x87, new Uint8Array([10, 0, 0, 1]))])));
const seeds = [
  selfSigned({ cn: 'ca', notBefore: utcTime('200101000000Z'), notAfter: generalizedTime('20991231235959Z'), extensions: [basicConstraintsCa(), san] }, key),
  selfSigned({ cn: 'no seconds', notBefore: generalizedTime('202001011200Z'), notAfter: utcTime('491231235959Z'), extensions: [extension('1.2.3.4', encodeTlv(0x05, new Uint8Array(0)), true)] }, key),
  selfSigned({ cn: 'early', notBefore: generalizedTime('00050101000000Z'), notAfter: generalizedTime('00991231235959Z'), extensions: [extension('2.5.29.15', encodeTlv(0x03, new Uint8Array([7, 0x80])), true)] }, key),
];

function mutate(input: Uint8Array, ops: ReadonlyArray<{ at: number; value: number; op: 0 | 1 | 2 }>): Uint8Array {
  let b = input.slice();
  for (const { at, value, op } of ops) {
    const i = b.length ? at % b.length : 0;
    if (op === 0 && b.length) b[i] = value;
    else if (op === 1) b = b.slice(0, i);
    else b = new Uint8Array([...b.subarray(0, i), value, ...b.subarray(i)]);
  }
  return b;
}

const sha256 = (d: Uint8Array): Uint8Array => createHash('sha256').update(d).digest();

/** One verdict: the lazy fields read exactly when the full view does, and agree with it. */
function assertOneVerdict(der: Uint8Array): void {
  const full = decodeDer(der, 'certificate');
  let lazy: ReturnType<typeof readCertificateFields> | undefined;
  onlyDerErrors(() => (lazy = readCertificateFields(der, sha256)));
  assert.equal(!!lazy, full.ok, `lazy ${lazy ? 'read' : 'failed'}, full ${full.ok ? 'read' : full.message}`);
  if (!lazy || !full.ok) return;
  const v = full.view as CertificateView;
  assert.equal(lazy.serial, v.serial);
  assert.equal(lazy.version, v.version);
  // The view shows a fraction of a second as written; both count to the second, as OpenSSL does.
  const toSecond = (shown: string): string => shown.replace(/\.\d+Z$/, 'Z');
  assert.equal(lazy.notBefore === undefined ? '' : isoTime(lazy.notBefore), toSecond(v.notBefore));
  assert.equal(lazy.notAfter === undefined ? '' : isoTime(lazy.notAfter), toSecond(v.notAfter));
  assert.equal(lazy.validityError, v.validityError);
  assert.deepEqual(lazy.subject, v.subject.rdns);
  assert.deepEqual(lazy.issuer, v.issuer.rdns);
  assert.deepEqual(lazy.publicKey, v.publicKey);
  assert.deepEqual(lazy.subjectAltNames, v.subjectAltNames);
  assert.deepEqual(lazy.basicConstraints, v.basicConstraints);
  assert.deepEqual(lazy.keyUsage, v.keyUsage);
  assert.deepEqual(lazy.extendedKeyUsage, v.extendedKeyUsage);
  assert.equal(lazy.subjectKeyIdentifier, v.subjectKeyIdentifier);
  assert.equal(lazy.authorityKeyIdentifier, v.authorityKeyIdentifier?.keyIdentifier);
  assert.deepEqual(lazy.extensions, v.extensions);
  assert.equal(lazy.signatureAlgorithm.oid, v.signatureAlgorithm.oid);
}

describe('the DER reader and the lazy field mode (fast-check)', () => {
  it('the reader throws only DerError on arbitrary bytes and visits at most one node per two bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        let nodes = 0;
        onlyDerErrors(() => (nodes = walk(bytes)));
        assert.ok(nodes <= bytes.length / 2 + 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('16,000 nested SEQUENCEs are walked in linear work, one node each', () => {
    // 16,000 nested SEQUENCEs with two-octet lengths: 64,000 bytes.
    const depth = 16_000;
    const b = new Uint8Array(depth * 4);
    for (let i = 0; i < depth; i++) {
      const remaining = b.length - (i + 1) * 4;
      b.set([0x30, 0x82, remaining >> 8, remaining & 0xff], i * 4);
    }
    let nodes = 0;
    onlyDerErrors(() => (nodes = walk(b)));
    assert.equal(nodes, depth);
  });

  it('times agree with Date.parse of the same instant; malformed ones throw DerError or carry a problem', () => {
    const two = (n: number): string => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        (y, mo, d, h, mi, s) => {
          const iso = `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`;
          const expected = Date.parse(iso);
          const node = generalizedTime(`${String(y).padStart(4, '0')}${two(mo)}${two(d)}${two(h)}${two(mi)}${two(s)}Z`);
          const real = new Date(expected);
          if (Number.isNaN(expected) || real.getUTCDate() !== d) {
            // 31 April and friends: not a date.
            assert.throws(() => readTimeValue(node, readTlv(node, 0)), DerError);
            return;
          }
          const t = readTimeValue(node, readTlv(node, 0));
          assert.equal(t.ms, expected, iso);
          assert.equal(t.problem, undefined);
        },
      ),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.constantFrom(0x17, 0x18), fc.uint8Array({ maxLength: 24 }), (tag, content) => {
        const node = encodeTlv(tag, content);
        onlyDerErrors(() => {
          const t = readTimeValue(node, readTlv(node, 0));
          assert.ok(Number.isFinite(t.ms));
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('the lazy fields and the full view give one verdict on mutated certificates', () => {
    for (const s of seeds) assertOneVerdict(s);
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), op: fc.constantFrom(0 as const, 1 as const, 2 as const) }), { minLength: 1, maxLength: 3 }), (seed, ops) => {
        assertOneVerdict(mutate(seeds[seed % seeds.length]!, ops));
      }),
      { numRuns: 3000 },
    );
  });

  it('the Certificates view never throws on arbitrary or mutated file bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 2048 }), fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, at, v]) => mutate(seeds[s % seeds.length]!, [{ at, value: v, op: 0 }]))), (bytes) => {
        const items = decodeFileBytes('/w/x.der', bytes, nodePkiCrypto);
        assert.ok(items.length <= 1);
        for (const i of items) assert.ok(['certificate', 'crl', 'csr', 'key', 'pkcs12', 'error'].includes(i.kind));
      }),
      { numRuns: 1500 },
    );
  });
});
