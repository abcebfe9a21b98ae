/**
 * The certificate editor's model from the built server (`certwright/decodeFile`
 * with `editor: true`) on a workspace made by the real openssl CLI: a leaf with its
 * chain through the workspace (files relative to the folder), a revoked leaf, a
 * PKCS#12 locked, then decrypted with its password into certificate and key cards
 * (no key material), and a wrong password keeping the readable parts on screen.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startClient, fileUri, type TestClient } from './lspClient';
import { makeTestPki, p12Password, type TestPki } from '../unit/pki/openssl';
import type { DecodeFileResult } from '../../server/src/protocol/inspect';

describe('certificate editor model (built server, openssl-generated workspace)', () => {
  let pki: TestPki;
  let client: TestClient;
  before(async () => {
    pki = makeTestPki();
    client = await startClient({ rootPath: pki.dir });
  });
  after(async () => {
    await client?.shutdown();
    pki?.cleanup();
  });

  const open = (name: string, password?: string) => client.request<DecodeFileResult>('certwright/decodeFile', { uri: fileUri(pki.path(name)), editor: true, password, showInTree: false });

  it('a leaf: valid, its chain through the workspace with files relative to the folder', async () => {
    const r = await open('server.crt');
    const card = r.editor!.cards[0]!;
    assert.equal(card.banner?.level, 'valid');
    assert.deepEqual(card.chain.map((l) => l.current), [true, false, false]);
    assert.deepEqual(card.chain.slice(1).map((l) => l.file), ['inter.crt', 'root.crt']);
    assert.ok(card.chain.every((l) => l.path?.startsWith(pki.dir)), 'links keep the full path');
  });

  it('a leaf in its issuer\'s CRL is revoked', async () => {
    assert.equal((await open('revoked.crt')).editor!.cards[0]!.banner?.level, 'revoked');
  });

  it('a PKCS#12: locked without its password, certificate and key cards with it, the readable parts after a wrong one', async () => {
    const locked = await open('node.p12');
    assert.ok(locked.editor!.locked);
    const unlocked = await open('node.p12', p12Password);
    assert.equal(unlocked.editor!.locked, undefined);
    assert.deepEqual(unlocked.editor!.cards.map((c) => c.kind).sort(), ['certificate', 'certificate', 'key']);
    const text = JSON.stringify(unlocked);
    assert.doesNotMatch(text, /PRIVATE KEY-----/, 'never key material');
    const wrong = await open('node.p12', 'not-the-password');
    assert.match(wrong.editor!.locked?.message ?? '', /wrong password/);
    assert.equal(wrong.editor!.cards.length, locked.editor!.cards.length, 'what is readable without the password stays');
    assert.ok(!client.stderr().includes(p12Password), 'the password never reaches the logs');
  });
});
