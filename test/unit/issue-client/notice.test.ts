/** The words of the result notifications (client/src/commands/notice.ts): pure, no VS Code. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { english } from '../../../client/src/l10nFormat';
import { checkText, mainFile, noticeActions, resultText, withWarnings } from '../../../client/src/commands/notice';

describe('result notifications', () => {
  it('open the file an operation is about, never the CA bookkeeping or a key when there is a certificate', () => {
    // Create CA (the key comes first in the plan), Issue Node Certificate (DM layout), Revoke, Export, a bookkeeping-only plan.
    assert.equal(mainFile(['ca-private/root.key', 'root.crt', 'ca-private/index.txt', 'root.crl', 'ca-private/openssl-ca.cnf']), 1);
    assert.equal(mainFile(['master-key.pem', 'master-cert.pem', 'ca-private/newcerts/6B7A.pem', 'ca-private/index.txt']), 1);
    assert.equal(mainFile(['root.crl', 'ca-private/index.txt', 'ca-private/crlnumber']), 0);
    assert.equal(mainFile(['certs/client.root.p12', 'ca-private/exports.json']), 0);
    assert.equal(mainFile(['certs/client.root.key']), 0);
    assert.equal(mainFile(['ca-private/index.txt', 'ca-private/serial', 'ca-private/index.txt.attr']), undefined);
  });

  it('say what was issued, or which file the operation is about, with files counted in the singular and plural', () => {
    const issued = resultText(english, { title: 'Issue Node Certificate', dir: 'pg', written: [{ path: 'server.key' }, { path: 'server.crt' }], issued: { subject: 'CN=db1', serial: '1A', notAfter: '2029-03-10 10:23 UTC' } });
    assert.equal(issued, 'Issue Node Certificate: 2 files written in pg — CN=db1, serial 1A, valid until 2029-03-10 10:23 UTC.');
    const crl = resultText(english, { title: 'Publish CRL', dir: 'crdb', written: [{ path: 'certs/ca.crl', description: 'certificate revocation list #2 (0 revoked)' }, { path: 'ca-private/crlnumber', description: 'next CRL number' }] });
    assert.equal(crl, 'Publish CRL: 2 files written in crdb — certs/ca.crl: certificate revocation list #2 (0 revoked).');
    assert.equal(resultText(english, { title: 'X', dir: 'd', written: [{ path: 'ca-private/index.txt' }] }), 'X: 1 file written in d.');
    assert.doesNotMatch(issued + crl, /\(s\)/);
  });

  it('offer at most three actions, Show Warnings before Show openssl Commands when there are warnings', () => {
    const plain = noticeActions(english, { canOpen: true, warnings: 0 });
    assert.deepEqual([plain.open, plain.reveal, plain.third.label], ['Open', 'Reveal in Explorer', 'Show openssl Commands']);
    const warned = noticeActions(english, { canOpen: true, warnings: 2 });
    assert.deepEqual([warned.open, warned.reveal, warned.third], ['Open', 'Reveal in Explorer', { label: 'Show Warnings', kind: 'warnings' }]);
    assert.equal(noticeActions(english, { canOpen: false, warnings: 0 }).open, undefined);
    assert.equal(withWarnings(english, 'Done.', 1), 'Done. 1 warning (see the output).');
    assert.equal(withWarnings(english, 'Done.', 0), 'Done.');
  });

  it('count Check Workspace totals in the singular and plural, and say when nothing was found', () => {
    assert.equal(checkText(english, { checked: 31, errors: 2, warnings: 1, files: 2, truncated: false }), 'Certwright: 31 files checked — 2 errors, 1 warning in 2 files.');
    assert.equal(checkText(english, { checked: 1, errors: 1, warnings: 0, files: 1, truncated: false }), 'Certwright: 1 file checked — 1 error, 0 warnings in 1 file.');
    assert.equal(checkText(english, { checked: 5, errors: 0, warnings: 0, files: 0, truncated: true }), 'Certwright: 5 files checked, no errors or warnings. (stopped at the file limit)');
  });
});
