/**
 * The text the DER reader and the fingerprints make (core/pem/der asciiOrUndefined, core/pem/hash
 * toHex and toColonHex, core/pki/tree colonHex) equals Node's own encoders on arbitrary bytes and
 * ranges, also past the one-call chunk of the ASCII path.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { asciiOrUndefined } from '../../../server/src/core/pem/der';
import { toColonHex, toHex } from '../../../server/src/core/pem/hash';
import { colonHex } from '../../../server/src/core/pki/tree';

/** Bytes with a start and end inside them. */
const ranged = (bytes: fc.Arbitrary<Uint8Array>) =>
  bytes.chain((b) => fc.tuple(fc.constant(b), fc.nat(b.length), fc.nat(b.length)).map(([buf, x, y]) => ({ buf, start: Math.min(x, y), end: Math.max(x, y) })));

describe('text made from bytes', () => {
  it('toHex and toColonHex equal Buffer hex of the range', () => {
    fc.assert(fc.property(ranged(fc.uint8Array({ maxLength: 300 })), ({ buf, start, end }) => {
      const hex = Buffer.from(buf.subarray(start, end)).toString('hex');
      assert.equal(toHex(buf, start, end), hex);
      assert.equal(toColonHex(buf, start, end), (hex.toUpperCase().match(/../g) ?? []).join(':'));
      assert.equal(colonHex(hex), toColonHex(buf, start, end));
    }));
    assert.equal(toHex(new Uint8Array([0, 15, 255])), '000fff');
    // An odd-length text (a serial as a CA database may hold it) keeps its last character.
    assert.equal(colonHex('abcde'), 'AB:CD:E');
    assert.equal(colonHex('1'), '1');
    assert.equal(colonHex(''), '');
  });

  it('asciiOrUndefined is the Latin-1 text of ASCII bytes and undefined when a byte is 0x80 or more', () => {
    const ascii = fc.uint8Array({ max: 0x7f, maxLength: 10_000 });
    fc.assert(fc.property(ranged(ascii), ({ buf, start, end }) => {
      assert.equal(asciiOrUndefined(buf, start, end), Buffer.from(buf.subarray(start, end)).toString('latin1'));
    }), { numRuns: 50 });
    fc.assert(fc.property(ranged(fc.uint8Array({ maxLength: 200 })), ({ buf, start, end }) => {
      const high = buf.subarray(start, end).some((b) => b >= 0x80);
      assert.equal(asciiOrUndefined(buf, start, end) === undefined, high);
    }));
    const long = new Uint8Array(9_000).fill(0x41);
    long[8_999] = 0x42;
    assert.equal(asciiOrUndefined(long, 0, long.length), `${'A'.repeat(8_999)}B`);
  });
});
