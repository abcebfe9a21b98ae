/**
 * An adopted CA's subject policy, against the real tools: the same request through `openssl
 * ca` (OpenSSL 3.0 apps/ca.c do_body; easy-rsa 3.1's `easyrsa sign-req`) and through
 * Certwright gets the same verdict, and the same subject, string types and order included.
 * Each case runs the tool on a copy of the CA taken just before Certwright signs, with the
 * name Certwright printed as its equivalent command (`-subj`), or (easy-rsa) a request holding
 * the same fields.
 *  - CA.pl's demoCA with OpenSSL's apps/openssl.cnf (policy_match: C, ST, O match, CN supplied):
 *    Certwright fills in the match fields from the CA, as a request openssl ca accepts must;
 *    a supplied field it has no value for, and a match field the CA lacks, are refused by both;
 *    fields the policy does not list are dropped, the rest put in its order (`preserve = yes` in
 *    the configuration changes nothing in OpenSSL 3.0: only -preserveDN does).
 *  - easy-rsa 3.1 (policy_anything, preserve = no), the policy edited in pki/openssl-easyrsa.cnf.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inProcessCli } from '../support/inProcessCli';
import { ok, openssl } from './support/openssl';
import { changed, EASYRSA, makeDemoCa, must, run, snapshot } from './support/realCas';

const { tmp, cli, json } = inProcessCli('certwright-adopt-policy-');

/** The subject as openssl prints it with the string types: order and encoding both show. */
const subjectOf = (file: string): string => ok(tmp, 'x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253,show_type').trim();

/** A request for a fresh P-256 key with the given subject. */
function request(dir: string, name: string, subj: string): string {
  must('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-subj', subj, '-out', `${name}.csr`], dir);
  return path.join(dir, `${name}.csr`);
}

/** Replaces a section's body (up to the next section) in a configuration file. */
function setSection(file: string, section: string, body: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const re = new RegExp(`(\\[ ${section} \\]\\n)[\\s\\S]*?(?=\\n\\[)`);
  assert.match(text, re);
  fs.writeFileSync(file, text.replace(re, `$1${body}\n`));
}

describe('adopted openssl ca (CA.pl demoCA, policy_match): Certwright and openssl ca give one verdict and one subject', () => {
  const dir = path.join(tmp, 'demo');
  const cnf = path.join(dir, 'openssl.cnf');
  const original = (): string => fs.readFileSync(path.join(tmp, 'openssl.cnf.orig'), 'utf8');

  before(async () => {
    makeDemoCa(dir, []);
    fs.copyFileSync(cnf, path.join(tmp, 'openssl.cnf.orig'));
    assert.equal((await cli('adopt', '--dir', dir, '--from', 'openssl', cnf)).code, 0);
  });

  /** Signs `csr` with Certwright and, on a copy of the CA taken before, with openssl ca and the name Certwright printed. */
  async function both(name: string, csr: string, ...args: string[]): Promise<{ certwright: string; openssl: string }> {
    const twin = path.join(tmp, `twin-${name}`);
    fs.cpSync(dir, twin, { recursive: true });
    const r = await json('sign', '--dir', dir, '--csr', csr, '--role', 'client', '--name', name, ...args);
    const m = /-subj (?:'([^']+)'|(\S+))/.exec(r.opensslCommands.find((c: string) => c.startsWith('openssl ca ')));
    const subj = m?.[1] ?? m?.[2];
    assert.ok(subj, r.opensslCommands.join('\n'));
    ok(twin, 'ca', '-config', 'openssl.cnf', '-batch', '-notext', '-subj', subj, '-in', csr, '-out', 'twin.crt');
    return { certwright: subjectOf(path.join(dir, r.issued.certPath)), openssl: subjectOf(path.join(twin, 'twin.crt')) };
  }

  it('policy_match: the match fields are the CA\'s (its encodings), the CN Certwright\'s, in the policy\'s order', async () => {
    const csr = request(dir, 'carol', '/CN=carol/OU=ignored');
    const r = await both('carol', csr);
    assert.equal(r.certwright, r.openssl);
    assert.equal(r.certwright, 'subject=CN=UTF8STRING:carol,O=UTF8STRING:Certwright,ST=UTF8STRING:Test,C=PRINTABLESTRING:XX');
  });

  it('a profile organization other than the CA\'s is replaced by the CA\'s, which is all policy_match accepts', async () => {
    const csr = request(dir, 'root', '/CN=root');
    const r = await both('root', csr, '--profile', 'cockroach');
    assert.equal(r.certwright, r.openssl);
    assert.match(r.certwright, /O=UTF8STRING:Certwright/);
  });

  it('the fields follow the policy\'s order, and those it does not list are dropped, whatever preserve says (OpenSSL 3.0 reads it only as -preserveDN)', async () => {
    try {
      setSection(cnf, 'policy_match', 'commonName = supplied\norganizationName = optional\n');
      const ordered = await both('u1', request(dir, 'u1', '/CN=u1'), '--profile', 'cockroach');
      assert.equal(ordered.certwright, ordered.openssl);
      assert.equal(ordered.certwright, 'subject=O=UTF8STRING:Cockroach,CN=UTF8STRING:u1', 'CN first, as the policy lists it (RFC 2253 prints the last first)');
      fs.writeFileSync(cnf, fs.readFileSync(cnf, 'utf8').replace(/^preserve\s*=\s*no/m, 'preserve = yes'));
      const preserved = await both('u2', request(dir, 'u2', '/CN=u2'), '--profile', 'cockroach');
      assert.equal(preserved.certwright, preserved.openssl);
      assert.equal(preserved.certwright, 'subject=O=UTF8STRING:Cockroach,CN=UTF8STRING:u2');
      setSection(cnf, 'policy_match', 'commonName = supplied\n');
      const cnOnly = await both('u3', request(dir, 'u3', '/CN=u3'), '--profile', 'cockroach');
      assert.equal(cnOnly.certwright, cnOnly.openssl);
      assert.equal(cnOnly.certwright, 'subject=CN=UTF8STRING:u3', 'O dropped: the policy does not list it');
    } finally {
      fs.writeFileSync(cnf, original());
    }
  });

  // openssl ca gets the name Certwright would ask for; for the match field the CA lacks, one that has it (without, openssl stops at the request).
  for (const [field, body, subj, opensslSays] of [
    ['organizationalUnitName', 'countryName = match\nstateOrProvinceName = match\norganizationName = match\norganizationalUnitName = supplied\ncommonName = supplied\n', '/C=XX/ST=Test/O=Certwright/CN=dave', /The organizationalUnitName field needed to be supplied and was missing/],
    ['localityName', 'countryName = match\nlocalityName = match\ncommonName = supplied\n', '/C=XX/L=Here/CN=dave', /The localityName field does not exist in the CA certificate/],
  ] as const) {
    it(`refused by both, nothing written, the message naming ${field} and the choice: ${field} ${field === 'localityName' ? '= match, the CA has none' : '= supplied'}`, async () => {
      try {
        setSection(cnf, 'policy_match', body);
        const csr = request(dir, 'dave', '/CN=dave');
        const before = snapshot(dir);
        const r = await cli('sign', '--dir', dir, '--csr', csr, '--role', 'client', '--name', 'dave');
        assert.equal(r.code, 1, r.err);
        assert.match(r.err, new RegExp(`\\[ policy_match \\] ${field} = (supplied|match)`));
        assert.match(r.err, new RegExp(`set ${field} = optional in \\[ policy_match \\]`));
        assert.deepEqual(changed(before, snapshot(dir)), { added: [], modified: [], removed: [] });
        const tool = openssl(dir, 'ca', '-config', 'openssl.cnf', '-batch', '-subj', subj, '-in', csr, '-out', 'dave.crt');
        assert.notEqual(tool.code, 0);
        assert.match(tool.out, opensslSays);
      } finally {
        fs.writeFileSync(cnf, original());
      }
    });
  }

  it('issue node follows the policy too, and the database line is the subject openssl ca -status finds', async () => {
    const r = await json('issue', 'node', '--dir', dir, '--san', 'db.example', '--name', 'db');
    assert.equal(subjectOf(path.join(dir, r.issued.certPath)), 'subject=CN=UTF8STRING:db.example,O=UTF8STRING:Certwright,ST=UTF8STRING:Test,C=PRINTABLESTRING:XX');
    assert.match(fs.readFileSync(path.join(dir, 'demoCA/index.txt'), 'utf8'), /\t\/C=XX\/ST=Test\/O=Certwright\/CN=db\.example\n/);
    assert.match(openssl(dir, 'ca', '-config', 'openssl.cnf', '-status', r.issued.serial).out, /=Valid/);
  });
});

describe('adopted easy-rsa 3.1 (policy_anything): Certwright and easyrsa sign-req give one verdict and one subject', () => {
  const dir = path.join(tmp, 'easyrsa');
  const env = { EASYRSA_BATCH: '1' };
  const cnf = path.join(dir, 'pki/openssl-easyrsa.cnf');
  let original = '';

  before(async () => {
    assert.ok(fs.existsSync(EASYRSA), `${EASYRSA} is missing: run scripts/install-system-deps.sh (Debian package easy-rsa)`);
    fs.mkdirSync(dir, { recursive: true });
    must(EASYRSA, ['init-pki'], dir, env);
    must(EASYRSA, ['build-ca', 'nopass'], dir, { ...env, EASYRSA_REQ_CN: 'Adopted EasyRSA CA' });
    original = fs.readFileSync(cnf, 'utf8');
    assert.equal((await cli('adopt', '--dir', dir, '--from', 'easy-rsa', path.join(dir, 'pki'), '--create-missing')).code, 0);
  });

  /** Certwright signs for `user` (cockroach: O=Cockroach, CN=user); easyrsa, on a copy, signs a request with those fields in the other order. */
  async function both(user: string): Promise<{ certwright: string; easyrsa: { code: number; out: string; subject?: string } }> {
    const twin = path.join(tmp, `twin-${user}`);
    fs.cpSync(dir, twin, { recursive: true });
    const csr = request(tmp, user, `/CN=${user}/O=Cockroach`);
    must(EASYRSA, ['import-req', csr, user], twin, env);
    const tool = run(EASYRSA, ['sign-req', 'client', user], twin, env);
    const r = await cli('sign', '--dir', dir, '--csr', csr, '--role', 'client', '--profile', 'cockroach', '--name', user, '--json');
    const issued = path.join(twin, `pki/issued/${user}.crt`);
    return {
      certwright: r.code === 0 ? subjectOf(path.join(dir, JSON.parse(r.out).issued.certPath)) : `refused: ${r.err}`,
      easyrsa: { ...tool, ...(tool.code === 0 ? { subject: subjectOf(issued) } : {}) },
    };
  }

  it('policy_anything: the fields in the policy\'s order', async () => {
    const r = await both('bob');
    assert.equal(r.easyrsa.code, 0, r.easyrsa.out);
    assert.equal(r.certwright, r.easyrsa.subject);
    assert.equal(r.certwright, 'subject=CN=UTF8STRING:bob,O=UTF8STRING:Cockroach');
  });

  it('organizationName left out of the policy: dropped by both', async () => {
    try {
      setSection(cnf, 'policy_anything', 'countryName = optional\ncommonName = supplied\n');
      const r = await both('erin');
      assert.equal(r.easyrsa.code, 0, r.easyrsa.out);
      assert.equal(r.certwright, r.easyrsa.subject);
      assert.equal(r.certwright, 'subject=CN=UTF8STRING:erin');
    } finally {
      fs.writeFileSync(cnf, original);
    }
  });

  it('organizationName = match while the CA (cn_only) has none: refused by both, naming the field', async () => {
    try {
      setSection(cnf, 'policy_anything', 'organizationName = match\ncommonName = supplied\n');
      const r = await both('frank');
      assert.notEqual(r.easyrsa.code, 0);
      assert.match(r.easyrsa.out, /The organizationName field does not exist in the CA certificate/);
      assert.match(r.certwright, /^refused: .*\[ policy_anything \] organizationName = match, but the CA certificate has no organizationName \(O\)/);
    } finally {
      fs.writeFileSync(cnf, original);
    }
  });
});

describe('adopted openssl ca whose policy is in an .include\'d file (relative to the folder openssl ca runs in)', () => {
  const dir = path.join(tmp, 'demo-include');
  const cnf = path.join(dir, 'openssl.cnf');

  before(async () => {
    makeDemoCa(dir, []);
    // [ policy_match ] moved into policies.cnf, included where it was.
    const text = fs.readFileSync(cnf, 'utf8');
    const block = /\[ policy_match \]\n[\s\S]*?(?=\n\[)/.exec(text)![0];
    fs.writeFileSync(cnf, text.replace(block, '.include policies.cnf\n'));
    fs.writeFileSync(path.join(dir, 'policies.cnf'), `${block}\n`);
  });

  it('openssl ca applies it (a request without C is refused); adopt reads it and Certwright signs with the subject openssl ca gives', async () => {
    const csr = request(dir, 'inc', '/CN=inc/OU=dropped');
    const twin = path.join(tmp, 'twin-include');
    fs.cpSync(dir, twin, { recursive: true });
    // openssl ca follows the include: policy_match's C = match refuses the request as it is.
    const plain = openssl(twin, 'ca', '-config', 'openssl.cnf', '-batch', '-notext', '-in', csr, '-out', 'plain.crt');
    assert.notEqual(plain.code, 0);
    assert.match(plain.out, /The mandatory countryName field was missing/);
    const adopted = await cli('adopt', '--dir', dir, '--from', 'openssl', cnf);
    assert.equal(adopted.code, 0, adopted.err);
    assert.match(adopted.out, /subjects follow \[ policy_match \] as openssl ca applies it \(countryName match/);
    const r = await json('sign', '--dir', dir, '--csr', csr, '--role', 'client', '--name', 'inc');
    const m = /-subj (?:'([^']+)'|(\S+))/.exec(r.opensslCommands.find((c: string) => c.startsWith('openssl ca ')));
    ok(twin, 'ca', '-config', 'openssl.cnf', '-batch', '-notext', '-subj', m?.[1] ?? m![2]!, '-in', csr, '-out', 'twin.crt');
    assert.equal(subjectOf(path.join(dir, r.issued.certPath)), subjectOf(path.join(twin, 'twin.crt')));
    assert.equal(subjectOf(path.join(dir, r.issued.certPath)), 'subject=CN=UTF8STRING:inc,O=UTF8STRING:Certwright,ST=UTF8STRING:Test,C=PRINTABLESTRING:XX');
  });

  it('the included file gone: both refuse, and Certwright names the include it could not read', async () => {
    fs.renameSync(path.join(dir, 'policies.cnf'), path.join(dir, 'policies.cnf.off'));
    try {
      const r = await cli('issue', 'client', '--dir', dir, '--user', 'gone');
      assert.equal(r.code, 1);
      assert.match(r.err, /no \[ policy_match \] section was found in the file or the files it includes; .*policies\.cnf could not be read/);
      const csr = request(dir, 'gone', '/C=XX/ST=Test/O=Certwright/CN=gone');
      assert.match(openssl(dir, 'ca', '-config', 'openssl.cnf', '-batch', '-notext', '-in', csr, '-out', 'gone.crt').out, /unable to find 'section' for policy_match/);
    } finally {
      fs.renameSync(path.join(dir, 'policies.cnf.off'), path.join(dir, 'policies.cnf'));
    }
  });
});

describe('renewing a certificate with a multi-valued RDN (CN=mv+OU=unit) under an adopted openssl ca policy', () => {
  const dir = path.join(tmp, 'demo-multi');
  const twin = (name: string): string => {
    const t = path.join(tmp, `twin-multi-${name}`);
    fs.cpSync(dir, t, { recursive: true });
    return t;
  };
  const rdns = (cwd: string, file: string): string => ok(cwd, 'x509', '-in', file, '-noout', '-subject', '-nameopt', 'RFC2253,show_type').trim();
  let original: string;

  before(async () => {
    makeDemoCa(dir, []);
    fs.writeFileSync(path.join(dir, 'demoCA/index.txt.attr'), 'unique_subject = no\n');
    must('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'mv.key', '-multivalue-rdn', '-subj', '/C=XX/ST=Test/O=Certwright/CN=mv+OU=unit', '-out', 'mv.csr'], dir);
    ok(dir, 'ca', '-config', 'openssl.cnf', '-batch', '-notext', '-preserveDN', '-in', 'mv.csr', '-out', 'mv.crt');
    original = rdns(dir, 'mv.crt');
    assert.equal(original, 'subject=OU=UTF8STRING:unit+CN=UTF8STRING:mv,O=UTF8STRING:Certwright,ST=UTF8STRING:Test,C=PRINTABLESTRING:XX');
    assert.equal((await cli('adopt', '--dir', dir, '--from', 'openssl', path.join(dir, 'openssl.cnf'))).code, 0);
  });

  it('openssl ca splits it into one RDN per attribute (policy order) unless -preserveDN', () => {
    const t = twin('plain');
    ok(t, 'x509', '-x509toreq', '-in', 'mv.crt', '-signkey', 'mv.key', '-out', 'again.csr');
    ok(t, 'ca', '-config', 'openssl.cnf', '-batch', '-notext', '-in', 'again.csr', '-out', 'split.crt');
    assert.equal(rdns(t, 'split.crt'), 'subject=CN=UTF8STRING:mv,OU=UTF8STRING:unit,O=UTF8STRING:Certwright,ST=UTF8STRING:Test,C=PRINTABLESTRING:XX');
    ok(t, 'ca', '-config', 'openssl.cnf', '-batch', '-notext', '-preserveDN', '-in', 'again.csr', '-out', 'kept.crt');
    assert.equal(rdns(t, 'kept.crt'), original);
  });

  it('certwright renew keeps the name as it is, and its printed commands (openssl ca -preserveDN) give the same name', async () => {
    const t = twin('printed');
    const r = await json('renew', '--dir', dir, '--cert', path.join(dir, 'mv.crt'), '--key', path.join(dir, 'mv.key'), '--days', '30');
    assert.equal(rdns(dir, 'mv.crt'), original);
    assert.deepEqual(r.warnings.filter((w: string) => /policy/.test(w)), []);
    assert.match(fs.readFileSync(path.join(dir, 'demoCA/index.txt'), 'utf8'), /\t\/C=XX\/ST=Test\/O=Certwright\/CN=mv\+OU=unit\n$/);
    const commands = (r.opensslCommands as string[]).slice(1);
    assert.match(commands.join('\n'), /openssl ca -config openssl\.cnf -batch -notext -preserveDN /);
    must('bash', ['-ec', commands.join('\n')], t);
    assert.equal(rdns(t, 'mv.crt'), original);
  });
});
