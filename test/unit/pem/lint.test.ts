import 'reflect-metadata';
import { strict as assert } from 'node:assert';
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { applyRuleSettings } from '../../../server/src/core/linter';
import { linters } from '../../../server/src/core/linters';
import { memoryFileSystem, type Environment } from '../../../server/src/core/environment';
import { defaultLintSettings, type Finding } from '../../../server/src/core/types';
import { pemLinter } from '../../../server/src/core/pem/lint';
import { pemRules } from '../../../server/src/core/pem/checks';
import { decodePemText, type CertificateView } from '../../../server/src/core/pem';
import { OpenSsl } from './openssl';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../../../server/src/node/nodeEnvironment';

let o: OpenSsl;
before(() => (o = new OpenSsl()));
after(() => o.dispose());

function env(now: Date, files: Record<string, string> = {}): Environment {
  return { fs: memoryFileSystem(files), now: () => now, getEnv: () => undefined, cwd: () => '/', crypto: webcrypto as unknown as Environment['crypto'] };
}

function view(text: string): CertificateView {
  const d = decodePemText(text)[0]!.decoded;
  assert.ok(d.ok && d.view.kind === 'certificate');
  return d.view as CertificateView;
}

/** Lints `text` as /w/<name> at a time inside the certificate's validity (unless `now` is given). */
async function lint(text: string, opts: { now?: Date; files?: Record<string, string>; name?: string; warningDays?: number } = {}): Promise<Finding[]> {
  const blocks = decodePemText(text);
  const first = blocks.find((b) => b.decoded.ok && b.decoded.view.kind === 'certificate');
  const mid = first && first.decoded.ok && first.decoded.view.kind === 'certificate' ? new Date((Date.parse(first.decoded.view.notBefore) + Date.parse(first.decoded.view.notAfter)) / 2) : new Date();
  const path = `/w/${opts.name ?? 'x.pem'}`;
  const files = { [path]: text, ...opts.files };
  return pemLinter.lint({ path, text, languageId: 'pem' }, { env: env(opts.now ?? mid, files), settings: { ...defaultLintSettings, expiryWarningDays: opts.warningDays ?? 30 }, workspaceRoots: ['/w'] });
}

const codes = (f: readonly Finding[]): string[] => f.map((x) => x.code).sort();

describe('PEM linter registration', () => {
  it('is registered once and applies to PEM files only', () => {
    assert.equal(linters.filter((l) => l.name === 'pem').length, 1);
    assert.equal(pemLinter.appliesTo({ path: '/a/b.txt', text: '', languageId: 'pem' }), true);
    assert.equal(pemLinter.appliesTo({ path: '/a/b.crt', text: '' }), true);
    assert.equal(pemLinter.appliesTo({ path: '/a/b.yaml', text: '-----BEGIN CERTIFICATE-----', languageId: 'yaml' }), false);
    assert.equal(pemLinter.appliesTo({ path: '/a/openssl.cnf', text: '' }), false);
  });

  it('every reported code is documented in pemRules', async () => {
    const ca = o.ca({ ext: ['basicConstraints=CA:TRUE'] });
    for (const f of await lint(o.read(ca.cert), { now: new Date(2100, 0, 1) })) assert.ok(pemRules[f.code], f.code);
  });
});

describe('clean certificates have no findings', () => {
  it('a well-formed CA, a node certificate and its key', async () => {
    const ca = o.ca({ ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'] });
    assert.deepEqual(codes(await lint(o.read(ca.cert))), []);
    const node = o.leaf(ca);
    assert.deepEqual(codes(await lint(o.read(node.cert))), []);
    assert.deepEqual(codes(await lint(o.read(node.key), { name: 'node.key', files: { '/w/node.crt': o.read(node.cert) } })), []);
  });
});

describe('validity (clock injected through Environment.now)', () => {
  it('expired, expiring soon, not yet valid', async () => {
    const ca = o.ca({ days: 100 });
    const text = o.read(ca.cert);
    const v = view(text);
    const day = 86_400_000;
    assert.deepEqual(codes(await lint(text, { now: new Date(Date.parse(v.notAfter) + day) })), ['PEM-EXPIRED']);
    const soon = await lint(text, { now: new Date(Date.parse(v.notAfter) - 10 * day) });
    assert.deepEqual(codes(soon), ['PEM-EXPIRING']);
    assert.match(soon[0]!.message, /expires in (9|10) days/);
    assert.deepEqual(codes(await lint(text, { now: new Date(Date.parse(v.notAfter) - 10 * day), warningDays: 5 })), []);
    assert.deepEqual(codes(await lint(text, { now: new Date(Date.parse(v.notBefore) - day) })), ['PEM-NOT-YET-VALID']);
    const f = (await lint(text, { now: new Date(Date.parse(v.notAfter) + day) }))[0]!;
    assert.equal(text.slice(f.start, f.end), '-----BEGIN CERTIFICATE-----');
    assert.equal(f.severity, 'error');
  });
});

describe('RFC 5280 / CA-B Forum profile checks, each triggered by an openssl-made certificate', () => {
  const cases: Array<[string, () => string]> = [
    ['X509-CA-NO-KEYCERTSIGN', () => o.read(o.ca({ ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,digitalSignature,cRLSign', 'subjectKeyIdentifier=hash'] }).cert)],
    ['X509-CA-BC-NOT-CRITICAL', () => o.read(o.ca({ ext: ['basicConstraints=CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'] }).cert)],
    ['X509-CA-NO-KEYUSAGE', () => o.read(o.ca({ ext: ['basicConstraints=critical,CA:TRUE', 'subjectKeyIdentifier=hash'] }).cert)],
    ['X509-CA-NO-SKI', () => o.read(o.ca({ ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=none'] }).cert)],
    ['X509-CA-NO-BC', () => o.read(o.leaf(o.ca(), { ext: ['keyUsage=critical,keyCertSign', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'] }).cert)],
    ['X509-NO-AKI', () => o.read(o.leaf(o.ca(), { ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth', 'authorityKeyIdentifier=none'] }).cert)],
    ['X509-SERVER-NO-SAN', () => o.read(o.leaf(o.ca(), { subj: '/CN=db.example.com', ext: ['keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', 'authorityKeyIdentifier=keyid'] }).cert)],
    ['X509-SERIAL-NEGATIVE', () => o.read(o.leaf(o.ca(), { extra: ['-set_serial', '-5'] }).cert)],
    ['X509-SERIAL-ZERO', () => o.read(o.leaf(o.ca(), { extra: ['-set_serial', '0'] }).cert)],
    ['X509-SERIAL-TOO-LONG', () => o.read(o.leaf(o.ca(), { extra: ['-set_serial', `0x7${'f'.repeat(43)}`] }).cert)],
    ['X509-SHA1-SIGNATURE', () => o.read(o.leaf(o.ca({ key: o.key('rsa:2048') }), { extra: ['-sha1', '-CAcreateserial'] }).cert)],
    ['X509-RSA-SMALL', () => o.read(o.leaf(o.ca(), { key: o.key('rsa:1024') }).cert)],
    ['X509-EKU-KU-MISMATCH', () => o.read(o.leaf(o.ca(), { ext: ['keyUsage=critical,cRLSign', 'extendedKeyUsage=serverAuth', 'subjectAltName=DNS:x', 'authorityKeyIdentifier=keyid'] }).cert)],
    ['X509-CRITICAL-UNKNOWN', () => o.read(o.leaf(o.ca(), { ext: ['extendedKeyUsage=clientAuth', 'authorityKeyIdentifier=keyid', '1.2.3.5=critical,ASN1:UTF8String:x'] }).cert)],
    ['X509-V1-CERT', () => {
      const key = o.key('ec:prime256v1');
      o.run(['req', '-new', '-key', key, '-subj', '/CN=v1', '-out', 'v1.csr', '-config', o.write('v1.cnf', '[req]\ndistinguished_name=dn\n[dn]\n')]);
      o.run(['x509', '-req', '-in', 'v1.csr', '-signkey', key, '-days', '365', '-out', 'v1.crt']);
      return o.read('v1.crt');
    }],
  ];
  for (const [code, make] of cases) {
    it(code, async () => {
      const findings = await lint(make());
      assert.deepEqual(codes(findings), [code], JSON.stringify(findings.map((f) => f.message)));
      assert.equal(findings[0]!.severity, pemRules[code]!.severity);
    });
  }

  it('RSA under 1024 bits is an error', async () => {
    const f = await lint(o.read(o.leaf(o.ca(), { key: o.key('rsa:512') }).cert));
    assert.deepEqual(codes(f), ['X509-RSA-SMALL']);
    assert.equal(f[0]!.severity, 'error');
  });

  it('certwright.rules turns a check off or changes its severity', async () => {
    const f = await lint(o.read(o.leaf(o.ca(), { extra: ['-set_serial', '0'] }).cert));
    assert.deepEqual(applyRuleSettings(f, { 'X509-SERIAL-ZERO': 'off' }), []);
    assert.equal(applyRuleSettings(f, { 'X509-SERIAL-ZERO': 'error' })[0]!.severity, 'error');
  });
});

describe('keys, CRLs and broken blocks', () => {
  it('a key that matches no certificate beside it (and none when it does, or when the folder has no certificate)', async () => {
    const a = o.ca();
    const b = o.ca();
    const key = o.read(a.key);
    const mismatch = await lint(key, { name: 'server.key', files: { '/w/server.crt': o.read(b.cert), '/w/notes.txt': 'hello' } });
    assert.deepEqual(codes(mismatch), ['PEM-KEY-NO-CERT']);
    assert.equal(mismatch[0]!.severity, 'warning');
    assert.deepEqual(codes(await lint(key, { name: 'server.key', files: { '/w/server.crt': o.read(b.cert), '/w/ca.crt': o.read(a.cert) } })), []);
    assert.deepEqual(codes(await lint(key, { name: 'server.key' })), []);
    // A cert + key bundle in one file matches itself.
    assert.deepEqual(codes(await lint(o.read(a.cert) + key, { name: 'bundle.pem' })), []);
    // The sibling certificate files read are dependencies (their change re-lints the key).
    await lint(key, { name: 'server.key', files: { '/w/server.crt': o.read(b.cert), '/w/notes.txt': 'hello' } });
    assert.deepEqual(await pemLinter.dependencies!({ path: '/w/server.key', text: key }, { env: env(new Date()), settings: defaultLintSettings, workspaceRoots: [] }), ['/w/server.crt']);
  });

  it('a folder of keys is indexed once: each sibling is read once across all the keys\' lints, and again only after it changes (issue #11 point 8)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-keys-'));
    try {
      const ca = o.ca();
      writeFileSync(join(dir, 'other.crt'), o.read(o.ca().cert));
      const keys = Array.from({ length: 12 }, (_, i) => {
        const k = o.read(o.key('ec:prime256v1'));
        writeFileSync(join(dir, `k${i}.key`), k);
        return k;
      });
      const reads = new Map<string, number>();
      const fs = { ...nodeFileSystem, readFile: async (p: string) => (reads.set(p, (reads.get(p) ?? 0) + 1), nodeFileSystem.readFile(p)) };
      const ctx = { env: { ...env(new Date()), fs }, settings: defaultLintSettings, workspaceRoots: [dir] };
      const run = async (): Promise<Finding[][]> => Promise.all(keys.map((k, i) => pemLinter.lint({ path: join(dir, `k${i}.key`), text: k, languageId: 'pem' }, ctx)));
      const first = await run();
      assert.ok(first.every((f) => codes(f).join() === 'PEM-KEY-NO-CERT'));
      await run();
      assert.ok([...reads.values()].every((n) => n === 1), JSON.stringify([...reads]));
      // Replacing the certificate (a renewal: new mtime) is seen by the next lint.
      writeFileSync(join(dir, 'other.crt'), o.read(ca.cert));
      const later = new Date(Date.now() + 10_000);
      utimesSync(join(dir, 'other.crt'), later, later);
      writeFileSync(join(dir, 'k0.key'), o.read(ca.key));
      assert.deepEqual(codes(await pemLinter.lint({ path: join(dir, 'k0.key'), text: o.read(ca.key), languageId: 'pem' }, ctx)), []);
      assert.equal(reads.get(join(dir, 'other.crt')), 2);
      // In a batch (`certwright lint`) the folder is listed once for all its keys.
      let listings = 0;
      const counted = { ...fs, readDirectory: async (p: string) => (listings++, fs.readDirectory(p)) };
      const batch = {};
      for (let i = 1; i < keys.length; i++) await pemLinter.lint({ path: join(dir, `k${i}.key`), text: keys[i]!, languageId: 'pem' }, { ...ctx, env: { ...ctx.env, fs: counted }, batch });
      assert.equal(listings, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Ed25519 keys (no public half stored) and SEC1 EC keys are matched through a derived key id', async () => {
    const ed = o.ca({ key: o.key('ed25519') });
    const other = o.ca();
    assert.deepEqual(codes(await lint(o.read(ed.key), { name: 'ed.key', files: { '/w/ed.crt': o.read(ed.cert) } })), []);
    assert.deepEqual(codes(await lint(o.read(ed.key), { name: 'ed.key', files: { '/w/other.crt': o.read(other.cert) } })), ['PEM-KEY-NO-CERT']);
    o.run(['pkey', '-in', other.key, '-traditional', '-out', 'sec1.key']);
    const sec1 = o.read('sec1.key');
    assert.match(sec1, /BEGIN EC PRIVATE KEY/);
    assert.deepEqual(codes(await lint(sec1, { name: 'sec1.key', files: { '/w/other.crt': o.read(other.cert) } })), []);
    assert.deepEqual(codes(await lint(sec1, { name: 'sec1.key', files: { '/w/ed.crt': o.read(ed.cert) } })), ['PEM-KEY-NO-CERT']);
  });

  it('a binary DER key (PKCS#8 or SEC1, as certwright lint reads it) is matched against the folder as its PEM form is', async () => {
    const a = o.ca();
    const b = o.ca();
    const lintDer = (file: string, files: Record<string, string>): Promise<Finding[]> => {
      const text = Buffer.from(o.bytes(file)).toString('latin1');
      return pemLinter.lint({ path: '/w/server.der', text, binary: true, languageId: 'pem' }, { env: env(new Date(), { '/w/server.der': text, ...files }), settings: defaultLintSettings, workspaceRoots: ['/w'] });
    };
    o.run(['pkey', '-in', a.key, '-outform', 'DER', '-out', 'a8.der']);
    o.run(['pkey', '-in', a.key, '-traditional', '-outform', 'DER', '-out', 'a1.der']);
    for (const file of ['a8.der', 'a1.der']) {
      const mismatch = await lintDer(file, { '/w/server.crt': o.read(b.cert) });
      assert.deepEqual(codes(mismatch), ['PEM-KEY-NO-CERT'], file);
      assert.deepEqual({ start: mismatch[0]!.start, end: mismatch[0]!.end }, { start: 0, end: 1 });
      assert.deepEqual(codes(await lintDer(file, { '/w/server.crt': o.read(b.cert), '/w/ca.crt': o.read(a.cert) })), [], file);
      assert.deepEqual(codes(await lintDer(file, {})), [], `${file}: no certificate in the folder`);
    }
  });

  it('encrypted keys are reported, in words for any program (a DM or CockroachDB config naming one has its own rule)', async () => {
    o.run(['pkey', '-in', o.ca().key, '-aes256', '-passout', 'pass:x', '-out', 'enc.key']);
    const f = await lint(o.read('enc.key'), { name: 'enc.key' });
    assert.deepEqual(codes(f), ['PEM-KEY-ENCRYPTED']);
    assert.ok(!f[0]!.message.includes('MII'));
    assert.match(f[0]!.message, /needs its passphrase to load it, and Go's crypto\/tls cannot load it at all/);
    assert.doesNotMatch(f[0]!.message, /\bDM\b|CockroachDB/);
  });

  it('a CRL near its nextUpdate (within certwright.expiryWarningDays), then stale', async () => {
    const ca = o.ca();
    o.write('index.txt', '');
    o.write('crlnumber', '01\n');
    const cnf = o.write('ca.cnf', `[ca]\ndefault_ca=d\n[d]\ndatabase=${o.path('index.txt')}\ncrlnumber=${o.path('crlnumber')}\ndefault_md=sha256\ndefault_crl_days=1\n`);
    o.run(['ca', '-config', cnf, '-gencrl', '-keyfile', ca.key, '-cert', ca.cert, '-out', 'c.crl']);
    o.run(['ca', '-config', cnf, '-gencrl', '-crldays', '60', '-keyfile', ca.key, '-cert', ca.cert, '-out', 'long.crl']);
    assert.deepEqual(codes(await lint(o.read('long.crl'), { name: 'long.crl', now: new Date() })), [], 'a 60-day CRL is not due');
    const due = await lint(o.read('c.crl'), { name: 'c.crl', now: new Date() });
    assert.deepEqual(codes(due), ['PEM-CRL-EXPIRING']);
    assert.match(due[0]!.message, /within 30 days: publish a fresh CRL/);
    assert.deepEqual(codes(await lint(o.read('c.crl'), { name: 'c.crl', now: new Date(Date.now() + 3 * 86_400_000) })), ['PEM-CRL-STALE']);
  });

  it('broken base64 and DER are reported with their position', async () => {
    const text = o.read(o.ca().cert);
    const broken = text.replace(/\n(.{20})./, '\n$1!');
    const f = await lint(broken);
    assert.deepEqual(codes(f), ['PEM-BASE64']);
    assert.equal(broken[f[0]!.start], '!');
    const der = `-----BEGIN CERTIFICATE-----\n${Buffer.from([0x30, 0x03, 0x02, 0x01]).toString('base64')}\n-----END CERTIFICATE-----\n`;
    const d = await lint(der);
    assert.deepEqual(codes(d), ['PEM-DER']);
    assert.match(d[0]!.message, /byte \d+/);
    assert.deepEqual(codes(await lint('just text\n', { name: 'a.crt' })), ['PEM-NO-BLOCK']);
    // A DER certificate read as text is left to the DER viewer.
    o.run(['x509', '-in', o.ca().cert, '-outform', 'DER', '-out', 'c.der']);
    assert.deepEqual(codes(await lint(new TextDecoder().decode(o.bytes('c.der')), { name: 'c.crt' })), []);
  });
});
