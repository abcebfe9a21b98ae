/**
 * The one bounded reader (nodeFileSystem.readBounded / readBoundedSync) on
 * hostile paths: a FIFO with no writer, /dev/zero directly and behind a
 * symlink, a character device, a directory, a file over the cap. Each read
 * must return at once with a refusal that says why; a regular file, a file
 * behind a symlink and a procfs file (size 0, content) are read. A FIFO read
 * that blocked would hang the test past its timeout, which fails it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeFileSystem } from '../../../server/src/node/nodeEnvironment';
import { memoryFileSystem, type BoundedRead } from '../../../server/src/core/environment';
import { hostileTree } from '../../support/hostileTree';

const timeout = 20_000;

function refusal(r: BoundedRead): string {
  return r.ok ? `ok (${r.bytes.length} bytes)` : r.refusal;
}

test('hostile paths are refused at once, sync and async, with the reason', { timeout }, async () => {
  const t = hostileTree();
  try {
    const cases: Array<[string, string, RegExp]> = [
      [t.fifo('pipe.cnf'), 'not-regular', /named pipe \(FIFO\)/],
      [t.link('pipe-link.cnf', t.path('pipe.cnf')), 'not-regular', /named pipe \(FIFO\)/],
      ['/dev/zero', 'not-regular', /character device/],
      [t.link('zero.der', '/dev/zero'), 'not-regular', /character device/],
      ['/dev/null', 'not-regular', /character device/],
      [t.path('.'), 'not-regular', /directory/],
      [t.write('big.pem', new Uint8Array(1025)), 'too-large', /larger than/],
      [t.path('missing.cnf'), 'missing', /does not exist/],
      [t.link('dangling.cnf', t.path('nowhere')), 'missing', /does not exist/],
    ];
    for (const [path, expected, words] of cases) {
      const sync = nodeFileSystem.readBoundedSync(path, 1024);
      const async = await nodeFileSystem.readBounded(path, 1024);
      assert.equal(refusal(sync), expected, path);
      assert.equal(refusal(async), expected, path);
      assert.match(sync.ok ? '' : sync.detail, words, path);
      assert.deepEqual(async, sync, path);
      // readFile / readFileSync go through the same reader (with the default limit).
      if (expected !== 'too-large') {
        assert.equal(nodeFileSystem.readFileSync(path), undefined, path);
        assert.equal(await nodeFileSystem.readFile(path), undefined, path);
      }
    }
  } finally {
    t.cleanup();
  }
});

test('regular files, symlinked files and procfs files are read whole', { timeout }, async () => {
  const t = hostileTree();
  try {
    const body = 'x'.repeat(200_000);
    const real = t.write('real.cnf', body);
    const linked = t.link('linked.cnf', real);
    for (const p of [real, linked]) {
      const r = nodeFileSystem.readBoundedSync(p);
      assert.ok(r.ok);
      assert.equal(Buffer.from(r.bytes).toString(), body);
      const a = await nodeFileSystem.readBounded(p);
      assert.ok(a.ok);
      assert.equal(a.bytes.length, body.length);
    }
    // Each read is sized to the file (plus one byte that tells a file that grew): every size reads whole.
    for (const size of [0, 1, 636, 4095, 4096, 65_535, 65_536, 65_537, 131_073]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 7 + size) & 0xff);
      const p = t.write(`size-${size}.der`, bytes);
      const r = nodeFileSystem.readBoundedSync(p);
      const a = await nodeFileSystem.readBounded(p);
      assert.ok(r.ok && a.ok, `${size} bytes`);
      assert.deepEqual(new Uint8Array(r.bytes), bytes, `${size} bytes, sync`);
      assert.deepEqual(new Uint8Array(a.bytes), bytes, `${size} bytes, async`);
      if (size > 0) assert.equal(refusal(nodeFileSystem.readBoundedSync(p, size - 1)), 'too-large', `${size} bytes, limit one less`);
    }
    // Exactly at the limit is accepted, one byte over is not.
    assert.ok(nodeFileSystem.readBoundedSync(real, body.length).ok);
    assert.equal(refusal(nodeFileSystem.readBoundedSync(real, body.length - 1)), 'too-large');
    // procfs reports size 0 but has content: read in chunks, still bounded.
    const status = nodeFileSystem.readBoundedSync('/proc/self/status');
    assert.ok(status.ok);
    assert.match(Buffer.from(status.bytes).toString(), /^Name:/);
    assert.equal(refusal(nodeFileSystem.readBoundedSync('/proc/self/status', 10)), 'too-large');
  } finally {
    t.cleanup();
  }
});

test('the in-memory file system applies the same bounds', () => {
  const fs = memoryFileSystem({ '/a/x.cnf': 'abc', '/a/b/y.cnf': '' });
  assert.equal(refusal(fs.readBoundedSync('/a/x.cnf')), 'ok (3 bytes)');
  assert.equal(refusal(fs.readBoundedSync('/a/x.cnf', 2)), 'too-large');
  assert.equal(refusal(fs.readBoundedSync('/a/b')), 'not-regular');
  assert.equal(refusal(fs.readBoundedSync('/nope')), 'missing');
});
