// An adopted CA's subject policy, as openssl ca applies it (test/peers/adopt-policy.test.ts
// compares with the real openssl ca and easyrsa): read from the CA's configuration, the
// subject built in the policy's order, and what openssl ca refuses refused with the choices.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { caSubjectFor, preservedSubject, subjectUnderPolicy } from '../../../server/src/core/issue/caPolicy';
import { caPolicyOf } from '../../../server/src/core/issue/adoptedConfig';
import { onelineName } from '../../../server/src/core/issue/certs';
import { oidDer, tlv } from '../../../server/src/core/issue/writer';
import { easyRsaLayout } from '../../../server/src/core/issue/adopt';
import { profiles } from '../../../server/src/core/issue/profiles';
import { IssueError, type ProfileLayout } from '../../../server/src/core/issue/types';
import { memoryFileSystem } from '../../../server/src/core/environment';

const oids: Record<string, string> = { C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', emailAddress: '1.2.840.113549.1.9.1' };

/** A Name of single-attribute RDNs; C and emailAddress in the types openssl gives them, the rest UTF8String. */
function name(...atvs: [string, string][]): Uint8Array {
  const str = (k: string, v: string): Uint8Array => tlv(k === 'C' ? 0x13 : k === 'emailAddress' ? 0x16 : 0x0c, [Buffer.from(v, 'utf8')]);
  return tlv(0x30, atvs.map(([k, v]) => tlv(0x31, [tlv(0x30, [oidDer(oids[k]!), str(k, v)])])));
}

const openssl: ProfileLayout = { ...profiles.generic.layout, origin: 'openssl', opensslConfig: 'openssl.cnf' };
const config = (policy: string, extra = ''): string => `[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\npolicy = pol\n${extra}\n[ pol ]\n${policy}\n`;
const ca = name(['C', 'XX'], ['ST', 'Test'], ['O', 'Example'], ['CN', 'Root']);
const text = async (cfg: string, requested: Uint8Array): Promise<string> => onelineName((await caSubjectFor(openssl, cfg, ca, requested)).subject);
const refusal = (...parts: RegExp[]) => (e: unknown): boolean => e instanceof IssueError && parts.every((p) => p.test(e.message));
const refused = (fn: () => unknown, ...parts: RegExp[]): void => assert.throws(fn, refusal(...parts));
const refusedAsync = (p: Promise<unknown>, ...parts: RegExp[]): Promise<void> => assert.rejects(p, refusal(...parts));

describe('caPolicy: the subject openssl ca gives under an adopted CA\'s policy', () => {
  it('match fields take the CA\'s values and encodings; the kept fields follow the policy\'s order; unlisted ones are dropped', async () => {
    const cfg = config('countryName = match\nstateOrProvinceName = match\norganizationName = match\norganizationalUnitName = optional\ncommonName = supplied');
    const r = await caSubjectFor(openssl, cfg, ca, name(['O', 'Cockroach'], ['CN', 'node']));
    assert.equal(onelineName(r.subject), '/C=XX/ST=Test/O=Example/CN=node');
    assert.equal(onelineName(r.request), '/C=XX/ST=Test/O=Example/CN=node', 'the request printed as -subj is one openssl ca accepts');
    assert.ok(Buffer.from(r.subject).includes(Buffer.from([0x13, 0x02, 0x58, 0x58])), 'C as the CA encodes it (PrintableString)');
    assert.equal(await text(config('commonName = supplied\norganizationName = optional'), name(['O', 'Cockroach'], ['CN', 'node'])), '/CN=node/O=Cockroach');
    assert.equal(await text(config('commonName = supplied'), name(['O', 'Cockroach'], ['CN', 'node'])), '/CN=node');
  });

  it('preserve = yes in the configuration changes nothing (OpenSSL 3.0); email_in_dn = no drops emailAddress', async () => {
    assert.equal(await text(config('commonName = supplied\norganizationName = optional', 'preserve = yes'), name(['O', 'Cockroach'], ['CN', 'node'])), '/CN=node/O=Cockroach');
    const withEmail = name(['CN', 'node'], ['emailAddress', 'a@example.com']);
    assert.equal(await text(config('commonName = supplied\nemailAddress = optional'), withEmail), '/CN=node/emailAddress=a@example.com');
    assert.equal(await text(config('commonName = supplied\nemailAddress = optional', 'email_in_dn = no'), withEmail), '/CN=node');
  });

  it('refuses what openssl ca refuses, naming the field and the choices', async () => {
    await refusedAsync(caSubjectFor(openssl, config('organizationalUnitName = supplied\ncommonName = supplied'), ca, name(['CN', 'node'])), /\[ pol \] organizationalUnitName = supplied/, /set organizationalUnitName = optional in \[ pol \]/);
    await refusedAsync(caSubjectFor(openssl, config('localityName = match\ncommonName = supplied'), ca, name(['CN', 'node'])), /localityName = match, but the CA certificate has no localityName \(L\)/, /set localityName = optional/);
    await refusedAsync(caSubjectFor(openssl, config('countryName = optional'), ca, name(['CN', 'node'])), /empty subject/);
    refused(() => caPolicyOf(openssl, config('commonName = needed')), /commonName = needed: openssl ca knows only match, supplied and optional/);
    refused(() => caPolicyOf(openssl, config('commonNam = supplied')), /commonNam is not a name field openssl knows/);
    refused(() => caPolicyOf(openssl, '[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndatabase = index.txt\n'), /\[ CA_default \] has no policy/);
    refused(() => caPolicyOf(openssl, '[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\npolicy = nowhere\n'), /no \[ nowhere \] section/);
    refused(() => caPolicyOf(openssl, undefined), /openssl\.cnf is missing/);
  });

  it('a policy (or the CA section) in an .include\'d file is read as openssl ca run in the CA folder reads it; an include not read is named in the refusal', async () => {
    const main = '[ ca ]\ndefault_ca = CA_default\n.include conf.d/ca.cnf\n';
    const fs = memoryFileSystem({ '/srv/ca/conf.d/ca.cnf': '[ CA_default ]\npolicy = pol\n.include /etc/pki/policies.cnf\n', '/etc/pki/policies.cnf': '[ pol ]\ncommonName = supplied\norganizationName = match\n' });
    const p = caPolicyOf(openssl, main, { fs, folder: '/srv/ca' })!;
    assert.deepEqual([p.caSection, p.section, ...p.fields.map((f) => `${f.name} ${f.rule}`)], ['CA_default', 'pol', 'commonName supplied', 'organizationName match']);
    assert.equal(onelineName((await caSubjectFor(openssl, main, ca, name(['O', 'Cockroach'], ['CN', 'node']), { fs, folder: '/srv/ca' })).subject), '/CN=node/O=Example');
    // The policy alone in an include that is not there (or no folder to read it from): the refusal names it.
    const policyInclude = '[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\npolicy = pol\n.include policies.cnf\n';
    refused(() => caPolicyOf(openssl, policyInclude, { fs, folder: '/elsewhere' }), /no \[ pol \] section was found in the file or the files it includes; \/elsewhere\/policies\.cnf could not be read/);
    refused(() => caPolicyOf(openssl, policyInclude), /policies\.cnf could not be read \(relative paths are taken from the CA folder/);
  });

  it('a multi-valued RDN (CN=a+OU=b): split by the policy as openssl ca splits it; a renewal keeps it (openssl ca -preserveDN) unless the policy drops or replaces an attribute', async () => {
    const atv = (k: string, v: string): Uint8Array => tlv(0x30, [oidDer(oids[k]!), tlv(k === 'C' ? 0x13 : 0x0c, [Buffer.from(v, 'utf8')])]);
    const multi = tlv(0x30, [tlv(0x31, [atv('C', 'XX')]), tlv(0x31, [atv('ST', 'Test')]), tlv(0x31, [atv('O', 'Example')]), tlv(0x31, [atv('CN', 'mv'), atv('OU', 'unit')])]);
    const match = config('countryName = match\nstateOrProvinceName = match\norganizationName = match\norganizationalUnitName = optional\ncommonName = supplied');
    const policed = await caSubjectFor(openssl, match, ca, multi);
    assert.equal(onelineName(policed.subject), '/C=XX/ST=Test/O=Example/OU=unit/CN=mv', 'each attribute its own RDN, in the policy order (what openssl ca -config gives)');
    assert.equal(preservedSubject(policed, multi), multi, 'nothing dropped or replaced: the name is kept');
    assert.equal(onelineName(preservedSubject(policed, multi)!), '/C=XX/ST=Test/O=Example/CN=mv+OU=unit');
    // The policy drops OU, or O is not the CA's: the policy is followed.
    const noOu = config('countryName = match\nstateOrProvinceName = match\norganizationName = match\ncommonName = supplied');
    assert.equal(preservedSubject(await caSubjectFor(openssl, noOu, ca, multi), multi), undefined);
    const otherO = tlv(0x30, [tlv(0x31, [atv('O', 'Other')]), tlv(0x31, [atv('CN', 'mv'), atv('OU', 'unit')])]);
    assert.equal(preservedSubject(await caSubjectFor(openssl, match, ca, otherO), otherO), undefined);
    assert.equal(preservedSubject(await caSubjectFor(openssl, match, ca, name(['C', 'XX'], ['CN', 'x'])), name(['C', 'XX'], ['CN', 'x'])), undefined, 'single-valued names are untouched');
  });

  it('names fields by long name, short name or OID, as OBJ_txt2nid does', () => {
    const p = caPolicyOf(openssl, config('CN = supplied\n2.5.4.10 = optional'))!;
    assert.deepEqual(p.fields.map((f) => [f.oid, f.rule]), [['2.5.4.3', 'supplied'], ['2.5.4.10', 'optional']]);
    assert.equal(onelineName(subjectUnderPolicy(p, ca, name(['O', 'x'], ['CN', 'y'])).subject), '/CN=y/O=x');
  });

  it('only adopted openssl ca and easy-rsa CAs have one; easy-rsa without its copy of the configuration signs with policy_anything', () => {
    assert.equal(caPolicyOf(profiles.generic.layout, config('commonName = supplied')), undefined);
    const easy = easyRsaLayout('pki', 'generic').layout;
    const p = caPolicyOf(easy, undefined)!;
    assert.equal(p.section, 'policy_anything');
    assert.equal(onelineName(subjectUnderPolicy(p, name(['CN', 'Easy CA']), name(['CN', 'bob'], ['O', 'Cockroach'])).subject), '/O=Cockroach/CN=bob');
  });
});
