/**
 * What a renewal or a CA rotation keeps aside is not deployed, and its expiry calls for nothing:
 * the Certificates view gives the replaced certificate (Certwright's renewed/<stem>.<old serial>.crt,
 * easy-rsa's pki/renewed/issued/, the CA's newcerts/ or certs_by_serial/ archive, a retired CA) no
 * "expiring soon" or "expired" status, `certwright expiring` does not list it, the PEM linter does
 * not warn on it; the certificate that replaced it is judged as ever.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryDir, NOW, env } from '../issue/helpers';
import { runIssueOperation } from '../../../server/src/core/issue';
import { blockFindings } from '../../../server/src/core/pem/lint';
import { decodeBlock, findPemBlocks } from '../../../server/src/core/pem';
import { PkiWorkspace } from '../../../server/src/core/pki/model';
import { isCaArchiveCopy } from '../../../server/src/core/pki/revocation';
import { certNodes } from './treeNodes';
import { inventoryOfFiles, needsAction } from '../../../server/src/core/issue/inventory';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { normalizeSerial } from '../../../server/src/core/issue/state';
import { X509Certificate } from 'node:crypto';

describe('copies kept by a renewal or rotation', () => {
  it('isCaArchiveCopy: the CA archive and what renewals and rotations keep; never a deployed file', () => {
    for (const p of ['ca-private/newcerts/0A.pem', 'pki/certs_by_serial/0A1B.pem', 'pki/revoked/certs_by_serial/0A1B.crt', 'pki/renewed/issued/web1.crt', 'pki/renewed/private/web1.key', 'pki/renewed/reqs/web1.req', 'renewed/server.0A1B2C.crt', 'certs/renewed/node.0A1B2C.key', 'ca-private/retired/0A1B2C/ca.crt']) assert.equal(isCaArchiveCopy(p), true, p);
    for (const p of ['server.crt', 'certs/node.crt', 'certs/renewed.crt', 'renewed/server.crt', 'pki/issued/web1.crt', 'retired/ca.crt', 'certs/node2/ca.crt']) assert.equal(isCaArchiveCopy(p), false, p);
  });

  it('a certificate replaced by renew --new-key, 8 days before it lapses: no alarm in the view, the inventory or its lint; the renewed one is judged', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256' });
    await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['db1'], keyType: 'p256', days: 380 });
    const old = dir.text('server.crt');
    const oldSerial = normalizeSerial(new X509Certificate(old).serialNumber);
    await dir.run({ kind: 'renew', profile: 'generic', certPath: 'server.crt', certPem: old, keyPath: 'server.key', keyPem: dir.text('server.key'), newKey: true, days: 30 });
    const kept = `renewed/server.${oldSerial}.crt`;
    assert.ok(dir.files.has(kept));
    const later = NOW.getTime() + 372 * 86_400_000;
    const model = new PkiWorkspace(nodePkiCrypto);
    const files = [...dir.files.values()].filter((f) => /\.(crt|pem|crl|key)$/.test(f.path) || f.path.endsWith('index.txt'));
    for (const f of files) model.setFile(f.path, 'v1', Buffer.from(f.contents), f.path.endsWith('index.txt') ? 'text' : 'pki');
    const rows = certNodes(model.tree({ now: later, expiryWarningDays: 30 }));
    const oldRow = rows.find((r) => r.locations.some((l) => l.path === kept))!;
    assert.deepEqual(oldRow.status.filter((s) => s === 'expiringSoon' || s === 'expired'), []);
    assert.match(oldRow.tooltip, /renewed\/server\.[0-9A-F]+\.crt \(kept aside by a renewal or rotation, not deployed\)/);
    // The renewed certificate (30 days, lapsed long before) is still called out.
    const current = rows.find((r) => r.locations.some((l) => l.path === 'server.crt'))!;
    assert.ok(current.status.includes('expired'));
    const items = inventoryOfFiles(files.map((f) => ({ path: f.path, bytes: Buffer.from(f.contents) })), new Date(later), 30, nodePkiCrypto);
    assert.deepEqual(needsAction(items).map((i) => i.path).filter((p) => p !== 'ca.crl'), ['server.crt']);
  });

  it("an old root beside its successor in one CA file (a rotation's bundle) lapsing is a warning that says the bundle goes on; an intermediate's is not softened", async () => {
    const fresh = new MemoryDir();
    await fresh.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', commonName: 'New CA' });
    const old = new MemoryDir();
    await old.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', commonName: 'Old CA', days: 20, pathLen: 1 });
    const findings = (text: string, days: number) => blockFindings(findPemBlocks(text).map((block) => ({ block, decoded: decodeBlock(block) })), new Date(NOW.getTime() + days * 86_400_000), 30).filter((f) => f.code.startsWith('PEM-EXP'));
    const bundle = fresh.text('ca.crt') + old.text('ca.crt');
    assert.deepEqual(findings(bundle, 25).map((f) => [f.code, f.severity]), [['PEM-EXPIRED', 'warning']]);
    assert.match(findings(bundle, 25)[0]!.message, /expired .*; this file's other CA \(CN = New CA, valid until .*\) goes on.*certwright ca rotate retire/);
    assert.deepEqual(findings(bundle, 10).map((f) => [f.code, f.severity]), [['PEM-EXPIRING', 'warning']]);
    // Alone, the old root's expiry is the error it always was.
    assert.deepEqual(findings(old.text('ca.crt'), 25).map((f) => [f.code, f.severity]), [['PEM-EXPIRED', 'error']]);
    // An intermediate's CA file (intermediate, then its root): the intermediate lapsing fails what it issued.
    const child = new MemoryDir();
    child.apply(await runIssueOperation(env, { kind: 'createIntermediate', profile: 'generic', parentProfile: 'generic', keyType: 'p256', days: 10, allowCapped: true }, fresh.ca('generic')));
    assert.deepEqual(findings(child.text('ca.crt'), 15).map((f) => [f.code, f.severity]), [['PEM-EXPIRED', 'error']]);
  });
});
