/**
 * The batch file system of `certwright lint`: one read per file whoever asks (the
 * linter, a folder's key index), the reader's own bounds kept, memory bounded.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FileSystem } from '../../../server/src/core/environment';
import { batchFileSystem } from '../../../server/src/node/batchFileSystem';
import { nodeFileSystem } from '../../../server/src/node/nodeEnvironment';

function counting(): { fs: FileSystem; reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    fs: {
      ...nodeFileSystem,
      readBoundedSync: (p, limit) => {
        reads.push(p);
        return nodeFileSystem.readBoundedSync(p, limit);
      },
    },
  };
}

test('each file is read once, whichever reader asks first; bytes are the file\'s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-batchfs-'));
  try {
    const a = join(dir, 'a.pem');
    writeFileSync(a, 'hello');
    const { fs, reads } = counting();
    const batch = batchFileSystem(fs);
    assert.equal(new TextDecoder().decode(await batch.readFile(a)), 'hello');
    const r = batch.readBoundedSync(a, 50_000_000);
    assert.ok(r.ok && new TextDecoder().decode(r.bytes) === 'hello');
    assert.ok((await batch.readBounded(a)).ok);
    assert.equal(new TextDecoder().decode(batch.readFileSync(a)), 'hello');
    assert.deepEqual(reads, [a]);
    // A limit smaller than the kept file is refused as the bounded reader refuses it.
    const small = batch.readBoundedSync(a, 3);
    assert.ok(!small.ok && small.refusal === 'too-large', JSON.stringify(small));
    // Refusals are not kept: a missing file that appears later is read then.
    const b = join(dir, 'b.pem');
    assert.equal(await batch.readFile(b), undefined);
    writeFileSync(b, 'x');
    assert.ok(batch.readBoundedSync(b).ok);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('beyond the budget files are read again rather than kept', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-batchfs-'));
  try {
    const big = join(dir, 'big.pem');
    writeFileSync(big, 'y'.repeat(1000));
    const { fs, reads } = counting();
    const batch = batchFileSystem(fs, 999);
    assert.ok(batch.readBoundedSync(big).ok);
    assert.ok(batch.readBoundedSync(big).ok);
    assert.equal(reads.length, 2);
    // A file over the per-file size is not kept either, whatever the budget (a large configuration is read once).
    const { fs: fs2, reads: reads2 } = counting();
    const sized = batchFileSystem(fs2, 1 << 20, 999);
    assert.ok(sized.readBoundedSync(big).ok);
    assert.ok(sized.readBoundedSync(big).ok);
    assert.equal(reads2.length, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
