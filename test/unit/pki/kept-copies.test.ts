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
import { certNodes } from './treeNodes';
import { inventoryOfCaDatabase, inventoryOfFiles, needsAction } from '../../../server/src/core/issue/inventory';
import { decodeFile, type CertificateView } from '../../../server/src/core/pem';
import { editorModel } from '../../../server/src/core/pki/editorModel';
import { decodedView } from '../../../server/src/node/decodedView';
import { isKeptCopy, keptAs, keptAsAll, keptCopySuffix, replacedPath } from '../../../server/src/core/pki/keptCopy';
import type { PkiNode } from '../../../server/src/core/pki/types';
import { nodePkiCrypto } from '../../../server/src/node/pkiCrypto';
import { normalizeSerial } from '../../../server/src/core/issue/state';
import { X509Certificate } from 'node:crypto';

describe('copies kept by a renewal or rotation', () => {
  it('isKeptCopy: the CA archive and what renewals and rotations keep; never a deployed file', () => {
    for (const p of ['ca-private/newcerts/0A.pem', 'pki/certs_by_serial/0A1B.pem', 'pki/revoked/certs_by_serial/0A1B.crt', 'pki/renewed/issued/web1.crt', 'pki/renewed/private/web1.key', 'pki/renewed/reqs/web1.req', 'renewed/server.0A1B2C.crt', 'certs/renewed/node.0A1B2C.key', 'ca-private/retired/0A1B2C/ca.crt']) assert.equal(isKeptCopy(p), true, p);
    for (const p of ['server.crt', 'certs/node.crt', 'certs/renewed.crt', 'renewed/server.crt', 'pki/issued/web1.crt', 'retired/ca.crt', 'certs/node2/ca.crt']) assert.equal(isKeptCopy(p), false, p);
    assert.deepEqual(['ca-private/newcerts/0A.pem', 'pki/revoked/certs_by_serial/0A1B.crt', 'pki/renewed/issued/web1.crt', 'ca-private/retired/0A1B2C/ca.crt', 'certs/node.crt'].map(keptAs), ['archive', 'archive', 'setAside', 'setAside', undefined]);
    // A certificate in several files: kept only if no copy is deployed; a copy put aside names it better than the archive.
    assert.equal(keptAsAll(['certs/node.crt', 'ca-private/newcerts/0A.pem']), undefined);
    assert.equal(keptAsAll(['ca-private/newcerts/0A.pem', 'renewed/node.0A.crt']), 'setAside');
    assert.equal(keptAsAll(['ca-private/newcerts/0A.pem']), 'archive');
    assert.equal(keptAsAll([]), undefined);
    assert.deepEqual(['ca-private/newcerts/0A.pem', 'renewed/node.0A.crt', 'node.crt'].map(keptCopySuffix), [" (the CA's archive copy)", ' (put aside by a renewal or rotation, not deployed)', '']);
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
    assert.match(oldRow.tooltip, /renewed\/server\.[0-9A-F]+\.crt \(put aside by a renewal or rotation, not deployed\)/);
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

  it('replacedPath: where a kept copy was deployed', () => {
    assert.equal(replacedPath('certs/renewed/node.0A1B2C.crt'), 'certs/node.crt');
    assert.equal(replacedPath('renewed/server.0A1B2C.key'), 'server.key');
    assert.equal(replacedPath('pki/renewed/issued/web1.crt'), 'pki/issued/web1.crt');
    assert.equal(replacedPath('ca-private/retired/0A1B2C/ca.crt'), undefined);
    assert.equal(replacedPath('certs/node.crt'), undefined);
  });

  it('certwright list names what is kept (a renewed copy with what replaced it, a bundle\'s old CA), expiring leaves them out; a live certificate still alarms', async () => {
    const fresh = new MemoryDir();
    await fresh.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', commonName: 'New CA' });
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', commonName: 'Old CA', days: 40 });
    await dir.run({ kind: 'issueNode', profile: 'generic', sans: ['db1'], keyType: 'p256', days: 20 });
    const old = dir.text('server.crt');
    const oldSerial = normalizeSerial(new X509Certificate(old).serialNumber);
    await dir.run({ kind: 'renew', profile: 'generic', certPath: 'server.crt', certPem: old, keyPath: 'server.key', keyPem: dir.text('server.key'), newKey: true, days: 39 });
    const files = [...dir.files.values()].filter((f) => /\.(crt|pem)$/.test(f.path)).map((f) => ({ path: f.path, bytes: Buffer.from(f.contents) }));
    const bundle = { path: 'bundle/ca.crt', bytes: Buffer.from(fresh.text('ca.crt') + dir.text('ca.crt')) };
    const items = inventoryOfFiles([...files, bundle], new Date(NOW.getTime() + 15 * 86_400_000), 30, nodePkiCrypto);
    const kept = items.find((i) => i.path === `renewed/server.${oldSerial}.crt`)!;
    assert.equal(kept.status, 'replaced');
    assert.match(kept.note!, /^kept copy of "db1", replaced by "db1" \(server\.crt\) on \d{4}-\d\d-\d\d$/);
    const retiring = items.find((i) => i.path === 'bundle/ca.crt' && i.subject === 'CN = Old CA')!;
    assert.equal(retiring.status, 'replaced');
    assert.match(retiring.note!, /^old CA "Old CA" kept in the CA file beside "New CA", which replaced it on .*certwright ca rotate retire/);
    // The same old CA deployed alone, and the renewed leaf: live, they alarm.
    assert.deepEqual(needsAction(items).map((i) => `${i.path} ${i.subject}`).sort(), ['ca.crt CN = Old CA', 'server.crt CN = db1']);
    // A bundle whose newest root is itself due: nothing softened.
    const dueSoon = inventoryOfFiles([bundle], new Date(NOW.getTime() + 3640 * 86_400_000), 30, nodePkiCrypto);
    assert.deepEqual(dueSoon.map((i) => i.status), ['expiring', 'expired']);
  });

  it('a CA database line whose certificate was renewed is replaced (same subject and names, in newcerts/); two nodes sharing a subject are not', async () => {
    const dir = new MemoryDir();
    await dir.run({ kind: 'createCa', profile: 'cockroach', keyType: 'p256' });
    await dir.run({ kind: 'issueNode', profile: 'cockroach', sans: ['n1'], name: 'n1', keyType: 'p256', days: 20 });
    await dir.run({ kind: 'issueNode', profile: 'cockroach', sans: ['n2'], name: 'n2', keyType: 'p256', days: 300 });
    const n1 = dir.text('certs/n1/node.crt');
    await dir.run({ kind: 'renew', profile: 'cockroach', certPath: 'certs/n1/node.crt', certPem: n1, keyPath: 'certs/n1/node.key', keyPem: dir.text('certs/n1/node.key'), days: 200 });
    await dir.run({ kind: 'issueNode', profile: 'cockroach', sans: ['n3'], name: 'n3', keyType: 'p256', days: 10 });
    const layout = 'ca-private';
    const archived = (serial: string): CertificateView | undefined => {
      const f = dir.files.get(`${layout}/newcerts/${serial}.pem`);
      const d = f ? decodeFile(Buffer.from(f.contents)) : undefined;
      const v = d?.format === 'pem' ? d.blocks[0]!.decoded : undefined;
      return v?.ok ? (v.view as CertificateView) : undefined;
    };
    const rows = inventoryOfCaDatabase('index.txt', dir.text(`${layout}/index.txt`), NOW, 30, archived);
    const n1Serial = normalizeSerial(new X509Certificate(n1).serialNumber);
    assert.deepEqual(rows.map((r) => [r.serial === n1Serial ? 'old n1' : r.daysLeft, r.status]), [['old n1', 'replaced'], [300, 'valid'], [200, 'valid'], [10, 'expiring']]);
    assert.match(rows[0]!.note!, /^"node" replaced by serial [0-9A-F]+ on \d{4}-/);
    // Without the archive copies, nothing tells n1 from n3 (both CN=node): it alarms.
    assert.equal(inventoryOfCaDatabase('index.txt', dir.text(`${layout}/index.txt`), NOW, 30)[0]!.status, 'expiring');
  });

  it('the certificate editor names a kept copy and a bundle\'s old CA instead of "Expiring soon"', async () => {
    const fresh = new MemoryDir();
    await fresh.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', commonName: 'New CA' });
    const old = new MemoryDir();
    await old.run({ kind: 'createCa', profile: 'generic', keyType: 'p256', commonName: 'Old CA', days: 20 });
    const node = (path: string): PkiNode => ({ locations: [{ path }], status: [], children: [] }) as unknown as PkiNode;
    const open = (path: string, text: string, at: string) => editorModel(decodedView(path, Buffer.from(text)), { node: () => node(at), chain: () => undefined }, { now: NOW, expiryWarningDays: 30 }).cards.map((c) => [c.banner?.level, c.banner?.title]);
    assert.deepEqual(open('renewed/ca.0A1B.crt', old.text('ca.crt'), 'renewed/ca.0A1B.crt'), [['info', 'Kept copy']]);
    // The CA's archive copy: kept too, and said so in the words hover uses.
    const archive = editorModel(decodedView('newcerts/0A.pem', Buffer.from(old.text('ca.crt'))), { node: () => node('newcerts/0A.pem'), chain: () => undefined }, { now: NOW, expiryWarningDays: 30 }).cards[0]!.banner!;
    assert.equal(archive.title, 'Kept copy');
    assert.match(archive.detail!, /^the CA's archive copy of "Old CA" \(not deployed\): its expiry calls for nothing; it expires /);
    assert.deepEqual(open('ca.crt', old.text('ca.crt'), 'ca.crt'), [['expiring', 'Expiring soon']]);
    assert.deepEqual(open('ca.crt', fresh.text('ca.crt') + old.text('ca.crt'), 'ca.crt'), [['valid', 'Valid'], ['info', 'Old CA, being retired']]);
  });
});
