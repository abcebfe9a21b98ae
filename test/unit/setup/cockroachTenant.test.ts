/**
 * CockroachDB multi-tenant file names, as pkg/security/certificate_loader.go
 * (CertInfoFromFilename) recognises them (issue #11 point 9):
 * client-tenant.<id>.crt is verified with ca-client-tenant.crt, and
 * tenant-signing.<id>.crt is a known (self-signed) name, not an ignored file.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { lintFile, makePki, type Pki } from './helpers';
import { crdbName } from '../../../server/src/core/setup/cockroach';

let pki: Pki;
before(() => {
  pki = makePki('cw-crdb-tenant-');
  mkdirSync(pki.path('certs'));
});
after(() => pki.cleanup());

describe('CockroachDB multi-tenant certificates', () => {
  test('every name the certificate loader knows', () => {
    assert.deepEqual(crdbName('client-tenant.10.crt'), { role: 'client-tenant', principal: '10' });
    assert.deepEqual(crdbName('tenant-signing.10.crt'), { role: 'tenant-signing', principal: '10' });
    assert.deepEqual(crdbName('ca-client-tenant.crt'), { role: 'ca-client-tenant' });
    assert.equal(crdbName('tenant-signing.crt').error, 'tenant signing certificate filename should match tenant-signing.<tenantid>.crt');
    assert.equal(crdbName('ca-client-tenant.1.crt').error, 'tenant CA certificate filename should match ca-client-tenant.crt');
  });

  test('client-tenant.<id>.crt issued by ca-client-tenant.crt is not reported as foreign (CRDB-024)', async () => {
    pki.ca({ cert: 'certs/ca.crt', key: 'ca-private/ca.key', cn: 'Cluster CA' });
    const tenantCa = pki.ca({ cert: 'certs/ca-client-tenant.crt', key: 'ca-private/ca-client-tenant.key', cn: 'Tenant CA' });
    pki.leaf({ cert: 'certs/client-tenant.10.crt', key: 'certs/client-tenant.10.key', ca: tenantCa, subj: '/O=Cockroach/CN=root', san: 'DNS:localhost', eku: 'clientAuth,serverAuth' });
    const run = await lintFile(pki.path('certs/client-tenant.10.crt'));
    assert.ok(run.findings.length === 0 || run.findings.every((f) => f.code !== 'CRDB-024'), JSON.stringify(run.findings.map((f) => f.code)));
    assert.deepEqual(run.byCode('CRDB-024'), []);
    // Signed by the cluster CA instead, while ca-client-tenant.crt is there: reported, naming that file.
    const cluster = { cert: pki.path('certs/ca.crt'), key: pki.path('ca-private/ca.key') };
    pki.leaf({ cert: 'certs/client-tenant.11.crt', key: 'certs/client-tenant.11.key', ca: cluster, subj: '/O=Cockroach/CN=root', san: 'DNS:localhost', eku: 'clientAuth,serverAuth' });
    const wrong = await lintFile(pki.path('certs/client-tenant.11.crt'));
    assert.equal(wrong.byCode('CRDB-024').length, 1);
    assert.match(wrong.byCode('CRDB-024')[0]!.message, /ca-client-tenant\.crt/);
  });

  test('tenant-signing.<id>.crt is a name CockroachDB loads (no CRDB-020 "ignores this file")', async () => {
    pki.ca({ cert: 'certs/tenant-signing.10.crt', key: 'certs/tenant-signing.10.key', cn: 'Tenant 10 Token Signing Certificate', ext: ['keyUsage=critical,digitalSignature'] });
    const run = await lintFile(pki.path('certs/tenant-signing.10.crt'));
    assert.deepEqual(run.byCode('CRDB-020'), []);
    assert.deepEqual(run.byCode('CRDB-024'), []);
  });
});
