/**
 * A CA rotation over a folder with exports (certwright export): an export is not a
 * certificate of its own to re-issue (a chain file has no key beside it), it is written
 * again from the re-issued certificate, ending with the new CA, and it does not hold the
 * old CA back at retire. (The real openssl verdicts: test/peers/ca-rotation.test.ts.)
 */
import { MemoryDir, env, parse, rotationStep } from './helpers';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { profileLayout, runIssueOperation, type CaMaterial } from '../../../server/src/core/issue';
import { exportsFile } from '../../../server/src/core/issue/profiles';
import type { RotationStep } from '../../../server/src/core/issue/rotation';

const l = profileLayout('generic');

const step = (dir: MemoryDir, s: RotationStep): ReturnType<typeof rotationStep> => rotationStep(dir, s);

describe('CA rotation with exported certificates', () => {
  it('reissue writes the chain export again from the new certificate and the new CA; retire is not held back by it', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['db1'], keyType: 'p256' });
    const material = (): CaMaterial => ({ ...dir.ca('generic'), exports: dir.files.get(exportsFile(l))?.contents });
    dir.apply(await runIssueOperation(env, { kind: 'export', profile: 'generic', format: 'chain', certPath: 'server.crt', certPem: dir.text('server.crt'), out: 'server-chain.pem', withRoot: true }, material()));
    const oldCa = dir.text(l.caCert);
    await step(dir, 'new-ca');
    await step(dir, 'publish');
    const r = await step(dir, 'reissue');
    assert.deepEqual(r.reissued.map((x) => x.path), ['server.crt'], 'the export is not re-issued as a certificate of its own');
    const blocks = dir.text('server-chain.pem').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\n/g)!;
    assert.equal(blocks[0], dir.text('server.crt'), 'the chain starts with the re-issued certificate');
    const root = parse(blocks[1]!);
    assert.equal(root.subject, parse(dir.text(l.caCert)).subject, 'and ends with the new CA');
    assert.notEqual(blocks[1], oldCa);
    assert.ok(await parse(blocks[0]!).verify({ publicKey: root.publicKey, signatureOnly: true }, env.crypto));
    const retired = await step(dir, 'retire');
    assert.equal(retired.alreadyDone, false);
  });
});
