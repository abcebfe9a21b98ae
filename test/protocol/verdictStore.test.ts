/**
 * The built server keeps the Certificates view's positive signature verdicts in the folder the
 * client gives (initializationOptions.storagePath): after a scan of an openssl-made PKI the file
 * holds only pairs of objects of that workspace, and a server started on a corrupt file answers
 * the same tree as one started on a good file.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startClient } from './lspClient';
import { makeTestPki, type TestPki } from '../unit/pki/openssl';
import type { ListCertificatesResult, PkiNode } from '../../server/src/protocol/inspect';
import { decodeVerdicts } from '../../server/src/core/pki/verdicts';
import { verdictsFileName } from '../../server/src/node/verdictStore';
import { nodeVerifier } from '../../server/src/node/pkiCrypto';

const sha256 = (d: Uint8Array): Uint8Array => createHash('sha256').update(d).digest();

async function tree(storagePath: string, root: string): Promise<ListCertificatesResult> {
  const client = await startClient({ rootPath: root, initializationOptions: { storagePath } });
  try {
    const t = await client.request<ListCertificatesResult>('certwright/listCertificates', {});
    // The server saves a few seconds after its last grouping: wait for the file (bounded), not for a time.
    for (let waited = 0; !existsSync(join(storagePath, verdictsFileName)) && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    return t;
  } finally {
    await client.shutdown();
  }
}

function ids(nodes: readonly PkiNode[], out: Set<string> = new Set()): Set<string> {
  for (const n of nodes) {
    if (n.sha256) out.add(n.sha256.replace(/:/g, '').toLowerCase());
    ids(n.children, out);
  }
  return out;
}

describe('signature verdicts kept between sessions (built server)', () => {
  let pki: TestPki;
  let storage: string;
  before(() => {
    pki = makeTestPki();
    storage = mkdtempSync(join(tmpdir(), 'cw-storage-'));
  });
  after(() => {
    pki?.cleanup();
    rmSync(storage, { recursive: true, force: true });
  });

  it('saves verdicts of this workspace only, and a corrupt file changes nothing the view shows', async () => {
    const first = await tree(storage, pki.dir);
    const file = join(storage, verdictsFileName);
    assert.ok(existsSync(file), 'the verdicts are saved in the storage folder');
    const keys = decodeVerdicts(readFileSync(file), nodeVerifier(), sha256);
    assert.ok(keys.size >= 5, `${keys.size} verdicts`);
    const signed = ids(first.roots);
    for (const k of keys) assert.ok(signed.has(k.slice(0, 64)), `${k.slice(0, 16)}… is an object of this workspace`);
    const second = await tree(storage, pki.dir);
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 0x20;
    writeFileSync(file, bytes);
    const third = await tree(storage, pki.dir);
    const view = (t: ListCertificatesResult): unknown => JSON.parse(JSON.stringify(t.roots));
    assert.deepEqual(view(second), view(first), 'the same tree with the verdicts of the first session');
    assert.deepEqual(view(third), view(first), 'the same tree with a corrupt file');
  });
});
