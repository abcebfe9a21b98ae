/** `certwright list` / `certwright expiring` over folders and CA databases (exit codes for cron/CI). */
import 'reflect-metadata';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inProcessCli } from '../../support/inProcessCli';
import { parseWithin } from '../../../server/src/core/issue/inventory';
import { caFiles, makeOpensslCa } from '../pki/opensslCa';

const { cli } = inProcessCli('certwright-inventory-');

describe('list and expiring', () => {
  it('lists files and the CA database with status; expiring exits 1 only when something needs action', async () => {
    for (const a of [
      ['ca', 'create', '--profile', 'postgres', '--dir', 'pg', '--key', 'p256', '--days', '400'],
      ['issue', 'node', '--dir', 'pg', '--san', 'localhost', '--days', '10'],
      ['issue', 'client', '--dir', 'pg', '--user', 'alice', '--days', '300'],
      ['issue', 'client', '--dir', 'pg', '--user', 'bob', '--name', 'bob', '--days', '5'],
      ['revoke', '--dir', 'pg', '--cert', 'pg/bob.crt'],
    ]) assert.equal((await cli(...a)).code, 0, a.join(' '));
    const list = await cli('list', 'pg', '--ca', 'pg', '--json');
    assert.equal(list.code, 0, list.err);
    const items = JSON.parse(list.out) as { kind: string; path: string; subject: string; status: string; daysLeft: number; source: string }[];
    const by = (p: string, src = 'file') => items.filter((i) => i.path === p && i.source === src);
    assert.deepEqual(by('pg/server.crt').map((i) => [i.status, i.daysLeft]), [['expiring', 9]]);
    assert.deepEqual(by('pg/bob.crt').map((i) => i.status), ['revoked'], 'listed in root.crl beside it');
    assert.deepEqual(by('pg/client.crt').map((i) => i.status), ['valid']);
    assert.deepEqual(by('pg/root.crl').map((i) => [i.kind, i.status]), [['crl', 'valid']]);
    assert.deepEqual(items.filter((i) => i.source === 'ca-database').map((i) => `${i.subject} ${i.status}`).sort(), ['/CN=alice valid', '/CN=bob revoked', '/CN=localhost expiring']);
    assert.ok(!items.some((i) => i.path.includes('newcerts')), 'the CA copies are not listed twice');

    const soon = await cli('expiring', '--within', '30d', 'pg');
    assert.equal(soon.code, 1);
    assert.match(soon.out, /^expiring 20\d\d-\d\d-\d\d +9d {2}CN = localhost {2}serial [0-9A-F]+ {2}pg\/server\.crt\n1 expiring or expired within 30d\n$/);
    const calm = await cli('expiring', '--within', '2d', 'pg', '--ca', 'pg');
    assert.equal(calm.code, 0, calm.out);
    assert.match(calm.out, /nothing expires within 2d/);
    const crl = await cli('expiring', '--within', '200d', '--json', 'pg/root.crl');
    assert.equal(crl.code, 1);
    assert.equal((JSON.parse(crl.out) as { kind: string }[])[0]!.kind, 'crl', 'a CRL close to nextUpdate counts');
    assert.equal((await cli('expiring', '--within', 'soon')).code, 2);
    assert.equal((await cli('list', 'no-such-folder')).code, 2);
  });

  it('marks revoked what the CRL or the CA database of a real `openssl ca` says, as `openssl verify -crl_check` does', async () => {
    const ca = makeOpensslCa();
    try {
      const list = await cli('list', ca.dir, '--json');
      assert.equal(list.code, 0, list.err);
      const items = JSON.parse(list.out) as { path: string; status: string }[];
      const statusOf = (rel: string): string[] => items.filter((i) => i.path.endsWith(rel)).map((i) => i.status);
      // client.root: in crl/ca.crl; node2: revoked in index.txt after that CRL (the CRL made from the database lists it).
      assert.match(ca.verify(caFiles.clientRoot, caFiles.crl), /certificate revoked/);
      assert.deepEqual(statusOf(caFiles.clientRoot), ['revoked']);
      assert.match(ca.verify(caFiles.node2, ca.laterCrl), /certificate revoked/);
      assert.deepEqual(statusOf(caFiles.node2), ['revoked']);
      assert.match(ca.verify(caFiles.node, ca.laterCrl), /OK$/);
      assert.deepEqual(statusOf(caFiles.node), ['valid']);
      assert.ok(!items.some((i) => i.path.includes('newcerts') || i.path.endsWith('index.txt')), 'archive copies and the database serve the lookup, not the list');
    } finally {
      ca.cleanup();
    }
  });

  it('window syntax', () => {
    assert.equal(parseWithin('30d'), 30);
    assert.equal(parseWithin('30'), 30);
    assert.equal(parseWithin('2w'), 14);
    assert.equal(parseWithin('12h'), 0.5);
    assert.throws(() => parseWithin('-1d'));
  });
});
