/**
 * Validity times as OpenSSL reads them (issue #11 point 5): a time that is readable but not
 * RFC 5280's form (no seconds, an offset), or not readable at all, shows the certificate with
 * an error on its validity instead of hiding it; years 0001–0099 stay those years. Each case is
 * compared with the real openssl: `x509 -startdate -enddate` for what is shown, `verify` for
 * the verdict.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { webcrypto } from 'node:crypto';
import { decodePemText, renderText, type CertificateView } from '../../../server/src/core/pem';
import { pemLinter } from '../../../server/src/core/pem/lint';
import { memoryFileSystem, type Environment } from '../../../server/src/core/environment';
import { defaultLintSettings } from '../../../server/src/core/types';
import { basicConstraintsCa, generalizedTime, pem, selfSigned, utcTime } from '../../support/derCertificate';
import { inProcessCli } from '../../support/inProcessCli';

const dir = mkdtempSync(join(tmpdir(), 'cw-validity-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[]): { status: number; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** What `openssl x509 -startdate -enddate` prints, and whether `openssl verify` accepts the self-signed certificate. */
function withOpenssl(text: string): { notBefore: string; notAfter: string; verify: string } {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(file, text);
  const dates = openssl(['x509', '-in', file, '-noout', '-startdate', '-enddate']).out;
  const v = openssl(['verify', '-CAfile', file, file]);
  return { notBefore: /notBefore=(.*)/.exec(dates)![1]!, notAfter: /notAfter=(.*)/.exec(dates)![1]!, verify: v.status === 0 ? 'OK' : (/error \d+ at \d+ depth lookup: (.*)/.exec(v.out)?.[1] ?? v.out) };
}

function view(text: string): CertificateView {
  const d = decodePemText(text)[0]!.decoded;
  assert.ok(d.ok && d.view.kind === 'certificate', d.ok ? d.view.kind : d.message);
  return d.view as CertificateView;
}

function shown(text: string): { notBefore: string; notAfter: string } {
  const lines = renderText(decodePemText(text)[0]!.decoded).split('\n');
  const field = (label: string): string => lines.find((l) => l.includes(label))!.replace(/^.*?: /, '');
  return { notBefore: field('Not Before'), notAfter: field('Not After') };
}

async function lintCodes(text: string, now = new Date('2030-01-01T00:00:00Z')): Promise<Array<[string, string]>> {
  const env: Environment = { fs: memoryFileSystem({ '/w/c.pem': text }), now: () => now, getEnv: () => undefined, cwd: () => '/', crypto: webcrypto as unknown as Environment['crypto'] };
  const findings = await pemLinter.lint({ path: '/w/c.pem', text, languageId: 'pem' }, { env, settings: defaultLintSettings, workspaceRoots: ['/w'] });
  return findings.map((f) => [f.code, f.severity]);
}

const farFuture = utcTime('491231235959Z');

describe('validity times (issue #11 point 5)', () => {
  it('shows a certificate whose GeneralizedTime has no seconds, with an error on its validity, as openssl does', async () => {
    const text = pem(selfSigned({ cn: 'no seconds', notBefore: generalizedTime('202001011200Z'), notAfter: farFuture }));
    const v = view(text);
    assert.equal(v.notBefore, '2020-01-01T12:00:00Z');
    assert.match(v.validityError ?? '', /notBefore: GeneralizedTime "202001011200Z" has no seconds/);
    const real = withOpenssl(text);
    assert.deepEqual(shown(text), { notBefore: real.notBefore, notAfter: real.notAfter });
    assert.equal(real.verify, "format error in certificate's notBefore field");
    // The verifier's verdict is an error on the validity, and the only finding.
    assert.deepEqual(await lintCodes(text), [['X509-VALIDITY-MALFORMED', 'error']]);
  });

  it('applies a UTCTime offset as openssl does, and flags it (RFC 5280 requires Z)', async () => {
    const text = pem(selfSigned({ cn: 'offset', notBefore: utcTime('200101120000+0100'), notAfter: farFuture }));
    const v = view(text);
    assert.equal(v.notBefore, '2020-01-01T11:00:00Z');
    const real = withOpenssl(text);
    assert.deepEqual(shown(text), { notBefore: real.notBefore, notAfter: real.notAfter });
    assert.equal(real.verify, "format error in certificate's notBefore field");
    assert.match(v.validityError ?? '', /offset \+0100 instead of Z/);
  });

  it('shows a certificate whose time is unreadable, with "Bad time value" as openssl prints it', async () => {
    const text = pem(selfSigned({ cn: 'garbage', notBefore: generalizedTime('garbage'), notAfter: farFuture }));
    const v = view(text);
    assert.equal(v.notBefore, '');
    assert.equal(v.notAfter, '2049-12-31T23:59:59Z');
    const real = withOpenssl(text);
    assert.deepEqual(shown(text), { notBefore: real.notBefore, notAfter: real.notAfter });
    assert.equal(real.notBefore, 'Bad time value');
    assert.equal(real.verify, "format error in certificate's notBefore field");
    assert.deepEqual(await lintCodes(text), [['X509-VALIDITY-MALFORMED', 'error']]);
  });

  it('refuses dates that do not exist (month 13, 30 February, hour 24) instead of rolling them over', () => {
    for (const t of ['20201301000000Z', '20200230000000Z', '20200101240000Z', '20200101000060Z']) {
      const v = view(pem(selfSigned({ cn: t, notBefore: generalizedTime(t), notAfter: farFuture })));
      assert.equal(v.notBefore, '', t);
      assert.match(v.validityError ?? '', /is not a date/, t);
    }
    // 29 February exists in leap years only.
    assert.equal(view(pem(selfSigned({ cn: 'leap', notBefore: generalizedTime('20240229000000Z'), notAfter: farFuture }))).notBefore, '2024-02-29T00:00:00Z');
  });

  it('keeps the years 0001–0099 (not 1901–1999) and agrees with openssl', async () => {
    const text = pem(selfSigned({ cn: 'early', notBefore: generalizedTime('00050101000000Z'), notAfter: generalizedTime('00991231235959Z') }));
    const v = view(text);
    assert.equal(v.notBefore, '0005-01-01T00:00:00Z');
    assert.equal(v.notAfter, '0099-12-31T23:59:59Z');
    assert.equal(v.validityError, undefined);
    const real = withOpenssl(text);
    assert.deepEqual(shown(text), { notBefore: real.notBefore, notAfter: real.notAfter });
    assert.equal(real.verify, 'certificate has expired');
    assert.deepEqual(await lintCodes(text), [['PEM-EXPIRED', 'error']]);
  });

  it('reports expiry once per certificate, on its BEGIN line, with every linter (a CockroachDB certs directory)', async () => {
    const run = inProcessCli('cw-expiry-once-');
    const valid = pem(selfSigned({ cn: 'Cockroach CA', notBefore: utcTime('200101000000Z'), notAfter: utcTime('491231235959Z'), extensions: [basicConstraintsCa()] }));
    const expired = pem(selfSigned({ cn: 'Old CA', notBefore: utcTime('200101000000Z'), notAfter: utcTime('210101000000Z'), extensions: [basicConstraintsCa()] }));
    const old = pem(selfSigned({ cn: 'node', notBefore: utcTime('200101000000Z'), notAfter: utcTime('210101000000Z') }));
    const certs = join(run.tmp, 'certs');
    mkdirSync(certs);
    // ca.crt: a bundle whose second certificate is the expired one. Beside a root valid for longer (a CA rotation's
    // overlap), a warning: CockroachDB checks only the first certificate of a file, and verifiers build chains with the other.
    writeFileSync(join(certs, 'ca.crt'), valid + expired);
    writeFileSync(join(certs, 'node.crt'), old);
    const r = await run.cli('lint', '--format', 'json', 'certs');
    const findings = JSON.parse(r.out) as Array<{ file: string; line: number; code: string; severity: string }>;
    const validity = findings.filter((f) => /EXPIR|NOT-YET|VALIDITY|CRDB-025/.test(f.code)).map((f) => [f.file.replace(/^.*[\\/]/, ''), f.line, f.code, f.severity]);
    const secondBlockLine = valid.split('\n').length;
    assert.deepEqual(validity.sort(), [['ca.crt', secondBlockLine, 'PEM-EXPIRED', 'warning'], ['node.crt', 1, 'PEM-EXPIRED', 'error']], r.out);
  });
});
