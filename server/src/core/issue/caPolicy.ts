/**
 * The subject policy of an adopted CA, applied as `openssl ca` applies it (OpenSSL 3.0
 * apps/ca.c do_body): the `policy` section its CA section names lists, in order, the fields
 * a subject keeps; `match` ones must equal the CA's, `supplied` ones must be there, `optional`
 * ones are kept when there; every other field is dropped and the kept ones are put in the
 * policy's order; `email_in_dn = no` drops emailAddress. `preserve = yes` in the configuration
 * changes nothing in OpenSSL 3.0 (tried: only the command line's -preserveDN keeps the
 * request's order; easy-rsa's maintainers found the same, OpenVPN/easy-rsa#970). Read from the CA's own configuration every time (the one place openssl
 * ca reads it too), so an edited policy holds for both tools at once.
 *
 * Certwright decides the name it asks for (the profile's O and CN), so it fills in the
 * `match` fields with the CA's own values, which is the only name openssl ca accepts; a
 * `supplied` field it has no value for, or a policy openssl ca cannot use, is refused with the
 * choices. Pure.
 */
import type { Environment } from '../environment';
import { children, readOid, readTlv, type Tlv } from '../pem/der';
import { dnNames } from '../pem/oids';
import { tlv } from './writer';
import { foreignConfig } from './layout';
import { IssueError, type CaMaterial, type ProfileLayout } from './types';
import { tr } from '../l10n';

const TAG_SET = 0x31;
const TAG_SEQUENCE = 0x30;
const OID_EMAIL = '1.2.840.113549.1.9.1';

export type PolicyRule = 'match' | 'supplied' | 'optional';

export interface PolicyField {
  /** As the configuration writes it (`countryName`). */
  readonly name: string;
  readonly oid: string;
  readonly rule: PolicyRule;
}

export interface CaPolicy {
  /** The configuration (relative to the layout root) and the sections it was read from, for the messages. */
  readonly config: string;
  readonly caSection: string;
  readonly section: string;
  readonly fields: readonly PolicyField[];
  readonly emailInDn: boolean;
}

/**
 * Where an adopted CA's configuration reads its `.include`s: the files (injected) and the CA's
 * folder, which relative include paths resolve against.
 */
export interface ConfigFiles {
  readonly fs: Environment['fs'];
  readonly folder: string;
}

/** The configuration files of the CA of `material`, when its front end said where the CA is (CaMaterial.caFolder). */
export function configFilesOf(env: Pick<Environment, 'fs'>, material: Pick<CaMaterial, 'caFolder'> | undefined): ConfigFiles | undefined {
  return material?.caFolder ? { fs: env.fs, folder: material.caFolder } : undefined;
}

/** One attribute of a name: its type and the AttributeTypeAndValue's DER, kept byte for byte. */
interface Atv {
  readonly oid: string;
  readonly der: Uint8Array;
  /** The value's encoding (tag and content), which openssl ca compares for `match`. */
  readonly value: Uint8Array;
}

function atvsOf(name: Uint8Array): Atv[] {
  const out: Atv[] = [];
  for (const rdn of children(name, readTlv(name, 0))) {
    for (const atv of children(name, rdn)) {
      const [type, value] = children(name, atv) as [Tlv, Tlv];
      out.push({ oid: readOid(name, type), der: name.subarray(atv.start, atv.end), value: name.subarray(value.start, value.end) });
    }
  }
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const nameOf = (atvs: readonly Atv[]): Uint8Array => tlv(TAG_SEQUENCE, atvs.map((a) => tlv(TAG_SET, [a.der])));
const fieldName = (f: PolicyField): string => dnNames[f.oid] ? `${f.name} (${dnNames[f.oid]})` : f.name;

export interface PolicySubject {
  /** The name Certwright asks for: the requested one with the `match` fields set to the CA's. */
  readonly request: Uint8Array;
  /** The subject openssl ca gives that request under the policy. */
  readonly subject: Uint8Array;
}

/**
 * The subject of a certificate the CA signs for `requested` (DER Name) under `policy`, as
 * openssl ca builds it: refused (IssueError naming the field and the choices) where openssl
 * ca would refuse the request Certwright makes.
 */
export function subjectUnderPolicy(policy: CaPolicy, caSubject: Uint8Array, requested: Uint8Array): PolicySubject {
  const ca = atvsOf(caSubject);
  const matched = new Set(policy.fields.filter((f) => f.rule === 'match').map((f) => f.oid));
  for (const oid of matched) {
    if (!ca.some((a) => a.oid === oid)) {
      const f = policy.fields.find((x) => x.oid === oid)!;
      throw new IssueError(tr`${policy.config}: [ ${policy.section} ] ${f.name} = match, but the CA certificate has no ${fieldName(f)}: openssl ca -config ${policy.config} refuses every request ("the 'policy' is misconfigured"). Choose one: set ${f.name} = optional in [ ${policy.section} ], or point policy in [ ${policy.caSection} ] at a policy without it (policy_anything)`);
    }
  }
  // The request: the CA's values of the match fields first (in the CA's order), then the asked fields the policy does not match.
  const req = [...ca.filter((a) => matched.has(a.oid)), ...atvsOf(requested).filter((a) => !matched.has(a.oid))];
  const request = nameOf(req);
  const kept: Atv[] = [];
  for (const f of policy.fields) {
    const present = req.filter((a) => a.oid === f.oid);
    if (f.rule === 'supplied' && !present.length) {
      throw new IssueError(tr`${policy.config}: [ ${policy.section} ] ${f.name} = supplied, and the certificate Certwright issues has no ${fieldName(f)}: openssl ca -config ${policy.config} refuses such a request ("The ${f.name} field needed to be supplied and was missing"). Choose one: set ${f.name} = optional in [ ${policy.section} ] (openssl ca then signs without it too), or make a request that has it and sign it with openssl ca -config ${policy.config}`);
    }
    // match: each of the request's values is one of the CA's (they are the CA's own here); openssl ca writes the CA's.
    kept.push(...(f.rule === 'match' ? present.map((a) => ca.find((c) => c.oid === a.oid && sameBytes(c.value, a.value))!) : present));
  }
  const subject = policy.emailInDn ? kept : kept.filter((a) => a.oid !== OID_EMAIL);
  if (!subject.length) throw new IssueError(tr`${policy.config}: [ ${policy.section} ] keeps no field of the name Certwright issues (${policy.fields.map((f) => f.name).join(', ') || 'none'}): the certificate would have an empty subject; add commonName = supplied to [ ${policy.section} ]`);
  return { request, subject: nameOf(subject) };
}

/** Whether a Name (DER) has an RDN of more than one attribute (`CN=a+OU=b`). */
export function hasMultiValuedRdn(name: Uint8Array): boolean {
  return children(name, readTlv(name, 0)).some((rdn) => children(name, rdn).length > 1);
}

/** The attributes of a Name whatever its RDNs, for comparing what two names hold. */
const attributeSet = (name: Uint8Array): string => atvsOf(name).map((a) => Array.from(a.der, (b) => b.toString(16).padStart(2, '0')).join('')).sort().join(',');

/**
 * The subject a renewal keeps under the policy: `requested` as it is when its multi-valued RDNs
 * (`CN=a+OU=b`) are all the policy would change. openssl ca puts each attribute the policy keeps
 * in an RDN of its own (OpenSSL 3.0 do_body: X509_NAME_add_entry with set 0, as easyrsa renew
 * signs too), which changes the name the certificate is matched by (a DN mapping, pg_ident's
 * clientname=DN); openssl ca -preserveDN keeps the request's name once the policy accepts it,
 * and is the equivalent command. Undefined when no policy applies, the name has no multi-valued
 * RDN, or the policy would also drop or replace an attribute (then it is followed as openssl ca follows it).
 */
export function preservedSubject(policed: PolicySubject, requested: Uint8Array): Uint8Array | undefined {
  if (!hasMultiValuedRdn(requested)) return undefined;
  const asked = attributeSet(requested);
  return attributeSet(policed.request) === asked && attributeSet(policed.subject) === asked ? requested : undefined;
}

/**
 * The subject for `requested` at a CA of `layout` (its configuration's text, `configText`, and its
 * includes from `files`): unchanged where no policy applies. The openssl.cnf reader
 * (adoptedConfig.ts) loads only for a CA with a configuration of its own.
 */
export async function caSubjectFor(layout: ProfileLayout, configText: string | undefined, caSubject: Uint8Array, requested: Uint8Array, files?: ConfigFiles): Promise<PolicySubject> {
  const policy = foreignConfig(layout) ? (await import('./adoptedConfig.js')).caPolicyOf(layout, configText, files) : undefined;
  return policy ? subjectUnderPolicy(policy, caSubject, requested) : { request: requested, subject: requested };
}
