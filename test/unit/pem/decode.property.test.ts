import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeBase64,
  decodeDer,
  decodeFile,
  decodePemText,
  detectAndDecodeDer,
  encodeBase64,
  findPemBlocks,
  renderText,
  sha1,
  sha256,
  type Decoded,
} from '../../../server/src/core/pem';
import { OpenSsl } from './openssl';

/** Valid objects made by openssl once, then mutated by fast-check. */
const seeds: Uint8Array[] = [];
before(() => {
  const o = new OpenSsl();
  try {
    const ca = o.ca({ key: o.key('rsa:2048') });
    const leaf = o.leaf(ca, { ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', 'subjectAltName=DNS:a,IP:1.2.3.4,email:x@y,URI:u:v', 'authorityKeyIdentifier=keyid,issuer', 'crlDistributionPoints=URI:http://x/y.crl', '1.2.3.4=ASN1:UTF8String:zz'] });
    const ed = o.ca({ key: o.key('ed25519') });
    for (const f of [ca.cert, leaf.cert, ed.cert, leaf.key, ca.key, leaf.cert.replace('.crt', '.csr')]) {
      const r = decodeBase64(findPemBlocks(o.read(f))[0]!.base64);
      assert.ok(r.ok);
      seeds.push(r.bytes);
    }
  } finally {
    o.dispose();
  }
});

const kinds = ['certificate', 'csr', 'crl', 'privateKey', 'publicKey', 'pkcs7', 'unknown'] as const;

/** A decode result must be a plain, serialisable value that survives JSON. */
function assertWellFormed(d: Decoded): void {
  assert.equal(typeof d.ok, 'boolean');
  if (!d.ok) assert.ok(d.message.length > 0);
  else assert.deepEqual(JSON.parse(JSON.stringify(d)), d);
  assert.equal(typeof renderText(d), 'string');
}

const mutation = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
);

interface Mutation {
  readonly op: string;
  readonly at: number;
  readonly bits?: number;
  readonly bytes?: Uint8Array;
  readonly n?: number;
}

function mutate(input: Uint8Array, ops: readonly Mutation[]): Uint8Array {
  let b = input.slice();
  for (const m of ops) {
    const at = b.length ? m.at % b.length : 0;
    if (m.op === 'flip' && b.length) b[at]! ^= m.bits!;
    else if (m.op === 'truncate') b = b.slice(0, at);
    else if (m.op === 'insert') b = new Uint8Array([...b.subarray(0, at), ...m.bytes!, ...b.subarray(at)]);
    else if (m.op === 'delete') b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + m.n!)]);
  }
  return b;
}

describe('decoder properties (fast-check)', () => {
  it('random bytes never throw, for every kind', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.constantFrom(...kinds), (bytes, kind) => {
        assertWellFormed(decodeDer(bytes, kind));
        assertWellFormed(detectAndDecodeDer(bytes));
        const f = decodeFile(bytes);
        assert.ok(['pem', 'der', 'none'].includes(f.format));
      }),
      { numRuns: 1500 },
    );
  });

  it('mutated certificates, keys and CSRs never throw and stay serialisable', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.constantFrom(...kinds), (seed, ops, kind) => {
        const input = mutate(seeds[seed % seeds.length]!, ops);
        assertWellFormed(decodeDer(input, kind));
        assertWellFormed(detectAndDecodeDer(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('random DER-shaped nesting (valid TLVs with random tags) never throws', () => {
    const tlv: fc.Arbitrary<Uint8Array> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.tuple(fc.integer({ min: 0, max: 0x1e }), fc.uint8Array({ maxLength: 40 })).map(([t, c]) => enc(t, c)),
        fc.tuple(fc.constantFrom(0x30, 0x31, 0xa0, 0xa1, 0xa3, 0x04, 0x03), fc.array(tie('node') as fc.Arbitrary<Uint8Array>, { maxLength: 5 })).map(([t, kids]) => enc(t, concat(t === 0x03 ? [new Uint8Array([0]), ...kids] : kids))),
      ),
    })).node;
    fc.assert(
      fc.property(tlv, fc.constantFrom(...kinds), (der, kind) => {
        assertWellFormed(decodeDer(enc(0x30, concat([der, der, enc(0x03, new Uint8Array([0, 1]))])), kind));
        assertWellFormed(decodeDer(der, kind));
      }),
      { numRuns: 1500 },
    );
  });

  it('findPemBlocks on random text with markers: ordered, in range, non-overlapping', () => {
    const piece = fc.oneof(
      fc.constantFrom('-----BEGIN CERTIFICATE-----', '-----END CERTIFICATE-----', '-----BEGIN RSA PRIVATE KEY-----', '-----END PRIVATE KEY-----', '\n', '\\n', 'Proc-Type: 4,ENCRYPTED\n', '    ', '"', '=', '-----'),
      fc.string({ maxLength: 30 }),
      fc.base64String({ maxLength: 80 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const blocks = findPemBlocks(text);
        let last = -1;
        blocks.forEach((b, i) => {
          assert.equal(b.index, i);
          assert.ok(b.start > last && b.start < b.end && b.end <= text.length, JSON.stringify({ b, text }));
          assert.ok(text.startsWith('-----BEGIN ', b.start));
          if (b.problem) assert.ok(b.problem.start >= 0 && b.problem.end <= text.length && b.problem.start <= b.problem.end);
          last = b.end - 1;
        });
        for (const d of decodePemText(text)) assertWellFormed(d.decoded);
      }),
      { numRuns: 2000 },
    );
  });

  it('base64 and hashes agree with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const b64 = Buffer.from(bytes).toString('base64');
        assert.equal(encodeBase64(bytes), b64);
        const r = decodeBase64(b64);
        assert.ok(r.ok);
        assert.deepEqual(Buffer.from(r.bytes), Buffer.from(bytes));
        assert.equal(Buffer.from(sha256(bytes)).toString('hex'), createHash('sha256').update(bytes).digest('hex'));
        assert.equal(Buffer.from(sha1(bytes)).toString('hex'), createHash('sha1').update(bytes).digest('hex'));
      }),
      { numRuns: 500 },
    );
  });
});

function enc(tag: number, content: Uint8Array): Uint8Array {
  const len = content.length < 128 ? [content.length] : content.length < 256 ? [0x81, content.length] : [0x82, content.length >> 8, content.length & 0xff];
  return new Uint8Array([tag, ...len, ...content]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(parts.flatMap((p) => [...p]));
}
