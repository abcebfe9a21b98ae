/**
 * Adopting an existing CA in place: a CA made with `openssl ca` (CA.pl's demoCA, the
 * common recipes), an easy-rsa 3 `pki/`, or a `cockroach cert` certs dir with its CA key
 * in a safe folder. The adoption describes where the CA's files already are (a
 * ProfileLayout, stored as `certwright-layout.json`), checks that carrying on from them
 * cannot break the PKI, and plans only what is missing; an existing file is never
 * rewritten. Pure: the front end reads the files and commits the plan under the CA lock.
 */
import { getString, loadConfig, type ConfEntry } from '../cnf/expand';
import { decodeCrlDer } from '../pem/decode';
import { parseCnf } from '../cnf/parser';
import type { Environment } from '../environment';
import { certPem as toCertPem, issuedBy, loadCa, onelineName, parseCertPem, randomSerial } from './certs';
import { formatLayoutFile, LAYOUT_FILE } from './layout';
import { fromPem } from './keys';
import { caConfig } from './openssl';
import { caPolicyOf } from './adoptedConfig';
import type { ConfigFiles } from './caPolicy';
import { PlanBuilder } from './operations';
import { profiles } from './profiles';
import { formatHexNumber, formatIndexFile, indexAttrContents, normalizeSerial, parseHexNumber, parseIndexFile, uniqueSubjectOf, type IndexEntry } from './state';
import { IssueError, type ProfileId, type ProfileLayout, type WritePlan } from './types';
import { tr } from '../l10n';

export type AdoptSource = 'openssl' | 'easy-rsa' | 'cockroach';
export const adoptSources: readonly AdoptSource[] = ['openssl', 'easy-rsa', 'cockroach'];

// ---------------------------------------------------------------------------------------------
// Paths

/** Normalises a `/`-separated path: no `.` or empty segments, `..` resolved; undefined when it climbs above its start. */
function normalize(p: string): string | undefined {
  const out: string[] = [];
  for (const s of p.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(s);
  }
  return out.join('/');
}

/**
 * A path of the existing CA, relative to the layout root. `root` is the root's absolute
 * path; a relative `p` is taken from `base` (a path relative to the root). Refused when it
 * leaves the root: every file of a layout lives under `--dir`.
 */
export function insideRoot(what: string, p: string, root: string, base = '', folder = false): string {
  const rootN = `/${normalize(root) ?? ''}`;
  let rel: string | undefined;
  if (p.startsWith('/')) {
    const abs = `/${normalize(p) ?? ''}`;
    rel = abs === rootN ? '' : abs.startsWith(rootN === '/' ? '/' : `${rootN}/`) ? abs.slice(rootN === '/' ? 1 : rootN.length + 1) : undefined;
  } else {
    rel = normalize(base ? `${base}/${p}` : p);
  }
  if (rel === undefined || (rel === '' && !folder)) throw new IssueError(tr`${what} (${p}) is not inside --dir ${root}: adopt a CA from a --dir that contains all of its files`);
  return rel;
}

const dirOf = (p: string): string => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const join = (d: string, n: string): string => (d ? `${d}/${n}` : n);

// ---------------------------------------------------------------------------------------------
// Layouts of the three kinds of CA

export interface ProposedLayout {
  readonly layout: ProfileLayout;
  /** What the adoption found in the source's own configuration, for the report. */
  readonly notes: readonly string[];
  /** State files Certwright needs that the source does not keep (created with the user's agreement). */
  readonly missingByDesign: readonly string[];
}

function leafPlacement(certsDir: string, keysDir: string, profile: ProfileId): Pick<ProfileLayout, 'node' | 'client'> {
  if (profile === 'cockroach') {
    return {
      node: { named: { cert: join(certsDir, '{name}/node.crt'), key: join(certsDir, '{name}/node.key'), caCopy: join(certsDir, '{name}/ca.crt') }, unnamed: { cert: join(certsDir, 'node.crt'), key: join(certsDir, 'node.key') } },
      client: { named: { cert: join(certsDir, 'client.{user}.crt'), key: join(certsDir, 'client.{user}.key') } },
    };
  }
  return {
    node: { named: { cert: join(certsDir, '{name}.crt'), key: join(keysDir, '{name}.key') }, defaultName: 'server' },
    client: { named: { cert: join(certsDir, '{name}.crt'), key: join(keysDir, '{name}.key') }, unnamed: { cert: join(certsDir, '{user}.crt'), key: join(keysDir, '{user}.key') } },
  };
}

/**
 * The layout `openssl ca -config <config>` uses: the `[ ca ]` section's default_ca, its
 * database, new_certs_dir, certificate, private_key, serial and crlnumber (openssl-ca(1)),
 * relative paths taken from the layout root (where `openssl ca` is run). `crl` and
 * `certs` are not read by openssl but name where recipes keep the CRL and the leaves.
 */
export function opensslLayout(configText: string, configRel: string, root: string, profile: ProfileId, files?: ConfigFiles): ProposedLayout {
  // Its includes read as openssl ca run in the CA folder reads them (the CA section may be in one); the environment stays empty.
  const env = files ? { fs: files.fs, getEnv: (): undefined => undefined, cwd: (): string => files.folder } : undefined;
  const config = loadConfig(parseCnf(configText), { path: files ? `${files.folder.replace(/[/\\]+$/, '')}/${configRel}` : configRel, ...(env ? { env } : {}) });
  // What openssl itself fails to load (a $ENV:: variable without a value: easy-rsa's own file outside easyrsa).
  const fatal = config.problems.find((p) => p.severity === 'error');
  if (config.fatal) throw new IssueError(tr`${configRel}: openssl cannot load it${fatal ? ` (${fatal.message})` : ''}, so openssl ca cannot run from it either`);
  const caSection = getString(config, 'ca', 'default_ca')?.value;
  if (!caSection) throw new IssueError(tr`${configRel} has no [ ca ] default_ca: it does not configure openssl ca (openssl ca fails the same way)`);
  /** A variable the value is built from that has no value here (an unset $ENV::, as in easy-rsa's own file outside easyrsa). */
  const unset = (e: ConfEntry, depth = 0): string | undefined => {
    for (const r of e.refs) {
      if (!r.resolved) return r.name.value;
      if (r.resolved.kind === 'entry' && depth < 16) {
        const inner = unset(r.resolved.entry, depth + 1);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  const value = (key: string): string | undefined => {
    const e = getString(config, caSection, key);
    // A value that reads a failed one fails too: the variable without a value is found through its references.
    const missing = e && (unset(e) ?? (e.failed ? '?' : undefined));
    if (e && missing) throw new IssueError(tr`${configRel}: [ ${caSection} ] ${key} does not expand here (${missing} has no value); run certwright adopt where it does, or write the path into the configuration`);
    return e?.value.trim() || undefined;
  };
  const need = (key: string): string => {
    const v = value(key);
    if (!v) throw new IssueError(tr`${configRel}: [ ${caSection} ] has no ${key}; openssl ca cannot run from this configuration`);
    return v;
  };
  const at = (what: string, key: string): string => insideRoot(`${what} (${key})`, need(key), root);
  const caCert = at('the CA certificate', 'certificate');
  const caKey = at('the CA key', 'private_key');
  const index = at('the database', 'database');
  const serial = at('the serial file', 'serial');
  const newCertsDir = at('the new certificates folder', 'new_certs_dir');
  const caDir = dirOf(index);
  const notes: string[] = [];
  const missingByDesign: string[] = [];
  let crlnumber: string;
  const cn = value('crlnumber');
  if (cn) crlnumber = insideRoot('the CRL number file (crlnumber)', cn, root);
  else {
    crlnumber = join(caDir, 'crlnumber');
    missingByDesign.push(crlnumber);
    notes.push(tr`[ ${caSection} ] has no crlnumber, so openssl ca writes CRLs without a CRL number; Certwright numbers its CRLs (RFC 5280) from ${crlnumber}. Add "crlnumber = ${crlnumber}" to ${configRel} so both use one sequence.`);
  }
  const crlVar = value('crl');
  const crlDir = value('crl_dir');
  const crl = crlVar ? insideRoot('the CRL (crl)', crlVar, root) : crlDir ? join(insideRoot('the CRL folder (crl_dir)', crlDir, root, '', true), 'crl.pem') : join(caDir, 'crl.pem');
  const certsVar = value('certs');
  const certsDir = certsVar ? insideRoot('the certificates folder (certs)', certsVar, root, '', true) : dirOf(caCert);
  const rand = /^(y|yes|true|on|1)$/i.test(value('rand_serial') ?? '');
  // What openssl ca enforces while index.txt.attr does not say (default yes).
  const uniqueSubject = !/^(n|no|false|off|0)$/i.test(value('unique_subject') ?? 'yes');
  notes.push(rand ? 'rand_serial = yes: new certificates get random serials, as openssl ca gives them' : `serials continue from ${serial}, as openssl ca takes them (sequential)`);
  const layout: ProfileLayout = {
    profile,
    caCert,
    caDir,
    caKey,
    index,
    serial,
    crlnumber,
    indexAttr: `${index}.attr`,
    newCertsDir,
    opensslConfig: insideRoot('the openssl configuration', configRel, root),
    crl,
    ...leafPlacement(certsDir, dirOf(caKey), profile),
    serials: rand ? 'random' : 'sequential',
    origin: 'openssl',
    uniqueSubject,
  };
  notes.push(policyNote(layout, configText, files));
  return { layout, notes, missingByDesign };
}

/** What the CA's policy makes of the subjects Certwright issues, or why it cannot issue until the policy is fixed (caPolicy.ts). */
function policyNote(layout: ProfileLayout, configText: string, files: ConfigFiles | undefined): string {
  try {
    const p = caPolicyOf(layout, configText, files)!;
    return tr`subjects follow [ ${p.section} ] as openssl ca applies it (${p.fields.map((f) => `${f.name} ${f.rule}`).join(', ')}): match fields get the CA's values, fields it does not list are dropped`;
  } catch (e) {
    if (!(e instanceof IssueError)) throw e;
    return tr`Certwright issues nothing from this CA until its policy is fixed (openssl ca signs nothing from it either): ${e.message}`;
  }
}

/**
 * easy-rsa 3's `pki/`: ca.crt, private/ca.key, index.txt, serial, certs_by_serial/,
 * issued/<name>.crt + private/<name>.key, crl.pem. easy-rsa 3.1 gives random serials
 * (EASYRSA_RAND_SN) and writes CRLs without a CRL number (its openssl-easyrsa.cnf sets
 * no crlnumber), so Certwright keeps its own `pki/crlnumber`.
 */
export function easyRsaLayout(pki: string, profile: ProfileId): ProposedLayout {
  const p = (n: string): string => join(pki, n);
  return {
    layout: {
      profile,
      caCert: p('ca.crt'),
      caDir: pki,
      caKey: p('private/ca.key'),
      index: p('index.txt'),
      serial: p('serial'),
      crlnumber: p('crlnumber'),
      indexAttr: p('index.txt.attr'),
      newCertsDir: p('certs_by_serial'),
      opensslConfig: p('openssl-easyrsa.cnf'),
      crl: p('crl.pem'),
      ...leafPlacement(p('issued'), p('private'), profile),
      serials: 'random',
      origin: 'easy-rsa',
      // openssl-easyrsa.cnf sets unique_subject = no; build-ca leaves an empty index.txt.attr.
      uniqueSubject: false,
    },
    notes: [
      `easy-rsa names certificates by entity: Certwright writes ${p('issued')}/<name>.crt and ${p('private')}/<name>.key, records them in ${p('index.txt')} and ${p('certs_by_serial')}/, so easyrsa revoke <name> and easyrsa gen-crl work on them`,
      `easy-rsa 3.1's CRLs carry no CRL number (openssl-easyrsa.cnf sets no crlnumber); Certwright's do, counted in ${p('crlnumber')}`,
    ],
    missingByDesign: [p('crlnumber')],
  };
}

/**
 * `cockroach cert`: certs/ca.crt, node.crt/key, client.<user>.crt/key, and ca.key in a
 * safe folder; no database at all. Certwright keeps the OpenSSL state it needs beside the
 * CA key (index.txt, serial, crlnumber, newcerts/, openssl-ca.cnf) and records the
 * certificates already in the certs dir, so they can be revoked.
 */
export function cockroachLayout(certsDir: string, caKey: string, profile: ProfileId): ProposedLayout {
  const caDir = dirOf(caKey);
  if (caDir === certsDir) throw new IssueError(tr`the CA key ${caKey} is inside the certs dir ${certsDir || '.'}, which every node is given; move it to a folder of its own first (cockroach cert --ca-key)`);
  const s = (n: string): string => join(caDir, n);
  const layout: ProfileLayout = {
    profile,
    caCert: join(certsDir, 'ca.crt'),
    caDir,
    caKey,
    index: s('index.txt'),
    serial: s('serial'),
    crlnumber: s('crlnumber'),
    indexAttr: s('index.txt.attr'),
    newCertsDir: s('newcerts'),
    opensslConfig: s('openssl-ca.cnf'),
    crl: join(certsDir, 'ca.crl'),
    ...leafPlacement(certsDir, certsDir, profile === 'cockroach' ? 'cockroach' : profile),
    serials: 'random',
    origin: 'cockroach',
  };
  return {
    layout,
    notes: [`cockroach cert keeps no CA database: Certwright keeps one beside ${caKey} (${caDir}/index.txt, serial, crlnumber, newcerts/, openssl-ca.cnf) and records there the certificates already in ${certsDir || '.'}`],
    missingByDesign: [layout.index, layout.serial, layout.crlnumber, layout.indexAttr, layout.opensslConfig],
  };
}

// ---------------------------------------------------------------------------------------------
// Checks and plan

export interface AdoptRequest {
  readonly from: AdoptSource;
  readonly proposed: ProposedLayout;
  /** Reads a file of the layout (relative path) through the CA store; undefined when missing. */
  readonly read: (path: string) => Promise<string | undefined>;
  readonly passphrase?: string;
  /** Certificates found beside the CA that no database records (cockroach cert): relative path → PEM. */
  readonly unrecorded?: ReadonlyArray<{ readonly path: string; readonly pem: string }>;
}

export interface AdoptReport {
  readonly from: AdoptSource;
  readonly layout: ProfileLayout;
  readonly ca: { readonly subject: string; readonly keyType: string; readonly keyEncrypted: boolean; readonly notAfter: string };
  readonly entries: { readonly valid: number; readonly revoked: number; readonly expired: number };
  /** The serial the next certificate gets, or "random". */
  readonly nextSerial: string;
  readonly nextCrlNumber: string;
  /** openssl ca refuses a second valid certificate for a subject while this is on. */
  readonly uniqueSubject: boolean;
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  /** Files the adoption writes: the layout file, and state the source does not keep (never an existing file). */
  readonly plan: WritePlan;
  /** Of those, the ones other than the layout file: written only with the user's agreement. */
  readonly creates: readonly string[];
}

/** The checks `openssl ca` makes when it loads a database (apps/lib/apps.c index_index): unique serials, and unique valid subjects when enforced. */
export function checkDatabase(entries: readonly IndexEntry[], uniqueSubject: boolean, where: string): void {
  const serials = new Map<string, number>();
  const subjects = new Map<string, string>();
  entries.forEach((e, i) => {
    const seen = serials.get(e.serial);
    if (seen !== undefined) throw new IssueError(tr`${where}: serial ${e.serial} is listed twice (entries ${seen + 1} and ${i + 1}); openssl ca refuses to load this database`);
    serials.set(e.serial, i);
    if (uniqueSubject && e.status === 'V') {
      const other = subjects.get(e.subject);
      if (other !== undefined) throw new IssueError(tr`${where}: ${e.subject} has two valid certificates (serials ${other} and ${e.serial}) while unique_subject is on; openssl ca refuses to load this database`);
      subjects.set(e.subject, e.serial);
    }
  });
}

/** A `serial` / `crlnumber` value OpenSSL's a2i_ASN1_INTEGER refuses for its odd number of hex digits; undefined otherwise. */
function oddHexDigits(text: string | undefined): string | undefined {
  const t = text?.trim();
  return t && /^[0-9A-Fa-f]+$/.test(t) && t.length % 2 === 1 ? t : undefined;
}

export async function planAdoption(env: Environment, req: AdoptRequest): Promise<AdoptReport> {
  const { layout } = req.proposed;
  const warnings: string[] = [];
  const certPem = await req.read(layout.caCert);
  if (certPem === undefined) throw new IssueError(tr`no CA certificate at ${layout.caCert}`);
  const keyPem = await req.read(layout.caKey);
  if (keyPem === undefined) throw new IssueError(tr`no CA key at ${layout.caKey}`);
  // loadCa refuses a non-CA certificate, a key that is not the certificate's, an encrypted key without its passphrase.
  const ca = await loadCa(env.crypto, certPem, keyPem, req.passphrase);
  const keyEncrypted = /ENCRYPTED/.test(keyPem);

  const missing = new Set(req.proposed.missingByDesign);
  const plan = new PlanBuilder();
  const creates: string[] = [];
  const create = (path: string, contents: string, kind: 'state' | 'config' | 'cert', description: string): void => {
    plan.file(path, contents, kind, description);
    creates.push(path);
  };

  // The database: parsed as openssl parses it, then checked as openssl indexes it.
  const indexText = await req.read(layout.index);
  const attr = await req.read(layout.indexAttr);
  const uniqueSubject = req.from === 'cockroach' && attr === undefined ? false : uniqueSubjectOf(attr, layout.uniqueSubject);
  let db = parseIndexFile(indexText);
  if (indexText === undefined && !missing.has(layout.index)) throw new IssueError(tr`the database ${layout.index} is missing; openssl ca cannot run without it (restore it, or create an empty one if this CA never issued a certificate)`);
  checkDatabase(db.entries, uniqueSubject, layout.index);
  if (db.blankLines) warnings.push(tr`${layout.index} has an empty line (line ${db.blankLines.join(', ')}): openssl ca refuses to load this database ("could not load/parse file") until it is removed; Certwright's next write of the database leaves it out`);
  if (db.unterminated) warnings.push(tr`${layout.index} line ${db.unterminated.line} (serial ${db.unterminated.serial}) has no line end: openssl ca does not read it (openssl ca -status ${db.unterminated.serial} finds nothing, and its next write of the database drops the line); Certwright's next write ends the line, so both see the certificate`);
  const taken = new Set(db.entries.map((e) => e.serial));

  // Certificates nobody recorded (cockroach cert): issued by this CA → recorded as valid, so they can be revoked.
  const recorded: IndexEntry[] = [];
  for (const u of req.unrecorded ?? []) {
    let cert;
    try {
      cert = parseCertPem(u.pem, u.path);
    } catch {
      continue;
    }
    if (!(await issuedBy(env.crypto, cert, ca))) {
      warnings.push(tr`${u.path} was not issued by this CA (${cert.issuer}); not recorded`);
      continue;
    }
    const serial = normalizeSerial(cert.serial);
    if (taken.has(serial)) continue;
    taken.add(serial);
    recorded.push({ status: cert.notAfter.getTime() < env.now().getTime() ? 'E' : 'V', expiry: cert.notAfter, serial, file: 'unknown', subject: onelineName(cert.subjectDer) });
    create(`${layout.newCertsDir}/${serial}.pem`, toCertPem(cert), 'cert', `copy of ${u.path} in the CA database`);
  }
  if (indexText === undefined) {
    db = { entries: recorded, comments: [] };
    create(layout.index, formatIndexFile(db), 'state', `CA database (openssl index.txt)${recorded.length ? `, recording the ${recorded.length} certificate(s) already issued` : ''}`);
  } else if (recorded.length) {
    throw new IssueError(tr`${layout.index} exists but does not record ${recorded.map((r) => r.serial).join(', ')}; adopting would have to rewrite it`);
  }
  if (attr === undefined && missing.has(layout.indexAttr)) create(layout.indexAttr, indexAttrContents, 'state', 'CA database attributes');

  // The next serial: continues the serial file (sequential), or random; a collision with the database is refused now.
  let nextSerial = 'random';
  const serialText = await req.read(layout.serial);
  if (layout.serials === 'sequential') {
    const n = parseHexNumber(serialText, `${layout.serial} (the next serial)`);
    nextSerial = normalizeSerial(n.toString(16));
    if (taken.has(nextSerial)) throw new IssueError(tr`${layout.serial} says the next serial is ${nextSerial}, which ${layout.index} already lists: openssl ca would refuse the next certificate ("has already been issued"); write a number above the database's highest serial into ${layout.serial} first`);
  } else if (serialText !== undefined) {
    parseHexNumber(serialText, `${layout.serial} (the next serial)`);
  } else if (missing.has(layout.serial)) {
    create(layout.serial, formatHexNumber(BigInt(`0x${randomSerial(env.crypto, taken)}`)), 'state', 'next serial for openssl ca');
  }

  let nextCrl: bigint;
  const crlText = await req.read(layout.crlnumber);
  for (const [path, text, what] of [[layout.serial, serialText, 'serial number'], [layout.crlnumber, crlText, 'CRL number']] as const) {
    const odd = oddHexDigits(text);
    // OpenSSL's words: a one-digit line is "short"; a longer one has an "odd number of chars".
    if (odd) warnings.push(tr`${path} holds ${odd}, an odd number of hex digits: openssl ca refuses it ("${odd.length === 1 ? 'short line' : 'odd number of chars'}", "error while loading ${what}") until it reads 0${odd}; Certwright reads the same number and writes it with whole bytes when it next changes the file`);
  }
  if (crlText !== undefined) nextCrl = parseHexNumber(crlText, `${layout.crlnumber} (the next CRL number)`);
  else {
    // Configured but absent (a CA that never published a CRL: openssl ca signs without it and
    // only -gencrl fails) is created like a state file the source does not keep, above any published CRL.
    nextCrl = await firstCrlNumber(req, layout);
    create(layout.crlnumber, formatHexNumber(nextCrl), 'state', 'next CRL number');
  }

  if ((await req.read(layout.opensslConfig)) === undefined) {
    if (req.from === 'cockroach') create(layout.opensslConfig, caConfig(layout, ca.keyType, undefined, 825, profiles[layout.profile].crlDays), 'config', 'openssl ca configuration for this CA');
    else warnings.push(tr`${layout.opensslConfig} is missing; the equivalent openssl commands name it`);
  }
  if (uniqueSubject) warnings.push(tr`unique_subject is on for this CA (${layout.indexAttr}): like openssl ca, Certwright then issues no second valid certificate for a subject; renewing keeps the subject, so revoke the old certificate first, or set unique_subject = no in ${layout.indexAttr}`);
  if (keyEncrypted && !req.passphrase) warnings.push(tr`the CA key is encrypted: every operation needs --passin`);

  plan.file(LAYOUT_FILE, formatLayoutFile(layout), 'config', tr`where this ${req.from} CA keeps its files (Certwright layout)`);
  const count = (s: IndexEntry['status']): number => db.entries.filter((e) => e.status === s).length;
  return {
    from: req.from,
    layout,
    ca: { subject: ca.cert.subject, keyType: ca.keyType, keyEncrypted, notAfter: ca.cert.notAfter.toISOString() },
    entries: { valid: count('V'), revoked: count('R'), expired: count('E') },
    nextSerial,
    nextCrlNumber: normalizeSerial(nextCrl.toString(16)),
    uniqueSubject,
    notes: req.proposed.notes,
    warnings,
    plan: plan.build(),
    creates,
  };
}

/** The first CRL number Certwright uses: above the number of the CRL already published, if it has one. */
async function firstCrlNumber(req: AdoptRequest, layout: ProfileLayout): Promise<bigint> {
  const text = await req.read(layout.crl);
  const der = text ? fromPem(text, 'X509 CRL') : undefined;
  if (!der) return 1n;
  try {
    const n = decodeCrlDer(der).crlNumber;
    return n === undefined ? 1n : BigInt(n) + 1n;
  } catch {
    return 1n;
  }
}
