/**
 * Heavy decoding off the event loop: the PKCS#12 work budget (every key
 * derivation of one file counted together), decryption in the decode worker
 * giving the same bags as inline, cancellation terminating a running job, and
 * the decoded view of a large CRL built in the worker and bounded in size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptPkcs12, Pkcs12Error } from '../../../server/src/core/pki/pkcs12';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { decryptPkcs12OffThread, JobCancelled, runDecodeJob } from '../../../server/src/node/offThread';
import { maxViewChars } from '../../../server/src/node/decodedView';
import { unpackFile } from '../../../server/src/node/itemTransfer';
import { heavyPassword, makePkcs12 } from '../../support/heavyPkcs12';
import { makeBigCrl } from '../../support/bigCrl';

test('the work budget counts every derivation of a file together', { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-p12-budget-'));
  try {
    // Legacy 3DES at 2,048: MAC 2,048 + certificates 2 × 2,048 + key 2 × 2,048 = 10,240 rounds.
    const der = new Uint8Array(readFileSync(makePkcs12(dir, 'small', 2048)));
    const whole = decryptPkcs12(der, heavyPassword, nodePkiCrypto, 10_240);
    assert.equal(whole.bags.length, 2);
    assert.throws(
      () => decryptPkcs12(der, heavyPassword, nodePkiCrypto, 10_239),
      (err: unknown) => err instanceof Pkcs12Error && err.reason === 'unsupported' && /more than 10,239 key-derivation rounds/.test(err.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('decryption in the worker gives the bags inline decryption gives; a wrong password is a Pkcs12Error', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-p12-worker-'));
  try {
    const der = new Uint8Array(readFileSync(makePkcs12(dir, 'w', 2048)));
    const inline = decryptPkcs12(der, heavyPassword, nodePkiCrypto);
    const off = await decryptPkcs12OffThread(der, heavyPassword);
    assert.deepEqual(off.bags.map((b) => [b.type, b.friendlyName, b.der?.length, b.pkcs8?.length]), inline.bags.map((b) => [b.type, b.friendlyName, b.der?.length, b.pkcs8?.length]));
    await assert.rejects(decryptPkcs12OffThread(der, 'wrong'), (err: unknown) => err instanceof Pkcs12Error && err.reason === 'wrongPassword');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cancelled job stops at once (its worker is terminated)', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-p12-cancel-'));
  try {
    // 200,000 legacy rounds × 5: seconds of work.
    const der = new Uint8Array(readFileSync(makePkcs12(dir, 'heavy', 200_000)));
    let listener: (() => void) | undefined;
    const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => ((listener = l), { dispose: () => undefined }) };
    const started = performance.now();
    const job = decryptPkcs12OffThread(der, heavyPassword, token);
    setTimeout(() => {
      token.isCancellationRequested = true;
      listener?.();
    }, 200);
    await assert.rejects(job, JobCancelled);
    const ms = performance.now() - started;
    console.log(`cancelled a ${der.length}-byte legacy PKCS#12 decode after ${ms.toFixed(0)} ms`);
    await assert.rejects(runDecodeJob({ kind: 'pkcs12', data: der, password: 'x' }, { isCancellationRequested: true, onCancellationRequested: () => ({ dispose: () => undefined }) }), JobCancelled);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the decoded view of a 100,000-entry CRL is built in the worker and stops at its size bound', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-bigcrl-'));
  try {
    const path = makeBigCrl(dir, 100_000);
    const r = await runDecodeJob({ kind: 'view', path, data: new Uint8Array(readFileSync(path)) });
    assert.equal(r.kind, 'view');
    if (r.kind !== 'view') return;
    assert.equal(r.view.format, 'pem'); // openssl ca -gencrl writes PEM
    assert.ok(r.view.text.length <= maxViewChars + 300, String(r.view.text.length));
    assert.match(r.view.text, /more lines not shown[\s\S]*openssl crl -text -noout -in big\.crl/);
    const bytes = new Uint8Array(readFileSync(path));
    const items = await runDecodeJob({ kind: 'items', path, data: bytes }, undefined, { transfer: true });
    assert.equal(bytes.byteLength, 0, 'the 5 MB were moved to the worker, not copied');
    assert.equal(items.kind, 'items');
    if (items.kind !== 'items') return;
    const [crl] = unpackFile(path, items.file).items;
    assert.equal(crl?.kind === 'crl' ? crl.crl.revoked.length : -1, 100_000);
    // The DER came back moved, with its signed part and signature as views of it (one buffer, not three copies).
    assert.ok(crl?.kind === 'crl' && crl.crl.der.byteLength > 3_000_000 && crl.crl.tbs.buffer === crl.crl.der.buffer && crl.crl.signature.buffer === crl.crl.der.buffer);
    assert.deepEqual(crl?.kind === 'crl' ? crl.crl.revoked.at(99_999) : undefined, { serial: (0x100000 + 99_999).toString(16), date: Date.UTC(2024, 0, 1), reason: 'keyCompromise' });
    assert.deepEqual(crl?.kind === 'crl' ? crl.crl.revoked.positionsOf((0x100000 + 99_999).toString(16)) : undefined, [99_999], 'the serial order came sorted from the worker');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bytes that share a buffer (Node\'s pool) are copied to the worker even when the caller gives them up', { timeout: 60_000 }, async () => {
  const pooled = Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
  const neighbour = Buffer.from('still here');
  const r = await runDecodeJob({ kind: 'items', path: '/w/x.pem', data: pooled }, undefined, { transfer: true });
  assert.equal(r.kind, 'items');
  assert.equal(pooled.byteLength > 0 && neighbour.toString(), 'still here');
});
