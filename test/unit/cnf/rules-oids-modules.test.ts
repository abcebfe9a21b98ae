/**
 * OID-001 / OID-002 (rules/oids.ts), MOD-001 / MOD-002 (rules/modules.ts), the
 * OID text reader (vocabulary.ts readOid, misreadOid) and the proxyCertInfo /
 * distribution-point checks. OpenSSL 3.0.19's behaviour for each case is in
 * test/peers/cnf-classes-openssl.test.ts, which runs the real openssl.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModuleOf, misreadOid, readOid } from '../../../server/src/core/cnf/vocabulary';
import { commandUsesOf } from '../../../server/src/core/cnf/commandUse';
import type { CommandLineUse } from '../../../server/src/core/cnf/model';
import { memoryFileSystem } from '../../../server/src/core/environment';
import { lint } from './helpers';
import { analyzeCnf, clearCnfCache } from '../../../server/src/core/cnf';
import { buildFeatureModel } from '../../../server/src/core/cnf/featureModel';
import { hoverAt } from '../../../server/src/core/cnf/hover';

const sum = (text: string) => lint(text, { vars: {} }).map((f) => `${f.line}:${f.code}:${f.severity}`);
const dn = '[ req ]\nprompt = no\ndistinguished_name = dn\n[ dn ]\nCN = x\n';

test('readOid follows a2d_ASN1_OBJECT: empty arcs are 0, a trailing separator is dropped, spaces separate', () => {
  const arcs = (s: string) => {
    const r = readOid(s);
    return 'arcs' in r ? r.arcs.join('.') : `error: ${r.error}`;
  };
  assert.equal(arcs('1.2.3..4'), '1.2.3.0.4');
  assert.equal(arcs('1.2.3.4.'), '1.2.3.4');
  assert.equal(arcs('1 .2.3'), '1.0.2.3');
  assert.equal(arcs('1.2.03'), '1.2.3');
  assert.equal(arcs('2.999.1'), '2.999.1');
  assert.equal(arcs('1.40.1'), 'error: second number too large');
  assert.equal(arcs('3.1'), 'error: first num too large');
  assert.equal(arcs('.1.2'), 'error: first num too large');
  assert.equal(arcs('12.3'), 'error: invalid separator');
  assert.equal(arcs('1.2.3.4a'), 'error: invalid digit');
  assert.equal(arcs('1'), 'error: missing second number');
  assert.deepEqual(misreadOid('1.3.6.1.5.5.7.3..1'), { encoded: '1.3.6.1.5.5.7.3.0.1', meant: { short: 'serverAuth', long: 'TLS Web Server Authentication', oid: '1.3.6.1.5.5.7.3.1' }, meantOid: '1.3.6.1.5.5.7.3.1' });
  assert.equal(misreadOid('1.2.3.4.'), undefined, 'a trailing dot encodes what it says');
  assert.equal(misreadOid('1.2.3.4'), undefined);
});

test('OID-001: oid_section entries OpenSSL 3 already knows (name or OID) fail every req and ca', () => {
  const oids = (lines: string) => sum(`oid_section = o\n[ o ]\n${lines}\n${dn}`);
  assert.deepEqual(oids('scardLogin = 1.3.6.1.4.1.311.20.2.2'), ['3:OID-001:error']);
  assert.deepEqual(oids('pkkdcekuoid = 1.3.6.1.5.2.3.5'), ['3:OID-001:error']);
  assert.deepEqual(oids('serverAuth = 1.2.3.4.5'), ['3:OID-001:error']);
  assert.deepEqual(oids('x = 1.40.1'), ['3:OID-001:error']);
  assert.deepEqual(oids('a = 1.2.3.4.9\nb = 1.2.3.4.9'), ['4:OID-001:error']);
  assert.deepEqual(oids('myPolicy = 1.2.3.4.7'), []);
  assert.deepEqual(oids('x = 1.2.3..4'), ['3:OID-002:warning']);
  assert.deepEqual(sum(`oid_section = nosuch\n${dn}`), ['1:OID-001:error']);
  const [f] = lint(`oid_section = o\n[ o ]\nscardLogin = 1.3.6.1.4.1.311.20.2.2\n${dn}`);
  assert.match(f!.message, /oid exists — 1\.3\.6\.1\.4\.1\.311\.20\.2\.2 is OpenSSL 3's built-in msSmartcardLogin/);
});

test('OID-002: OID text OpenSSL misreads, in extension values, names what it encodes and the OID one slip away', () => {
  const f = lint('[ e ]\nextendedKeyUsage = 1.3.6.1.5.5.7.3..1, clientAuth\n');
  assert.deepEqual(f.map((x) => `${x.line}:${x.code}:${x.severity}`), ['2:OID-002:warning']);
  assert.match(f[0]!.message, /as 1\.3\.6\.1\.5\.5\.7\.3\.0\.1.*Did you mean 1\.3\.6\.1\.5\.5\.7\.3\.1 \(serverAuth\)\?/);
  assert.equal(f[0]!.finding.start, '[ e ]\nextendedKeyUsage = '.length);
});

test('MOD-001: module failures are errors where fatal (-config files, config_diagnostics), else warnings', () => {
  const lib = 'openssl_conf = init\n[ init ]\nfoo = bar\n';
  assert.deepEqual(sum(lib), ['3:MOD-001:warning'], 'as OPENSSL_CONF, OpenSSL skips the module');
  assert.deepEqual(sum(`config_diagnostics = 1\n${lib}`), ['4:MOD-001:error']);
  assert.deepEqual(sum(`${lib}${dn}`), ['3:MOD-001:error'], 'openssl req -config stops');
  const diag = (m: string) => sum(`config_diagnostics = 1\nopenssl_conf = init\n[ init ]\n${m}\n`);
  assert.deepEqual(diag('providers.1 = prov\n[ prov ]\ndefault = ds\n[ ds ]\nactivate = 1'), []);
  assert.deepEqual(diag('providers = prov\n[ prov ]\ndefault = nosect'), ['6:MOD-001:error']);
  assert.deepEqual(diag('ssl_conf = ssl\n[ ssl ]\nsystem_default = nosect'), ['6:MOD-001:error']);
  assert.deepEqual(diag('ssl_conf = ssl\n[ ssl ]\nsystem_default = sd\n[ sd ]\nMinProtocol = TLSv1.9'), ['8:MOD-002:warning']);
  assert.deepEqual(diag('alg_section = algs\n[ algs ]\ndefault_properties = ???'), ['6:MOD-001:error']);
  assert.deepEqual(diag('alg_section = algs\n[ algs ]\ndefault_properties = ?fips=yes,-legacy'), []);
  assert.deepEqual(diag('alg_section = algs\n[ algs ]\ndefault_properties = fips=yes'), ['6:MOD-002:warning']);
  assert.deepEqual(diag('random = r\n[ r ]\nfoo = bar'), ['6:MOD-001:error']);
  assert.deepEqual(diag('stbl_section = st\n[ st ]\ncommonName = min:1,max:64,mask:UTF8String|BMPString,flags:nomask'), []);
  assert.deepEqual(diag('stbl_section = st\n[ st ]\ncommonName = flags:stable'), ['6:MOD-001:error']);
  assert.deepEqual(diag('stbl_section = st\n[ st ]\n2.5.4.3 = min:1'), ['6:MOD-001:error']);
  assert.deepEqual(diag('oid_section = oo\n[ oo ]\nscardLogin = 1.3.6.1.4.1.311.20.2.2'), ['6:MOD-001:error']);
  assert.deepEqual(diag('oid_section = oo\n[ oo ]\nfoo = Foo Long, 1.2.3.4.77'), []);
});

test('proxyCertInfo and distribution point sections are checked as OpenSSL parses them; errors in a section nothing names are warnings', () => {
  const used = (v: string, more = '') => sum(`[ req ]\nprompt = no\ndistinguished_name = dn\nx509_extensions = e\n[ dn ]\nCN = x\n[ e ]\n${v}\n${more}`);
  assert.deepEqual(used('proxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:3,policy:foo'), ['8:X509-PCI-1:error']);
  assert.deepEqual(used('proxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:1,policy:text:AB'), []);
  assert.deepEqual(used('proxyCertInfo = language:id-ppl-inheritAll,policy:text:AB'), ['8:X509-PCI-1:error']);
  assert.deepEqual(used('proxyCertInfo = pathlen:1'), ['8:X509-PCI-1:error']);
  assert.deepEqual(used('crlDistributionPoints = dp', '[ dp ]\nfullname = URI:http://example.com/ca.crl\nreasons = keyCompromise, nosuchReason'), ['11:X509-CRLDP-1:error']);
  assert.deepEqual(used('crlDistributionPoints = dp', '[ dp ]\nfullname = URI:http://example.com/ca.crl\nreasons = keyCompromise, CACompromise'), []);
  // Debian's stock [ proxy_cert_ext ]: nothing names it.
  const unused = lint('[ proxy_cert_ext ]\nbasicConstraints = CA:FALSE\nproxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:3,policy:foo\n');
  assert.deepEqual(unused.map((f) => `${f.line}:${f.code}:${f.severity}`), ['3:X509-PCI-1:warning']);
  assert.match(unused[0]!.message, /fails only where -extensions \/ -reqexts proxy_cert_ext uses it/);
  const picked = lint('[ proxy_cert_ext ]\nproxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:3,policy:foo\n', { commandLine: { extensions: ['proxy_cert_ext'] } });
  assert.deepEqual(picked.map((f) => `${f.line}:${f.code}:${f.severity}`), ['2:X509-PCI-1:error']);
});

test('MOD-001: an empty ssl section or ssl command section fails module loading, also when its missing .include left it empty', () => {
  const diag = (m: string) => sum(`config_diagnostics = 1\nopenssl_conf = init\n[ init ]\n${m}\n`);
  assert.deepEqual(diag('ssl_conf = ssl\n[ ssl ]'), ['4:MOD-001:error']);
  assert.deepEqual(diag('ssl_conf = ssl\n[ ssl ]\nsystem_default = sd\n[ sd ]'), ['6:MOD-001:error']);
  assert.deepEqual(diag('ssl_conf = ssl\n[ ssl ]\nsystem_default = sd\n[ sd ]\nMinProtocol = TLSv1.2'), []);
  // CentOS 8's stock openssl.cnf: the crypto policy comes from an include (strongswan PR 1127 carries the file).
  const centos = `openssl_conf = default_modules\n[ default_modules ]\nssl_conf = ssl_module\n[ ssl_module ]\nsystem_default = crypto_policy\n[ crypto_policy ]\n.include /nonexistent-cw/crypto-policies/opensslcnf.config\n${dn}`;
  const env = { fs: memoryFileSystem({}), getEnv: () => undefined, cwd: () => '/' };
  const f = lint(centos, { env, vars: {} });
  assert.deepEqual(f.map((x) => `${x.line}:${x.code}:${x.severity}`), ['5:MOD-001:error', '7:CNF-050:warning']);
  assert.match(f[0]!.message, /ssl command section empty: name=system_default, value=crypto_policy .*\.include \/nonexistent-cw\/crypto-policies\/opensslcnf\.config does not exist/);
  // Not followed here (no files): its content is unknown, so no claim that it is empty.
  assert.deepEqual(sum(centos), []);
  const there = lint(centos, { env: { ...env, fs: memoryFileSystem({ '/nonexistent-cw/crypto-policies/opensslcnf.config': 'MinProtocol = TLSv1.2\n' }) }, vars: {} });
  assert.deepEqual(there.map((x) => `${x.line}:${x.code}`), []);
});

test('MOD-001: an engine whose dynamic_path does not exist on this machine cannot be loaded (init = 0 does not defer it)', () => {
  // Debian 10's openssl.cnf as shipped for BlueField (strongswan PR 1127): engine pka.
  const text = (path: string) => `openssl_conf = default_conf\n[default_conf]\nengines = engine_section\n[ engine_section ]\nbf = bf_section\n[ bf_section ]\nengine_id=pka\ndynamic_path=${path}\ninit=0\n${dn}`;
  const env = { fs: memoryFileSystem({ '/usr/lib/engines-1.1/pka.so': 'ELF' }), getEnv: () => undefined, cwd: () => '/' };
  const f = lint(text('/usr/lib/aarch64-linux-gnu/engines-1.1/pka.so'), { env, vars: {} });
  assert.deepEqual(f.map((x) => `${x.line}:${x.code}:${x.severity}`), ['8:MOD-001:error']);
  assert.match(f[0]!.message, /engine bf: dynamic_path \/usr\/lib\/aarch64-linux-gnu\/engines-1\.1\/pka\.so does not exist on this machine/);
  assert.deepEqual(lint(text('/usr/lib/engines-1.1/pka.so'), { env, vars: {} }).map((x) => x.code), []);
  assert.deepEqual(lint(text('@ENGINE_PATH@'), { env, vars: {} }).map((x) => x.code), [], 'a relative path is searched for by the loader');
  assert.deepEqual(sum(text('/usr/lib/aarch64-linux-gnu/engines-1.1/pka.so')), [], 'without files, nothing to say');
  const asLibrary = lint(text('/nonexistent/pka.so').replace(dn, ''), { env, vars: {} });
  assert.deepEqual(asLibrary.map((x) => `${x.line}:${x.code}:${x.severity}`), ['8:MOD-001:warning'], 'as OPENSSL_CONF, the engine is skipped');
});

test('MOD-001: an engine named by id only (no dynamic_path) that is not in the engines folder cannot be loaded once a command needs it', () => {
  const dir = '/usr/lib/x86_64-linux-gnu/engines-3';
  const env = (files: Record<string, string>, vars: Record<string, string> = {}) => ({ fs: memoryFileSystem(files), getEnv: (k: string) => vars[k], cwd: () => '/' });
  const here = env({ [`${dir}/afalg.so`]: 'ELF', [`${dir}/pkcs11.so`]: 'ELF' });
  const text = (sect: string, body: string, lib = false) => `openssl_conf = init\n[ init ]\nengines = es\n[ es ]\n${sect}\n${body}\n${lib ? '' : dn}`;
  const see = (t: string, e = here) => lint(t, { env: e }).map((x) => `${x.line}:${x.code}:${x.severity}`);
  // OpenSSL 3.0.19 (test/peers/cnf-classes-openssl.test.ts): openssl req -config fails, "could not load the shared library ... engines-3/gost.so".
  const gost = text('gost = gost_sect\n[ gost_sect ]', 'init = 0');
  assert.deepEqual(see(gost), ['5:MOD-001:error'], 'the cause is the name in [ es ]');
  assert.match(lint(gost, { env: here })[0]!.message, /engine gost: \[gost_sect\] gives no dynamic_path .* its command init makes OpenSSL load \/usr\/lib\/x86_64-linux-gnu\/engines-3\/gost\.so, which does not exist on this machine/);
  // engine_id before the first command names the engine: the cause is there.
  assert.deepEqual(see(text('e = e_sect\n[ e_sect ]', 'engine_id = gost\ndefault_algorithms = ALL')), ['7:MOD-001:error']);
  // As OPENSSL_CONF (no req or CA section, no config_diagnostics) the module is skipped: a warning.
  assert.deepEqual(see(text('gost = gost_sect\n[ gost_sect ]', 'default_algorithms = ALL', true)), ['5:MOD-001:warning']);
  // Nothing loads: an installed engine, one OpenSSL ships, soft_load first, dynamic_path first, a section with only engine_id or nothing.
  assert.deepEqual(see(text('pkcs11 = p_sect\n[ p_sect ]', 'MODULE_PATH = /usr/lib/opensc-pkcs11.so\ninit = 0')), []);
  assert.deepEqual(see(text('rdrand = r_sect\n[ r_sect ]', 'default_algorithms = RAND')), []);
  assert.deepEqual(see(text('gost = gost_sect\n[ gost_sect ]', 'soft_load = 1\ndefault_algorithms = ALL')), []);
  assert.deepEqual(see(text('gost = gost_sect\n[ gost_sect ]', 'dynamic_path = ./gost.so\ndefault_algorithms = ALL')), []);
  assert.deepEqual(see(text('gost = gost_sect\n[ gost_sect ]', 'engine_id = gost')), []);
  assert.deepEqual(see(text('gost = gost_sect\n[ gost_sect ]', '')), []);
  // OPENSSL_ENGINES replaces the folder (not quoted: it comes from the environment); no engines folder at all: nothing to say.
  const fromEnv = lint(gost, { env: env({ '/opt/eng/x': '' }, { OPENSSL_ENGINES: '/opt/eng' }) });
  assert.deepEqual(fromEnv.map((x) => x.code), ['MOD-001']);
  assert.doesNotMatch(fromEnv[0]!.message, /\/opt\/eng/);
  assert.deepEqual(see(gost, env({ '/opt/eng/gost.so': 'ELF' }, { OPENSSL_ENGINES: '/opt/eng' })), []);
  assert.deepEqual(see(gost, env({})), []);
});

test('MOD-001: a provider parameter whose value leads back to a section on the way is a recursive section reference (openssl test/recursive.cnf)', () => {
  const diag = (m: string) => sum(`config_diagnostics = 1\nopenssl_conf = init\n[ init ]\n${m}\n`);
  // The entry that closes the cycle is the cause; OpenSSL names no line.
  assert.deepEqual(diag('providers = prov\n[ prov ]\n = prov'), ['6:CNF-030:warning', '6:MOD-001:error']);
  assert.deepEqual(diag('providers = prov\n[ prov ]\ndefault = ds\n[ ds ]\nactivate = 1\nsub = ds'), ['9:MOD-001:error']);
  assert.deepEqual(diag('providers = prov\n[ prov ]\ndefault = ds\n[ ds ]\nparams = ps\n[ ps ]\nback = ds'), ['10:MOD-001:error']);
  // A section reached twice without a cycle, or shared by two providers, is fine; one cycle is reported once.
  assert.deepEqual(diag('providers = prov\n[ prov ]\ndefault = ds\n[ ds ]\nactivate = 1\na = ps\nb = ps\n[ ps ]\nx = 1'), []);
  assert.deepEqual(diag('providers = prov\n[ prov ]\ndefault = ds\nlegacy = ds\n[ ds ]\nactivate = 1'), []);
  assert.deepEqual(diag('providers = prov\n[ prov ]\ndefault = ds\nlegacy = ds\n[ ds ]\nsub = ds'), ['9:MOD-001:error']);
  // As OPENSSL_CONF without config_diagnostics the provider is skipped: a warning.
  assert.deepEqual(sum('openssl_conf = init\n[ init ]\nproviders = prov\n[ prov ]\n = prov\n'), ['5:CNF-030:warning', '5:MOD-001:warning']);
  const f = lint('config_diagnostics = 1\nopenssl_conf = init\n[ init ]\nproviders = prov\n[ prov ]\ndefault = ds\n[ ds ]\nparams = ps\n[ ps ]\nback = ds\n', { vars: {} });
  assert.match(f[0]!.message, /recursive section reference: the parameters of provider 'default' lead back to \[ds\] through 'back = ds'/);
});

test('MOD-001: told how the command loads the file, the loop of test/recursive.cnf is fatal with -config and skipped as OPENSSL_CONF, whatever sections the file has', () => {
  const recursive = 'openssl_conf = openssl_init\nconfig_diagnostics = yes\n\n[openssl_init]\nproviders = provider_sect\n\n[provider_sect]\n = provider_sect\n';
  const mod = (text: string, loadedAs?: 'config' | 'opensslConf'): string[] =>
    lint(text, { vars: {}, ...(loadedAs ? { commandLine: { loadedAs } } : {}) }).filter((f) => f.code === 'MOD-001').map((f) => `${f.line}:${f.severity}`);
  // config_diagnostics = yes is not a number: OpenSSL reads 0.
  assert.deepEqual(mod(recursive), ['8:warning']);
  assert.deepEqual(mod(recursive, 'config'), ['8:error']);
  assert.deepEqual(mod(recursive, 'opensslConf'), ['8:warning']);
  const withReq = `${recursive}[ req ]\ndistinguished_name = dn\n[ dn ]\n`;
  assert.deepEqual(mod(withReq), ['8:error'], 'a req section: taken as given with -config');
  assert.deepEqual(mod(withReq, 'opensslConf'), ['8:warning']);
});

test('MOD-001 stays linear: 20,000 empty ssl command sections beside an include, and one large section named by 20,000 engines and modules', { timeout: 120_000 }, () => {
  const n = 20_000;
  const env = { fs: memoryFileSystem({}), getEnv: () => undefined, cwd: () => '/' };
  const commands = Array.from({ length: n }, (_, i) => `c${i} = empty_${i}`).join('\n');
  const empties = Array.from({ length: n }, (_, i) => `[ empty_${i} ]`).join('\n');
  const ssl = `config_diagnostics = 1\nopenssl_conf = init\n[ init ]\nssl_conf = ssl\n[ ssl ]\n${commands}\n${empties}\n[ other ]\n.include /nonexistent-cw/x.cnf\n`;
  const f = lint(ssl, { env, vars: {} });
  assert.equal(f.filter((x) => x.code === 'MOD-001' && /ssl command section empty/.test(x.message)).length, n);
  // Every engine and every engines module names one section of 20,000 entries: it is read once.
  const engines = Array.from({ length: n }, (_, i) => `e${i} = big`).join('\n');
  const modules = Array.from({ length: n }, (_, i) => `engines.${i} = engine_section`).join('\n');
  const keys = Array.from({ length: n }, (_, i) => `k${i} = v`).join('\n');
  const big = `config_diagnostics = 1\nopenssl_conf = init\n[ init ]\n${modules}\n[ engine_section ]\n${engines}\n[ big ]\n${keys}\ndynamic_path = /nonexistent-cw/e.so\n`;
  assert.deepEqual(lint(big, { env, vars: {} }).filter((x) => x.code === 'MOD-001').map((x) => x.line), [n * 3 + 6]);
  // 20,000 providers share one chain of 20,000 parameter sections ending in a cycle: walked once, reported once.
  const chain = Array.from({ length: n }, (_, i) => `[ p${i} ]\nnext = p${i + 1}`).join('\n');
  const provs = Array.from({ length: n }, (_, i) => `prov${i} = p0`).join('\n');
  const deep = `config_diagnostics = 1\nopenssl_conf = init\n[ init ]\nproviders = ps\n[ ps ]\n${provs}\n${chain}\n[ p${n} ]\nback = p0\n`;
  assert.deepEqual(lint(deep, { env, vars: {} }).filter((x) => x.code === 'MOD-001').map((x) => x.line), [n * 3 + 7]);
});

test('openssl_conf / config_diagnostics pasted below [ new_oids ] are read as OIDs and fail (OID-001), one finding on the line, not also CNF-070', () => {
  // snyk/cli scripts/openssl.cnf: OpenSSL 3.0.19 openssl req fails "problem creating object config_diagnostics=1".
  const text = `openssl_conf = init\noid_section = new_oids\n[ new_oids ]\ntsa_policy1 = 1.2.3.4.1\nconfig_diagnostics = 1\nopenssl_conf = init\n[ init ]\n[ other ]\nconfig_diagnostics = 1\n${dn}`;
  assert.deepEqual(lint(text).map((f) => `${f.line}:${f.code}:${f.severity}`), ['5:OID-001:error', '6:OID-001:error', '9:CNF-070:warning']);
});

test('OID-001 where nothing reads oid_section: loaded as OPENSSL_CONF or given to x509 -extfile, a warning; openssl req, ca and ts, an error', () => {
  // snyk/cli scripts/openssl.cnf as its FIPS set-up uses it (OPENSSL_CONF): OpenSSL 3.0.19 loads it; openssl req -config fails.
  const text = `openssl_conf = init\noid_section = new_oids\n[ new_oids ]\ntsa_policy1 = 1.2.3.4.1\nconfig_diagnostics = 1\n[ init ]\n[ e ]\nbasicConstraints = CA:FALSE\n${dn}`;
  const oid = (commandLine?: CommandLineUse) =>
    lint(text, { vars: {}, ...(commandLine ? { commandLine } : {}) }).filter((f) => f.code === 'OID-001').map((f) => `${f.line}:${f.severity}`);
  const used = (...argv: string[]) => {
    const u = commandUsesOf(['openssl', ...argv]);
    assert.ok(!('error' in u));
    return u.find((x) => x.file === 'f.cnf')!.use;
  };
  assert.deepEqual(oid(), ['5:error'], 'no use known: a file openssl req can use');
  assert.deepEqual(oid({ loadedAs: 'opensslConf' }), ['5:warning']);
  assert.deepEqual(oid(used('x509', '-req', '-in', 'r.csr', '-signkey', 'k', '-extfile', 'f.cnf', '-extensions', 'e')), ['5:warning']);
  assert.deepEqual(oid(used('req', '-new', '-config', 'f.cnf', '-key', 'k')), ['5:error']);
  assert.deepEqual(oid({ ...used('req', '-new', '-config', 'f.cnf', '-key', 'k'), loadedAs: 'opensslConf' }), ['5:error'], 'OPENSSL_CONF=f openssl req: req reads it');
  const missing = 'oid_section = nosuch\n[ e ]\nbasicConstraints = CA:FALSE\n';
  assert.deepEqual(lint(missing, { vars: {}, commandLine: used('x509', '-req', '-in', 'r.csr', '-signkey', 'k', '-extfile', 'f.cnf', '-extensions', 'e') }).map((f) => `${f.line}:${f.code}:${f.severity}`), ['1:OID-001:warning']);
  const w = lint(text, { vars: {}, commandLine: { loadedAs: 'opensslConf' } }).find((f) => f.code === 'OID-001')!;
  assert.match(w.message, /does not read oid_section .* openssl req, ca and ts fail on it/);
});

test('module names are matched by their beginning, as conf_mod.c module_find compares them (strncmp over the key\'s length)', () => {
  assert.equal(builtinModuleOf('s'), 'stbl_section', 'stbl_section is added before ssl_conf');
  assert.equal(builtinModuleOf('ssl'), 'ssl_conf');
  assert.equal(builtinModuleOf('provider'), 'providers');
  assert.equal(builtinModuleOf('providers.2'), 'providers');
  assert.equal(builtinModuleOf('a.b'), 'alg_section', 'the name is the key up to its last dot');
  assert.equal(builtinModuleOf('e'), 'engines');
  assert.equal(builtinModuleOf('o'), 'oid_section');
  assert.equal(builtinModuleOf('rand'), 'random');
  assert.equal(builtinModuleOf('providersx'), undefined, 'longer than every module name');
  assert.equal(builtinModuleOf('fips'), undefined);
  // openssl test/recipes/04-test_asn1_stable_parse_data/asn1_stable_parse.cnf: `s = mstbl` runs the string table module,
  // and OpenSSL 3.0.19 fails on its first entry (invalid string table value), not on an unknown module.
  const stable = 'openssl_conf = openssl_init\nconfig_diagnostics = 1\n\n[openssl_init]\ns = mstbl\n\n[mstbl]\nid-tc26 = min\n';
  assert.deepEqual(sum(stable), ['8:MOD-001:error']);
  assert.deepEqual(sum('openssl_conf = init\nconfig_diagnostics = 1\n[ init ]\nprovider = p\n[ p ]\ndefault = d\n[ d ]\nactivate = 1\n'), []);
  assert.deepEqual(sum('openssl_conf = init\nconfig_diagnostics = 1\n[ init ]\nprovidersx = p\n[ p ]\ndefault = d\n[ d ]\nactivate = 1\n'), ['4:MOD-001:error']);
});

test('alg_section fips_mode: the deprecated boolean OpenSSL 3.0 still reads (test/fips-alt.cnf), refused only when it is no X509V3_get_value_bool word', () => {
  const alg = (v: string) => sum(`openssl_conf = init\nconfig_diagnostics = 1\n[ init ]\nalg_section = a\n[ a ]\nfips_mode = ${v}\n`);
  assert.deepEqual(alg('no'), []);
  assert.deepEqual(alg('N'), []);
  assert.deepEqual(alg('true'), ['6:MOD-002:warning'], 'fips=yes for every fetch, and no fips provider here');
  assert.deepEqual(alg('maybe'), ['6:MOD-001:error']);
  assert.deepEqual(alg('No'), ['6:MOD-001:error'], 'the words are case-sensitive');
  assert.deepEqual(sum('openssl_conf = init\nconfig_diagnostics = 1\n[ init ]\nalg_section = a\n[ a ]\nfips = yes\n'), ['6:MOD-001:error']);
});

test('hover on a library-init key that begins a module name says which module OpenSSL runs; fips_mode is documented', () => {
  const text = 'openssl_conf = init\n[ init ]\ns = st\nalg_section = a\n[ st ]\ncommonName = min:1\n[ a ]\nfips_mode = no\n';
  clearCnfCache();
  const model = buildFeatureModel(analyzeCnf(text, { path: '/test/h.cnf' }));
  const s = hoverAt(model, text.indexOf('s = st'))?.markdown ?? '';
  assert.match(s, /\*\*stbl_section\*\*/);
  assert.match(s, /OpenSSL reads `s` as `stbl_section`/);
  const alg = hoverAt(model, text.indexOf('alg_section'))?.markdown ?? '';
  assert.doesNotMatch(alg, /OpenSSL reads/, 'a full module name needs no note');
  assert.match(hoverAt(model, text.indexOf('fips_mode'))?.markdown ?? '', /deprecated way of writing `default_properties = fips=yes`/);
});
