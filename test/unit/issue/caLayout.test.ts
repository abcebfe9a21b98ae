/**
 * The one resolver of a CA folder's layout (core/issue/caLayout.ts) that the CLI, the
 * language server, the palette and the quick fix share, and the key of a certificate by a
 * layout's own naming (core/issue/layout.ts keyOfCertificate).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveCaLayout, withCaLayout } from '../../../server/src/core/issue/caLayout';
import { easyRsaLayout, cockroachLayout } from '../../../server/src/core/issue/adopt';
import { formatLayoutFile, keyOfCertificate } from '../../../server/src/core/issue/layout';
import { profileLayout } from '../../../server/src/core/issue/profiles';
import { IssueError } from '../../../server/src/core/issue/types';

const easy = easyRsaLayout('pki', 'generic').layout;

describe('resolveCaLayout', () => {
  it('no layout file: the profile\'s built-in layout, or nothing without a profile', () => {
    assert.deepEqual(resolveCaLayout(undefined, 'dm'), profileLayout('dm'));
    assert.equal(resolveCaLayout(undefined, undefined), undefined);
  });

  it('an adopted CA: its stored layout, marked adopted; the profile asked for wins', () => {
    const r = resolveCaLayout(formatLayoutFile(easy), undefined)!;
    assert.equal(r.adopted, true);
    assert.equal(r.caKey, 'pki/private/ca.key');
    assert.equal(r.profile, 'generic');
    assert.equal(resolveCaLayout(formatLayoutFile(easy), 'postgres')!.profile, 'postgres');
  });

  it('a file that is no layout is refused, never ignored', () => {
    assert.throws(() => resolveCaLayout('{}', 'dm'), IssueError);
    assert.throws(() => resolveCaLayout(formatLayoutFile({ ...easy, caKey: '../outside.key' }), undefined), /not a relative path/);
  });

  it('operations on an adopted CA carry its layout; creating a CA never does', () => {
    const l = resolveCaLayout(formatLayoutFile(easy), undefined)!;
    const node = withCaLayout({ kind: 'issueNode', profile: 'generic', sans: ['a.example'] }, l);
    assert.equal((node as { layout?: { caKey: string; adopted?: unknown } }).layout?.caKey, 'pki/private/ca.key');
    assert.equal('adopted' in ((node as { layout?: object }).layout ?? {}), false);
    assert.equal('layout' in withCaLayout({ kind: 'createCa', profile: 'generic' }, l), false);
    assert.equal('layout' in withCaLayout({ kind: 'publishCrl', profile: 'dm' }, profileLayout('dm')), false);
  });
});

describe('keyOfCertificate', () => {
  it('easy-rsa keeps keys in pki/private; CockroachDB beside the certificate; the built-in layouts by their names', () => {
    assert.equal(keyOfCertificate(easy, 'pki/issued/web1.crt'), 'pki/private/web1.key');
    assert.equal(keyOfCertificate(easy, 'elsewhere/web1.crt'), undefined);
    const crdb = cockroachLayout('certs', 'safe/ca.key', 'cockroach').layout;
    assert.equal(keyOfCertificate(crdb, 'certs/n1/node.crt'), 'certs/n1/node.key');
    assert.equal(keyOfCertificate(crdb, 'certs/client.root.crt'), 'certs/client.root.key');
    assert.equal(keyOfCertificate(profileLayout('dm'), 'master-10.0.0.1-cert.pem'), 'master-10.0.0.1-key.pem');
  });

  it('a name with regular-expression characters is taken literally', () => {
    assert.equal(keyOfCertificate(easy, 'pki/issued/a+b.crt'), 'pki/private/a+b.key');
    assert.equal(keyOfCertificate(easy, 'pkiXissued/web1.crt'), undefined);
  });
});
