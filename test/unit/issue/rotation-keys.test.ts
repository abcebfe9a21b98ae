/**
 * A CA rotation's re-issue with new keys (`ca rotate reissue --new-key`) never overwrites a
 * key: the key each re-issued certificate replaces is kept aside, as `renew --new-key` keeps
 * it (renewed/<stem>.<old serial>.key, mode 0600, its certificate beside it), and that kept
 * pair is neither re-issued again nor waited for by retire.
 */
import { MemoryDir, rotationStep } from './helpers';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RotationStep } from '../../../server/src/core/issue/rotation';
import { isReplacedCopy } from '../../../server/src/core/issue/layout';
import { normalizeSerial } from '../../../server/src/core/issue/state';
import { X509Certificate } from 'node:crypto';

const step = (dir: MemoryDir, s: RotationStep, newKey = false): ReturnType<typeof rotationStep> => rotationStep(dir, s, newKey ? { newKey: true } : {});

describe('CA rotation: re-issue with new keys', () => {
  it('keeps each replaced key in renewed/<stem>.<old serial>.key (0600) with its certificate; retire is not held back by them', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['db1'], keyType: 'p256' });
    const oldKey = dir.text('server.key');
    const oldCert = dir.text('server.crt');
    const oldSerial = normalizeSerial(new X509Certificate(oldCert).serialNumber);
    await step(dir, 'new-ca');
    await step(dir, 'publish');
    const r = await step(dir, 'reissue', true);
    assert.notEqual(dir.text('server.key'), oldKey, 'a new key');
    const kept = dir.files.get(`renewed/server.${oldSerial}.key`);
    assert.ok(kept, `the old key is kept: ${[...dir.files.keys()].join(', ')}`);
    assert.equal(kept.contents, oldKey);
    assert.equal(kept.mode, 0o600);
    assert.equal(kept.replace, false);
    assert.equal(dir.text(`renewed/server.${oldSerial}.crt`), oldCert.slice(0, oldCert.indexOf('-----END CERTIFICATE-----') + 26));
    assert.match(r.warnings.join('\n'), new RegExp(`renewed/server\\.${oldSerial}\\.key`));
    // Run again (picks up certificates added later): the kept pair is not re-issued.
    const again = await step(dir, 'reissue', true);
    assert.deepEqual(again.reissued, []);
    const retired = await step(dir, 'retire');
    assert.equal(retired.alreadyDone, false);
  });

  it('isReplacedCopy: only the renewed/ copy of that serial', () => {
    assert.equal(isReplacedCopy('renewed/server.0A1B.crt', '0A1B'), true);
    assert.equal(isReplacedCopy('certs/renewed/node.0A1B.crt', '0a1b'), true);
    assert.equal(isReplacedCopy('certs/renewed/node.0A1B.crt', '0A1C'), false);
    assert.equal(isReplacedCopy('renewed-certs/node.0A1B.crt', '0A1B'), false);
    assert.equal(isReplacedCopy('server.0A1B.crt', '0A1B'), false);
  });
});
