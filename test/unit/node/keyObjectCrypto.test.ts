/**
 * node/keyObjectCrypto.ts against Node's own WebCrypto, which it stands in for: the same
 * key bytes out of every export, signatures WebCrypto verifies (ECDSA as r || s), WebCrypto's
 * refusals on import (another curve, another key type), and the calls it passes on (verify,
 * HMAC, PBKDF2, AES) working with its keys.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeCrypto from 'node:crypto';
import { keyObjectCrypto } from '../../../server/src/node/keyObjectCrypto';

const fast = keyObjectCrypto(nodeCrypto).subtle;
const web = nodeCrypto.webcrypto.subtle;
const data = new TextEncoder().encode('to be signed');

const kinds = [
  { label: 'ECDSA P-256', gen: { name: 'ECDSA', namedCurve: 'P-256' }, sign: { name: 'ECDSA', hash: 'SHA-256' } },
  { label: 'ECDSA P-384', gen: { name: 'ECDSA', namedCurve: 'P-384' }, sign: { name: 'ECDSA', hash: 'SHA-384' } },
  { label: 'Ed25519', gen: { name: 'Ed25519' }, sign: { name: 'Ed25519' } },
  { label: 'RSA 2048', gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, sign: { name: 'RSASSA-PKCS1-v1_5' } },
] as const;

const bytes = (b: ArrayBuffer): Buffer => Buffer.from(new Uint8Array(b));

describe('keyObjectCrypto: the WebCrypto issuing signs with', () => {
  for (const k of kinds) {
    it(`${k.label}: generated keys export as WebCrypto's would, and WebCrypto verifies the signatures`, async () => {
      const pair = (await fast.generateKey(k.gen as never, true, ['sign', 'verify'])) as nodeCrypto.webcrypto.CryptoKeyPair;
      const pkcs8 = await fast.exportKey('pkcs8', pair.privateKey);
      const spki = await fast.exportKey('spki', pair.publicKey);
      const importAlg = 'hash' in k.gen ? { name: k.gen.name, hash: k.gen.hash } : k.gen;
      // WebCrypto reads both halves and writes the same bytes back.
      const webPriv = await web.importKey('pkcs8', pkcs8, importAlg as never, true, ['sign']);
      const webPub = await web.importKey('spki', spki, importAlg as never, true, ['verify']);
      assert.deepEqual(bytes(await web.exportKey('pkcs8', webPriv)), bytes(pkcs8));
      assert.deepEqual(bytes(await web.exportKey('spki', webPub)), bytes(spki));
      const jwk = await fast.exportKey('jwk', pair.publicKey);
      const webJwk = await web.exportKey('jwk', webPub);
      for (const f of ['kty', 'crv', 'n', 'e', 'x', 'y'] as const) assert.equal(jwk[f], webJwk[f], f);
      // Its signature verifies with WebCrypto (ECDSA: r || s, not DER), and not over other data.
      const sig = await fast.sign(k.sign as never, pair.privateKey, data);
      assert.equal(await web.verify(k.sign as never, webPub, sig, data), true);
      assert.equal(await web.verify(k.sign as never, webPub, sig, new TextEncoder().encode('other')), false);
      // verify gives WebCrypto's verdict on good, altered, cut and garbage signatures.
      const fastPub = await fast.importKey('spki', spki, importAlg as never, true, ['verify']);
      const altered = new Uint8Array(sig.slice(0));
      altered[altered.length >> 1]! ^= 1;
      for (const s of [sig, altered.buffer, sig.slice(0, sig.byteLength - 1), new Uint8Array(sig.byteLength).buffer, new Uint8Array(0).buffer]) {
        const verdict = await web.verify(k.sign as never, webPub, s, data);
        assert.equal(await fast.verify(k.sign as never, fastPub, s, data), verdict);
        assert.equal(await fast.verify(k.sign as never, pair.publicKey, s, data), verdict);
      }
      // A key imported here signs what WebCrypto's import of the same bytes verifies.
      const again = await fast.importKey('pkcs8', pkcs8, importAlg as never, true, ['sign']);
      assert.equal(await web.verify(k.sign as never, webPub, await fast.sign(k.sign as never, again, data), data), true);
    });
  }

  it('RSA signs with the hash bound at import, as WebCrypto does (deterministic: the same bytes)', async () => {
    const pair = (await web.generateKey(kinds[3].gen as never, true, ['sign', 'verify'])) as nodeCrypto.webcrypto.CryptoKeyPair;
    const pkcs8 = await web.exportKey('pkcs8', pair.privateKey);
    for (const hash of ['SHA-256', 'SHA-384']) {
      const w = await web.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
      const f = await fast.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['sign']);
      assert.deepEqual(bytes(await fast.sign('RSASSA-PKCS1-v1_5', f, data)), bytes(await web.sign('RSASSA-PKCS1-v1_5', w, data)), hash);
    }
  });

  it("refuses on import what WebCrypto refuses: another curve, another key type, garbage", async () => {
    const p384 = (await web.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign'])) as nodeCrypto.webcrypto.CryptoKeyPair;
    const ed = (await web.generateKey({ name: 'Ed25519' }, true, ['sign'])) as nodeCrypto.webcrypto.CryptoKeyPair;
    const p384Der = await web.exportKey('pkcs8', p384.privateKey);
    const edDer = await web.exportKey('pkcs8', ed.privateKey);
    for (const [der, alg] of [
      [p384Der, { name: 'ECDSA', namedCurve: 'P-256' }],
      [edDer, { name: 'ECDSA', namedCurve: 'P-256' }],
      [p384Der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }],
      [p384Der, { name: 'Ed25519' }],
      [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]).buffer, { name: 'ECDSA', namedCurve: 'P-256' }],
    ] as const) {
      await assert.rejects(web.importKey('pkcs8', der, alg as never, true, ['sign']), `WebCrypto accepts ${JSON.stringify(alg)}`);
      await assert.rejects(fast.importKey('pkcs8', der, alg as never, true, ['sign']), `accepted ${JSON.stringify(alg)}`);
    }
    // A private key is not exported when it was imported as not extractable.
    const k = await fast.importKey('pkcs8', p384Der, { name: 'ECDSA', namedCurve: 'P-384' }, false, ['sign']);
    await assert.rejects(fast.exportKey('pkcs8', k));
  });

  it('imports an EC SubjectPublicKeyInfo as WebCrypto does: the plain form, a compressed point, a point off the curve, another curve', async () => {
    const p256 = (await web.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])) as nodeCrypto.webcrypto.CryptoKeyPair;
    const p384 = (await web.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign'])) as nodeCrypto.webcrypto.CryptoKeyPair;
    const plain = Buffer.from(await web.exportKey('spki', p256.publicKey));
    const ecdh = nodeCrypto.ECDH.convertKey(plain.subarray(26), 'prime256v1', undefined, undefined, 'compressed') as Buffer;
    const compressedDer = Buffer.concat([Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex'), ecdh]);
    const offCurve = Buffer.from(plain);
    offCurve[offCurve.length - 1]! ^= 1;
    const p256Alg = { name: 'ECDSA', namedCurve: 'P-256' };
    for (const [label, der, alg] of [
      ['plain P-256', plain, p256Alg],
      ['compressed point', compressedDer, p256Alg],
      ['point off the curve', offCurve, p256Alg],
      ['P-384 as P-256', Buffer.from(await web.exportKey('spki', p384.publicKey)), p256Alg],
      ['plain P-384', Buffer.from(await web.exportKey('spki', p384.publicKey)), { name: 'ECDSA', namedCurve: 'P-384' }],
    ] as const) {
      const expected = await web.importKey('spki', der, alg, true, ['verify']).then((k) => web.exportKey('spki', k), () => 'refused');
      const got = await fast.importKey('spki', der, alg, true, ['verify']).then((k) => fast.exportKey('spki', k), () => 'refused');
      assert.deepEqual(typeof got === 'string' ? got : bytes(got), typeof expected === 'string' ? expected : bytes(expected), label);
    }
  });

  it('reads and writes an EC PKCS #8 byte for byte as OpenSSL does: short d, x or y, no public point, a point of another key', async () => {
    for (const [curve, openssl, size] of [['P-256', 'prime256v1', 32], ['P-384', 'secp384r1', 48]] as const) {
      const alg = { name: 'ECDSA', namedCurve: curve };
      const openSslDer = (der: Buffer): Buffer => nodeCrypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'der', type: 'pkcs8' });
      const openSslSpki = (der: Buffer): Buffer => nodeCrypto.createPublicKey(nodeCrypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
      // Keys whose d, x or y starts with a zero byte (one in 256 each), and a few others.
      const picked: Buffer[] = [];
      const want = { d: 0, x: 0, y: 0, other: 0 };
      const ecdh = nodeCrypto.createECDH(openssl);
      const b64 = (b: Buffer): string => b.toString('base64url');
      for (let i = 0; i < 20000 && (want.d < 1 || want.x < 1 || want.y < 1 || want.other < 4); i++) {
        ecdh.generateKeys();
        const d = Buffer.concat([Buffer.alloc(size), ecdh.getPrivateKey()]).subarray(-size);
        const point = ecdh.getPublicKey();
        const [x, y] = [point.subarray(1, 1 + size), point.subarray(1 + size)];
        const zero = d[0] === 0 ? 'd' : x[0] === 0 ? 'x' : y[0] === 0 ? 'y' : 'other';
        if (want[zero]++ >= 4) continue;
        const jwk = { kty: 'EC', crv: curve, d: b64(d), x: b64(x), y: b64(y) };
        picked.push(nodeCrypto.createPrivateKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'pkcs8' }));
      }
      assert.ok(want.d && want.x && want.y, JSON.stringify(want));
      const plain = picked[0]!;
      // The same d without its public point (OpenSSL writes none back), and with the point of another key.
      const d = plain.subarray(plain.length - 2 * size - 1 - 5 - size, plain.length - 2 * size - 1 - 5);
      const inner = Buffer.concat([Buffer.of(0x30, size + 5, 2, 1, 1, 4, size), d]);
      const algStart = plain.indexOf(0x30, 3);
      const algId = plain.subarray(algStart, algStart + 2 + plain[algStart + 1]!);
      const body = Buffer.concat([Buffer.of(2, 1, 0), algId, Buffer.of(4, inner.length), inner]);
      const noPoint = Buffer.concat([Buffer.of(0x30, body.length), body]);
      const otherPoint = Buffer.concat([plain.subarray(0, plain.length - 2 * size), picked[1]!.subarray(picked[1]!.length - 2 * size)]);
      for (const der of [...picked, noPoint, otherPoint]) {
        const key = await fast.importKey('pkcs8', der, alg, true, ['sign']);
        // Read through d, x and y except the form without a point.
        assert.equal((key as unknown as { plainPkcs8: boolean }).plainPkcs8, der !== noPoint);
        assert.deepEqual(bytes(await fast.exportKey('pkcs8', key)), openSslDer(der));
        const pub = nodeCrypto.createPublicKey((key as unknown as { key: nodeCrypto.KeyObject }).key).export({ format: 'der', type: 'spki' });
        assert.deepEqual(pub, openSslSpki(der));
      }
    }
  });

  it('getRandomValues fills integer arrays in place and refuses what WebCrypto refuses', () => {
    const random = keyObjectCrypto(nodeCrypto);
    const a = new Uint8Array(64);
    assert.equal(random.getRandomValues(a), a);
    assert.ok(a.some((x) => x !== 0));
    const b = new BigUint64Array(2);
    assert.equal(random.getRandomValues(b), b);
    assert.throws(() => random.getRandomValues(new Uint8Array(65537)), (e: Error) => e.name === 'QuotaExceededError');
    assert.throws(() => random.getRandomValues(new Float64Array(2) as never), (e: Error) => e.name === 'TypeMismatchError');
  });

  it('passes the rest to WebCrypto: digests agree, HMAC, PBKDF2 and AES work', async () => {
    for (const alg of ['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']) assert.deepEqual(bytes(await fast.digest(alg, data)), bytes(await web.digest(alg, data)), alg);
    const hmac = await fast.importKey('raw', new Uint8Array(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    assert.equal(bytes(await fast.sign('HMAC', hmac, data)).length, 32);
    const base = await fast.importKey('raw', new TextEncoder().encode('pass'), 'PBKDF2', false, ['deriveKey']);
    const aes = await fast.deriveKey({ name: 'PBKDF2', salt: new Uint8Array(8), iterations: 10, hash: 'SHA-256' }, base, { name: 'AES-CBC', length: 256 }, false, ['encrypt', 'decrypt']);
    const iv = new Uint8Array(16);
    const plain = bytes(await fast.decrypt({ name: 'AES-CBC', iv }, aes, await fast.encrypt({ name: 'AES-CBC', iv }, aes, data)));
    assert.deepEqual(plain, Buffer.from(data));
  });
});
