/**
 * The file of signature verdicts kept between sessions (core/pki/verdicts, node/verdictStore):
 * what is written is read back, bounded and in the order given; a file that is torn, corrupt in
 * any byte, of another format or of another verifier reads as no verdicts at all.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeVerdicts, encodeVerdicts, isVerdictKey } from '../../../server/src/core/pki/verdicts';
import { loadVerdicts, saveVerdicts, verdictsFileName } from '../../../server/src/node/verdictStore';
import { nodeVerifier } from '../../../server/src/node/pkiCrypto';

const sha256 = (d: Uint8Array): Uint8Array => createHash('sha256').update(d).digest();
const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const key = fc.tuple(hex64, hex64).map(([a, b]) => `${a}|${b}`);

describe('signature verdicts kept between sessions', () => {
  it('reads back what it wrote: well-formed keys only, each once, the first `max` of them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(key, key, fc.string()), { maxLength: 40 }), fc.integer({ min: 0, max: 50 }), (keys, max) => {
        const wellFormed = [...new Set(keys.filter(isVerdictKey))];
        const read = decodeVerdicts(encodeVerdicts(keys, 'v1', max, sha256), 'v1', sha256);
        assert.deepEqual([...read], wellFormed.slice(0, max));
      }),
    );
    assert.equal(isVerdictKey(`${'A'.repeat(64)}|${'b'.repeat(64)}`), false, 'uppercase is not how the cache writes keys');
  });

  it('reads a file changed in any byte, cut short, made longer, of another format or of another verifier as no verdicts', () => {
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (keys, at, flip) => {
        const file = encodeVerdicts(keys, 'v1', 100, sha256);
        assert.equal(decodeVerdicts(file, 'v1', sha256).size, new Set(keys).size);
        const corrupt = file.slice();
        corrupt[at % file.length] ^= flip;
        assert.equal(decodeVerdicts(corrupt, 'v1', sha256).size, 0, `byte ${at % file.length} changed`);
        assert.equal(decodeVerdicts(file.subarray(0, at % file.length), 'v1', sha256).size, 0, 'cut short');
        assert.equal(decodeVerdicts(new Uint8Array([...file, flip]), 'v1', sha256).size, 0, 'made longer');
        assert.equal(decodeVerdicts(file, 'v2', sha256).size, 0, 'another verifier');
        const otherFormat = file.slice();
        otherFormat[4] = 2;
        assert.equal(decodeVerdicts(otherFormat, 'v1', sha256).size, 0, 'another format');
      }),
    );
    assert.equal(decodeVerdicts(new Uint8Array(), 'v1', sha256).size, 0);
  });

  it('keeps the file in the client storage folder, replaced whole; a missing, corrupt or foreign file gives none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-verdicts-'));
    try {
      const store = join(dir, 'storage', 'nested');
      assert.equal((await loadVerdicts(store)).size, 0, 'no folder yet');
      const keys = fc.sample(key, 30);
      await saveVerdicts(store, keys);
      assert.deepEqual([...(await loadVerdicts(store))], [...new Set(keys)]);
      assert.equal((await loadVerdicts(store, `${nodeVerifier()} other`)).size, 0, 'another verifier');
      const file = join(store, verdictsFileName);
      const bytes = readFileSync(file);
      bytes[bytes.length - 40] ^= 1;
      writeFileSync(file, bytes);
      assert.equal((await loadVerdicts(store)).size, 0, 'a corrupt file');
      await saveVerdicts(store, keys.slice(0, 3));
      assert.equal((await loadVerdicts(store)).size, new Set(keys.slice(0, 3)).size, 'replaced whole');
      rmSync(file);
      mkdirSync(file);
      assert.equal((await loadVerdicts(store)).size, 0, 'a folder where the file should be');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
