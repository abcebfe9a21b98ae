/**
 * CA rotation, the way CockroachDB documents it ("Rotate security certificates": a new
 * CA, a CA file holding both CAs on every node, new certificates from the new CA, then
 * the old CA out), as four steps over one CA folder:
 *
 *   new-ca   the new CA (new key) is created beside the old one, in <caDir>/rotation/;
 *            nothing any system reads changes.
 *   publish  every file a system reads as its CA (the profile's CA file — CockroachDB
 *            certs/ca.crt, DM ssl-ca ca.pem, PostgreSQL ssl_ca_file / libpq root.crt —
 *            and every copy of it under the folder: certs/<node>/ca.crt, ca-client.crt)
 *            becomes the bundle old + new, and the CRL file carries both CAs' CRLs
 *            (PostgreSQL checks a CRL for the CA of every client chain).
 *   reissue  the new CA becomes the issuing CA (the old key, certificate and database
 *            move to <caDir>/retired/<serial>/; the bundle is new + old), and every
 *            certificate of the old CA under the folder is issued again by the new CA
 *            with the same subject, SANs and usages (same keys unless asked).
 *   retire   the old CA leaves the bundle and the CRL file; refused while a valid
 *            certificate of the old CA is still deployed under the folder.
 *
 * Each step is one atomic commit of the CA store (files + <caDir>/rotation/state.json
 * together), so an interrupted step is either done or not at all; a step already done
 * is a no-op, a step out of order is refused with the step that comes next. Pure: the
 * front end hands in a snapshot reader (reads go through the CA store, so a change
 * made meanwhile aborts the commit) and the list of candidate certificate files.
 */
import type { Environment } from '../environment';
import { findPemBlocks } from '../pem/blocks';
import { sha256, toHex } from '../pem/hash';
import { BACKDATE_MS, buildName, caExtensions, certKeyType, certPem, loadCa, randomSerial, readCert, sameBytes, selfIssued, signCert, signedBy as signedByKey, type Cert, type LoadedCa } from './certs';
import { keyIdOf, spkiOf, withCommonNameDer } from './writer';
import { crlPem, signCrl } from './crl';
import { isEncryptedKeyPem } from './keys';
import { exportPkcs8Pem, generateKeyPair, signingAlgorithm, type CryptoKeyPair } from './keys';
import { DEFAULT_LEAF_DAYS, directoryOrder, publishCrl, reissueLeaf, type KeySource } from './operations';
import { DEFAULT_CA_DAYS, folderArgs } from './suggested';
import { parentCrlPath, rotationPaths, type RotationPaths } from './rotationPaths';
import { isReplacedCopy, keyOfCertificate } from './layout';
import { exportsFile, parseExports, reexport } from './exports';
import { profiles, type Profile } from './profiles';
import { crlEntryOf, formatHexNumber, normalizeSerial, parseHexNumber, parseIndex } from './state';
import { plural } from '../format';
import { IssueError, type CaMaterial, type Folders, type KeyType, type PlannedFile, type ProfileId, type ProfileLayout, type WritePlan } from './types';
import { checkDays, checkDnValue, checkKeyType, checkProfile } from './validate';
import { selfWindow } from './validity';
import { dayMs } from '../pem/validity';
import { tr } from '../l10n';

export type RotationStep = 'new-ca' | 'publish' | 'reissue' | 'retire';
export const rotationSteps: readonly RotationStep[] = ['new-ca', 'publish', 'reissue', 'retire'];

/** The last step completed; `none` before the first rotation. */
export type RotationPhase = 'none' | 'created' | 'published' | 'reissued' | 'retired';

const phaseAfter: Readonly<Record<RotationStep, Exclude<RotationPhase, 'none'>>> = { 'new-ca': 'created', publish: 'published', reissue: 'reissued', retire: 'retired' };
const nextStep: Readonly<Record<RotationPhase, RotationStep | undefined>> = { none: 'new-ca', created: 'publish', published: 'reissue', reissued: 'retire', retired: undefined };

export { rotationPaths, appendedCrlPaths, type RotationPaths } from './rotationPaths';

export interface CaFacts {
  readonly subject: string;
  readonly serial: string;
  /** SHA-256 of the DER, hex. */
  readonly sha256: string;
  readonly notAfter: string;
  readonly keyType: KeyType;
}

/** <caDir>/rotation/state.json. */
export interface RotationState {
  readonly version: 1;
  readonly profile: ProfileId;
  readonly phase: Exclude<RotationPhase, 'none'>;
  readonly old: CaFacts;
  readonly new: CaFacts;
  /** Files that received the bundle (relative paths). */
  readonly targets: readonly string[];
  readonly history: ReadonlyArray<{ readonly step: RotationStep; readonly at: string; readonly files: number }>;
}

/** Outside a rotation every certificate of the CA is `new` (issued by the CA in charge). */
export type LeafIssuer = 'old' | 'new';

export interface RotationLeaf {
  readonly path: string;
  readonly subject: string;
  readonly serial: string;
  readonly notAfter: string;
  readonly issuer: LeafIssuer;
  /** Revoked in the issuing CA's database, or expired: not re-issued, not counted as deployed. */
  readonly dead?: 'revoked' | 'expired';
}

export interface StepInfo {
  readonly step: RotationStep;
  readonly title: string;
  readonly done: boolean;
  /** What the step writes and what the operator does afterwards. */
  readonly explanation: string;
}

export interface RotationStatus {
  readonly profile: ProfileId;
  readonly phase: RotationPhase;
  /** The step to run now; undefined when no rotation is due (after retire, a new rotation starts with new-ca). */
  readonly next?: RotationStep;
  readonly old?: CaFacts;
  readonly new?: CaFacts;
  readonly issuing: CaFacts;
  readonly targets: readonly string[];
  readonly leaves: readonly RotationLeaf[];
  /** Valid leaves of the old CA still deployed under the folder (what retire waits for). */
  readonly pending: readonly string[];
  readonly steps: readonly StepInfo[];
  /** One line for the Certificates view and the CLI. */
  readonly summary: string;
}

export interface RotationOptions {
  /** The CA's folder as the user names it, for the commands messages suggest. */
  readonly folders?: Folders;
  /** new-ca: key type of the new CA (default: the old CA's). */
  readonly keyType?: KeyType;
  /** new-ca: the new CA's CN (default: the old CN with today's date). */
  readonly commonName?: string;
  /** new-ca: validity of the new CA in days (default 3650). */
  readonly days?: number;
  /** reissue: validity of the re-issued certificates (default 825). */
  readonly leafDays?: number;
  /** reissue: new keys for the re-issued certificates (default: keep each key). */
  readonly newKey?: boolean;
  readonly allowCapped?: boolean;
  /** new-ca after a completed rotation: begin another one (without it, new-ca is a no-op then, so a script that runs every step twice is safe). */
  readonly startNew?: boolean;
}

/** The folder as the front end reads it, under the CA lock. */
export interface RotationSnapshot {
  read(path: string): Promise<string | undefined>;
  /** Candidate certificate files under the root (relative; `*.crt`, `*.pem`, `*.cer`), outside the CA's private folder. */
  readonly files: readonly string[];
}

export interface RotationResult {
  readonly step: RotationStep;
  /** The step had been done already: nothing to write. */
  readonly alreadyDone: boolean;
  readonly plan: WritePlan;
  /** Protected CA files this step replaces on purpose (the CA file → bundle; the CA key at the take-over, archived in the same commit). */
  readonly replaceProtected: readonly string[];
  /** Files to remove after the commit when they still hold `contents` (the new CA's key once it is the CA key). */
  readonly cleanup: ReadonlyArray<{ readonly path: string; readonly contents: string }>;
  readonly messages: readonly string[];
  readonly warnings: readonly string[];
  readonly opensslCommands: readonly string[];
  readonly reissued: ReadonlyArray<{ readonly path: string; readonly subject: string; readonly serial: string }>;
}

// ---------------------------------------------------------------------------------------------

const fileOf = (path: string, contents: string, kind: PlannedFile['kind'], description: string, replace = true): PlannedFile => ({
  path,
  contents,
  kind,
  mode: kind === 'key' || kind === 'state' ? 0o600 : 0o644,
  replace,
  description,
});

function certDers(text: string | undefined): Uint8Array[] {
  if (!text) return [];
  return findPemBlocks(text)
    .filter((b) => b.kind === 'certificate' && b.der)
    .map((b) => b.der!);
}

const sameDer = sameBytes;

/** The file holds exactly these certificates, in this order. */
function holdsExactly(text: string | undefined, certs: readonly Cert[]): boolean {
  const ders = certDers(text);
  return ders.length === certs.length && ders.every((d, i) => sameDer(d, certs[i]!.der));
}

function facts(cert: Cert): CaFacts {
  return { subject: cert.subject, serial: normalizeSerial(cert.serial), sha256: toHex(sha256(cert.der)), notAfter: cert.notAfter.toISOString(), keyType: certKeyType(cert) };
}

function signedBy(env: Environment, cert: Cert, issuer: Cert): Promise<boolean> {
  return signedByKey(env.crypto, cert, issuer);
}

function parseState(text: string | undefined, paths: RotationPaths): RotationState | undefined {
  if (text === undefined) return undefined;
  let s: RotationState;
  try {
    s = JSON.parse(text) as RotationState;
  } catch {
    throw new IssueError(tr`${paths.state} is damaged (not JSON); it records the CA rotation in progress: restore it from a backup`);
  }
  if (s?.version !== 1 || !Object.values(phaseAfter).includes(s.phase) || !s.old?.sha256 || !s.new?.sha256 || !Array.isArray(s.targets) || !Array.isArray(s.history)) {
    throw new IssueError(tr`${paths.state} is not a rotation state Certwright understands`);
  }
  return s;
}

/** The key file that goes with a certificate file, by each layout's naming (node.crt → node.key, x-cert.pem → x-key.pem). */
export function keyPathFor(certPath: string): string {
  if (certPath.endsWith('-cert.pem')) return `${certPath.slice(0, -'-cert.pem'.length)}-key.pem`;
  return certPath.replace(/\.(crt|pem|cer)$/, '') + '.key';
}

/** The new CA's name: the old one with the old CN replaced. */
function renamed(old: Cert, cn: string): Uint8Array {
  if (!old.subjectRdns.some((rdn) => rdn.some((a) => a.oid === '2.5.4.3'))) return buildName(cn);
  return withCommonNameDer(old.subjectDer, cn);
}

function defaultCommonName(old: Cert, now: Date): string {
  const cn = old.subjectRdns.flat().find((a) => a.oid === '2.5.4.3')?.value ?? 'CA';
  const base = cn.replace(/ \d{4}-\d{2}-\d{2}( \(\d+\))?$/, '');
  const day = now.toISOString().slice(0, 10);
  const name = `${base} ${day}`;
  return name === cn ? `${name} (2)` : name;
}

// ---------------------------------------------------------------------------------------------

interface Loaded {
  readonly profile: Profile;
  readonly paths: RotationPaths;
  readonly state?: RotationState;
  readonly phase: RotationPhase;
  /** The issuing CA (the profile's CA file, first certificate, with the CA key). */
  readonly issuing: LoadedCa;
  readonly caText: string;
  readonly keyText: string;
  readonly oldCert?: Cert;
  readonly newCert?: Cert;
  /** The old CA's database, where its revocations are (the profile's before the take-over, the retired copy after). */
  readonly oldIndex?: string;
}

/** The profile, with an adopted CA's layout in place of its own (openssl ca's demoCA/, easy-rsa's pki/). */
function profileWith(profileId: ProfileId, layout?: ProfileLayout): Profile {
  const profile = profiles[checkProfile(profileId)];
  return layout ? { ...profile, layout: { ...layout, profile: profile.id } } : profile;
}

async function load(env: Environment, profileId: ProfileId, snap: RotationSnapshot, adopted?: ProfileLayout): Promise<Loaded> {
  const profile = profileWith(profileId, adopted);
  const layout = profile.layout;
  const paths = rotationPaths(layout);
  const caText = await snap.read(layout.caCert);
  const keyText = await snap.read(layout.caKey);
  if (caText === undefined || keyText === undefined) throw new IssueError(tr`no ${profile.id} CA here: expected ${layout.caCert} and ${layout.caKey}`);
  // The take-over moves the key and writes the new one beside it unencrypted; a passphrase-protected CA is not rotated (yet).
  if (isEncryptedKeyPem(keyText)) throw new IssueError(tr`the CA key ${layout.caKey} is encrypted; certwright ca rotate works with an unencrypted CA key only (decrypt it for the rotation: openssl pkcs8 -in ${layout.caKey} -out KEY, then move KEY over it)`);
  const issuing = await loadCa(env.crypto, caText, keyText);
  const state = parseState(await snap.read(paths.state), paths);
  if (!state) return { profile, paths, phase: 'none', issuing, caText, keyText };
  const bundle = certDers(caText).map(readCert);
  const find = (f: CaFacts): Cert | undefined => bundle.find((c) => facts(c).sha256 === f.sha256);
  let oldCert = find(state.old);
  let newCert = find(state.new);
  const issuingSha = facts(issuing.cert).sha256;
  if (state.phase === 'created') {
    const nextText = await snap.read(paths.nextCert);
    newCert = nextText ? certDers(nextText).map(readCert)[0] : undefined;
    oldCert = issuing.cert;
  }
  if (state.phase === 'retired') oldCert = undefined;
  const expectIssuing = state.phase === 'created' || state.phase === 'published' ? state.old.sha256 : state.new.sha256;
  if (issuingSha !== expectIssuing) {
    throw new IssueError(
      state.phase === 'created' || state.phase === 'published'
        ? tr`${layout.caCert} does not start with the CA being replaced (${state.old.subject}) as ${paths.state} records (step ${state.phase}); it was changed by hand: restore it, or inspect ${paths.state}`
        : tr`${layout.caCert} does not start with the CA that took over (${state.new.subject}) as ${paths.state} records (step ${state.phase}); it was changed by hand: restore it, or inspect ${paths.state}`,
    );
  }
  if (state.phase !== 'retired' && (!newCert || (state.phase !== 'created' && !oldCert))) {
    throw new IssueError(tr`${layout.caCert} no longer holds both CAs of the rotation recorded in ${paths.state} (step ${state.phase}); restore it (old + new bundle) before going on`);
  }
  const oldIndex = state.phase === 'created' || state.phase === 'published' ? await snap.read(layout.index) : await snap.read(`${paths.retired(state.old.serial)}/index.txt`);
  return { profile, paths, state, phase: state.phase, issuing, caText, keyText, ...(oldCert ? { oldCert } : {}), ...(newCert ? { newCert } : {}), ...(oldIndex !== undefined ? { oldIndex } : {}) };
}


async function scanLeaves(env: Environment, l: Loaded, snap: RotationSnapshot): Promise<RotationLeaf[]> {
  const out: RotationLeaf[] = [];
  const now = env.now().getTime();
  const revoked = new Set(parseIndex(l.oldIndex).filter((e) => e.status === 'R').map((e) => e.serial));
  const ownRevoked = new Set(parseIndex(await snap.read(l.profile.layout.index)).filter((e) => e.status === 'R').map((e) => e.serial));
  // An export (a chain file of certwright export) is not a certificate of its own: it is written again with its certificate.
  const exported = new Set(parseExports(await snap.read(exportsFile(l.profile.layout))).map((r) => r.out));
  for (const path of [...snap.files].sort()) {
    if (!isLeafPlace(l.profile.layout, path) || exported.has(path)) continue;
    const ders = certDers(await snap.read(path));
    if (!ders.length) continue;
    let cert: Cert;
    try {
      cert = readCert(ders[0]!);
    } catch {
      continue;
    }
    if (cert.basicConstraints?.ca) continue;
    const serial = normalizeSerial(cert.serial);
    // What a renewal or re-issue with a new key kept aside is replaced, not deployed: not re-issued, not waited for.
    if (isReplacedCopy(path, serial)) continue;
    const issuer: LeafIssuer | undefined = l.oldCert && (await signedBy(env, cert, l.oldCert)) ? 'old' : (await signedBy(env, cert, l.issuing.cert)) ? 'new' : undefined;
    if (!issuer) continue;
    const dead = (issuer === 'old' ? revoked : ownRevoked).has(serial) ? 'revoked' : cert.notAfter.getTime() <= now ? 'expired' : undefined;
    out.push({ path, subject: cert.subject, serial, notAfter: cert.notAfter.toISOString(), issuer, ...(dead ? { dead } : {}) });
  }
  return out;
}

/**
 * Whether a certificate file may be one the CA issued and a system uses: outside the CA's own
 * folder, or in the folder where the layout itself puts leaves inside it (easy-rsa's
 * pki/issued/), never a copy kept there (archive, renewed/, retired/).
 */
export function isLeafPlace(layout: ProfileLayout, path: string): boolean {
  if (!path.startsWith(`${layout.caDir}/`)) return true;
  return leafFolders(layout).some((f) => path.startsWith(`${f}/`) && !path.slice(f.length + 1).includes('/'));
}

/** The layout's leaf folders that lie inside its CA folder (easy-rsa: pki/issued). */
export function leafFolders(layout: ProfileLayout): string[] {
  const out = new Set<string>();
  for (const t of [layout.node.named, layout.node.unnamed, layout.client.named, layout.client.unnamed]) {
    if (!t) continue;
    const folder = t.cert.includes('/') ? t.cert.slice(0, t.cert.lastIndexOf('/')) : '';
    if (folder.startsWith(`${layout.caDir}/`) && !folder.includes('{')) out.add(folder);
  }
  return [...out];
}

/** Files under the folder that hold exactly the CA file's certificates: the copies each system reads (certs/<node>/ca.crt, ca-client.crt). */
async function copiesOf(l: Loaded, snap: RotationSnapshot, certs: readonly Cert[]): Promise<string[]> {
  const caDir = `${l.profile.layout.caDir}/`;
  const out: string[] = [];
  for (const path of snap.files) {
    if (path === l.profile.layout.caCert || path.startsWith(caDir)) continue;
    if (holdsExactly(await snap.read(path), certs)) out.push(path);
  }
  return out.sort();
}

/** Where the systems of a profile read their CA, named only for that profile: an adopted or generic CA serves programs we do not know. */
function caReaders(id: ProfileId): string {
  return {
    cockroach: tr`each node's and client's --certs-dir: ca.crt, and ca-client.crt where clients have a CA of their own`,
    dm: tr`the ssl-ca of every DM-master, DM-worker and dmctl`,
    postgres: tr`the server's ssl_ca_file and each client's sslrootcert, ~/.postgresql/root.crt by default`,
    generic: tr`each service's and client's CA file`,
  }[id];
}

function stepInfos(profile: Profile, phase: RotationPhase): StepInfo[] {
  const layout = profile.layout;
  const paths = rotationPaths(layout);
  const reached = phase === 'none' || phase === 'retired' ? -1 : rotationSteps.indexOf(rotationSteps.find((s) => phaseAfter[s] === phase)!);
  const reload = { cockroach: tr`CockroachDB reloads certificates on SIGHUP`, dm: tr`restart DM-master/DM-worker`, postgres: tr`PostgreSQL: pg_ctl reload (ssl_ca_file, ssl_crl_file); libpq clients read root.crt per connection`, generic: tr`reload each service` }[profile.id];
  const readers = caReaders(profile.id);
  const text: Record<RotationStep, [string, string]> = {
    'new-ca': [tr`Create the new CA`, tr`Writes a new CA key and certificate into ${paths.nextKey} and ${paths.nextCert}. Nothing any system reads changes; the old CA keeps issuing.`],
    publish: [
      tr`Publish the bundle (old + new)`,
      tr`Replaces ${layout.caCert} and every copy of it in the folder with a bundle of both CAs, and adds the new CA's CRL to ${layout.crl}. Then copy the bundle to every node and client (${readers}) and reload them (${reload}); every peer then trusts both CAs.`,
    ],
    reissue: [
      tr`Re-issue every certificate from the new CA`,
      tr`The new CA becomes the issuing CA: its key goes to ${layout.caKey}, the old key, certificate and database to ${layout.caDir}/retired/<serial>/ (move the key offline). Every certificate of the old CA in the folder is issued again by the new CA with the same names, SANs and usages (same keys unless --new-key). Deploy them and reload; old and new certificates keep connecting, as both CAs are trusted.`,
    ],
    retire: [
      tr`Retire the old CA`,
      tr`Removes the old CA from ${layout.caCert} and its copies and its CRL from ${layout.crl}. Refused while a valid certificate of the old CA is still in the folder. Then copy the CA file to every node and client again.`,
    ],
  };
  return rotationSteps.map((step, i) => ({ step, title: text[step][0], explanation: text[step][1], done: phase === 'retired' || i <= reached }));
}

/** Which step the CA's rotation is at, what comes next, and which certificates still come from the old CA. */
export async function rotationStatus(env: Environment, profileId: ProfileId, snap: RotationSnapshot, layout?: ProfileLayout): Promise<RotationStatus> {
  const l = await load(env, profileId, snap, layout);
  return statusOf(env, l, snap);
}

async function statusOf(env: Environment, l: Loaded, snap: RotationSnapshot): Promise<RotationStatus> {
  const leaves = await scanLeaves(env, l, snap);
  const pending = leaves.filter((x) => x.issuer === 'old' && !x.dead).map((x) => x.path);
  const next = nextStep[l.phase] ?? undefined;
  const summaries: Record<RotationPhase, string> = {
    none: tr`no rotation in progress`,
    created: tr`rotation: new CA created, next: publish the bundle`,
    published: tr`rotation: bundle published (old + new), next: re-issue certificates`,
    reissued: pending.length ? tr`rotation: ${pending.length} certificate${plural(pending.length)} still from the old CA, next: reissue` : tr`rotation: certificates re-issued, next: retire the old CA`,
    retired: tr`rotation complete: old CA retired`,
  };
  return {
    profile: l.profile.id,
    phase: l.phase,
    ...(next ? { next: l.phase === 'reissued' && pending.length ? 'reissue' : next } : {}),
    ...(l.state ? { old: l.state.old, new: l.state.new } : {}),
    issuing: facts(l.issuing.cert),
    targets: l.state?.targets ?? [],
    leaves,
    pending,
    steps: stepInfos(l.profile, l.phase),
    summary: summaries[l.phase],
  };
}

// ---------------------------------------------------------------------------------------------

const freshKeys =
  (env: Environment): KeySource =>
  (type) =>
    generateKeyPair(env.crypto, type);

/** Runs one step. Pure: returns the plan; the front end commits it through the CA store and then removes `cleanup`. */
export async function planRotationStep(env: Environment, profileId: ProfileId, step: RotationStep, options: RotationOptions, snap: RotationSnapshot, keySource: KeySource = freshKeys(env), layout?: ProfileLayout): Promise<RotationResult> {
  if (!rotationSteps.includes(step)) throw new IssueError(tr`unknown rotation step ${JSON.stringify(step)}: use ${rotationSteps.join(', ')} or status`);
  const l = await load(env, profileId, snap, layout);
  const expected = nextStep[l.phase];
  const again = (step === 'reissue' && l.phase === 'reissued') || (step === 'new-ca' && l.phase === 'retired' && options.startNew);
  if (step !== expected && !again) {
    const order = (s: RotationStep | undefined): number => (s ? rotationSteps.indexOf(s) : rotationSteps.length);
    if (order(step) < order(expected)) {
      const then = expected ?? (step === 'new-ca' ? tr`nothing: the last rotation is complete (new-ca --start-new begins another)` : tr`nothing: the rotation is complete`);
      return { ...nothing(step, [tr`step ${step} was done already (the rotation is at: ${l.phase}); next: ${then}`]), cleanup: await leftovers(l, snap) };
    }
    throw new IssueError(tr`the rotation is at "${l.phase}": the next step is ${expected}, not ${step}`);
  }
  switch (step) {
    case 'new-ca':
      return newCa(env, l, options, keySource);
    case 'publish':
      return publish(env, l, snap);
    case 'reissue':
      return l.phase === 'published' ? takeOver(env, l, snap, options, keySource) : reissueRemaining(env, l, snap, options, keySource);
    case 'retire':
      return retire(env, l, snap);
  }
}

function nothing(step: RotationStep, messages: string[]): RotationResult {
  return { step, alreadyDone: true, plan: { directories: [], files: [] }, replaceProtected: [], cleanup: [], messages, warnings: [], opensslCommands: [], reissued: [] };
}

function stateFile(l: Loaded, state: RotationState): PlannedFile {
  return fileOf(l.paths.state, `${JSON.stringify(state, null, 2)}\n`, 'state', tr`CA rotation state (step ${state.phase})`);
}

function advance(env: Environment, l: Loaded, step: RotationStep, files: number, patch: Partial<RotationState> = {}): RotationState {
  const base = l.state!;
  return { ...base, ...patch, phase: phaseAfter[step], history: [...base.history, { step, at: env.now().toISOString(), files }] };
}

const dirsOf = (files: readonly PlannedFile[]): WritePlan['directories'] => {
  const set = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('/'));
  }
  return [...set].sort(directoryOrder).map((path) => ({ path, mode: 0o700 }));
};

async function newCa(env: Environment, l: Loaded, options: RotationOptions, keySource: KeySource): Promise<RotationResult> {
  const old = l.issuing.cert;
  if (!selfIssued(old) || !(await signedBy(env, old, old))) {
    throw new IssueError(tr`${old.subject} is an intermediate CA (issued by ${old.issuer}); rotate it by creating a new intermediate from its parent (certwright ca create --parent PARENT --dir NEW_DIR) and re-issuing its certificates there`);
  }
  const keyType = checkKeyType(options.keyType ?? l.issuing.keyType);
  const days = checkDays(tr`CA validity`, options.days, DEFAULT_CA_DAYS);
  const cn = checkDnValue(tr`CA common name`, options.commonName ?? defaultCommonName(old, env.now()));
  const subject = renamed(old, cn);
  if (sameDer(subject, old.subjectDer)) {
    throw new IssueError(tr`the new CA needs a name other than the old one's (${old.subject}): verifiers would have two CAs of one name to choose from; give another --cn`);
  }
  const keys: CryptoKeyPair = await keySource(keyType);
  const spki = await spkiOf(env.crypto, keys.publicKey);
  const pathLen = old.basicConstraints?.pathLength;
  const { notBefore, notAfter } = selfWindow(env.now(), days);
  const cert = await signCert(env.crypto, { subject, spki, serial: randomSerial(env.crypto), notBefore, notAfter, extensions: caExtensions(pathLen, await keyIdOf(env.crypto, spki)) }, subject, keys.privateKey, signingAlgorithm(keyType));
  const state: RotationState = { version: 1, profile: l.profile.id, phase: 'created', old: facts(old), new: facts(cert), targets: [], history: [{ step: 'new-ca', at: env.now().toISOString(), files: 3 }] };
  const files = [
    fileOf(l.paths.nextKey, await exportPkcs8Pem(env.crypto, keys.privateKey), 'key', tr`the new CA private key`, false),
    fileOf(l.paths.nextCert, certPem(cert), 'cert', tr`the new CA certificate (${cert.subject})`, false),
    stateFile(l, state),
  ];
  return {
    step: 'new-ca',
    alreadyDone: false,
    plan: { directories: dirsOf(files), files },
    replaceProtected: [],
    cleanup: [],
    messages: [tr`new CA ${cert.subject}, serial ${state.new.serial}, valid until ${state.new.notAfter}; nothing any system reads has changed. Next: publish (the bundle old + new)`],
    warnings: [],
    opensslCommands: [`openssl req -new -x509 -newkey ... -keyout ${l.paths.nextKey} -subj '${cn}' -days ${days} -extensions ca_cert -out ${l.paths.nextCert}`],
    reissued: [],
  };
}

async function loadNext(env: Environment, l: Loaded, snap: RotationSnapshot): Promise<{ ca: LoadedCa; certText: string; keyText: string }> {
  const certText = await snap.read(l.paths.nextCert);
  const keyText = await snap.read(l.paths.nextKey);
  if (certText === undefined || keyText === undefined) throw new IssueError(tr`the new CA of this rotation is missing (${l.paths.nextCert}, ${l.paths.nextKey}); restore them from a backup, or remove ${l.paths.state} and start again with new-ca`);
  const ca = await loadCa(env.crypto, certText, keyText);
  if (facts(ca.cert).sha256 !== l.state!.new.sha256) throw new IssueError(tr`${l.paths.nextCert} is not the new CA recorded in ${l.paths.state}`);
  return { ca, certText, keyText };
}

async function crlOf(env: Environment, ca: LoadedCa, index: string | undefined, number: bigint, profile: Profile): Promise<string> {
  const now = env.now().getTime();
  const entries = parseIndex(index).filter((e) => e.status === 'R').map(crlEntryOf);
  return crlPem(await signCrl(env.crypto, ca, { number, thisUpdate: new Date(now - BACKDATE_MS), nextUpdate: new Date(now + profile.crlDays * dayMs), entries }));
}

const withNewline = (s: string): string => (s && !s.endsWith('\n') ? `${s}\n` : s);

async function publish(env: Environment, l: Loaded, snap: RotationSnapshot): Promise<RotationResult> {
  const layout = l.profile.layout;
  const next = await loadNext(env, l, snap);
  const old = l.issuing.cert;
  const bundle = certPem(old) + certPem(next.ca.cert);
  const targets = [layout.caCert, ...(await copiesOf(l, snap, [old]))];
  const newCrl = await crlOf(env, next.ca, '', 1n, l.profile);
  const files = [
    ...targets.map((t) => fileOf(t, bundle, 'cert', t === layout.caCert ? tr`CA bundle: the CA in charge (issuing) + the new CA` : tr`CA bundle (copy): old + new CA`)),
    fileOf(layout.crl, withNewline((await snap.read(layout.crl)) ?? '') + newCrl, 'crl', tr`CRLs: the CA's own, then the new CA's (empty)`),
    fileOf(l.paths.otherCrl, newCrl, 'crl', tr`the new CA's CRL (published with every CRL until the old CA retires)`),
  ];
  const state = advance(env, l, 'publish', files.length + 1, { targets });
  files.push(stateFile(l, state));
  return {
    step: 'publish',
    alreadyDone: false,
    plan: { directories: dirsOf(files), files },
    replaceProtected: [layout.caCert],
    cleanup: [],
    messages: [
      tr`both CAs are now in ${targets.join(', ')}`,
      tr`copy them (and ${layout.crl}) to every node and client, wherever each reads its CA (${caReaders(l.profile.id)}), reload, then run: reissue`,
    ],
    warnings: ownCrlWarning(layout),
    opensslCommands: [`cat ${layout.caCert} ${l.paths.nextCert} > bundle.crt`, ...targets.map((t) => `cp bundle.crt ${t}`), `cat ${l.paths.otherCrl} >> ${layout.crl}`],
    reissued: [],
  };
}

interface Reissue {
  readonly files: Map<string, PlannedFile>;
  readonly warnings: string[];
  readonly reissued: { path: string; subject: string; serial: string }[];
  material: CaMaterial;
}

/**
 * Issues every valid leaf of the old CA again from `material`'s CA, threading the database
 * through; the exports of each (exports.json) are written again from the new certificate, as
 * a renewal writes them (a chain ending with the new CA; an encrypted one marked stale).
 */
async function reissueAll(env: Environment, l: Loaded, snap: RotationSnapshot, ca: LoadedCa, material: CaMaterial, leaves: readonly RotationLeaf[], options: RotationOptions, keySource: KeySource): Promise<Reissue> {
  const out: Reissue = { files: new Map(), warnings: [], reissued: [], material };
  const missing: string[] = [];
  const days = checkDays(tr`validity`, options.leafDays, DEFAULT_LEAF_DAYS);
  const exportsPath = exportsFile(l.profile.layout);
  const exportsBefore = await snap.read(exportsPath);
  let exportsText = exportsBefore;
  for (const leaf of leaves) {
    const keyPath = keyOfCertificate(l.profile.layout, leaf.path) ?? keyPathFor(leaf.path);
    // Read with --new-key too: the key it replaces is kept aside (renewed/), never overwritten.
    const keyPem = await snap.read(keyPath);
    if (!options.newKey && keyPem === undefined) {
      missing.push(tr`${leaf.path} (key ${keyPath})`);
      continue;
    }
    const old = readCert(certDers(await snap.read(leaf.path))[0]!);
    const r = await reissueLeaf(env, l.profile, ca, out.material, old, { certPath: leaf.path, keyPath, ...(keyPem ? { keyPem } : {}), newKey: Boolean(options.newKey), days, allowCapped: options.allowCapped, dir: folderArgs(options).dir }, keySource);
    for (const f of r.plan.files) out.files.set(f.path, { ...f, description: f.path === leaf.path ? tr`re-issued by the new CA (${old.subject})` : f.description });
    const index = r.plan.files.find((f) => f.path === l.profile.layout.index)!.contents;
    // Sequential serials (openssl ca): the next certificate takes the number after this one.
    const serial = r.plan.files.find((f) => f.path === l.profile.layout.serial)?.contents;
    out.material = { ...out.material, index, ...(serial !== undefined ? { serial } : {}) };
    out.warnings.push(...r.warnings);
    out.reissued.push({ path: leaf.path, subject: r.issued!.subject, serial: r.issued!.serial });
    if (exportsText !== undefined) {
      const certFile = r.plan.files.find((f) => f.path === leaf.path)!;
      const newKey = r.plan.files.find((f) => f.path === keyPath && f.kind === 'key')?.contents;
      // The new CA alone: a chain --with-root ends with the root that signed the new certificate, not the bundle's last (old) CA.
      const e = await reexport(env, { certPem: certPem(ca.cert), keyPem: '', exports: exportsText }, { certPath: leaf.path, certPem: certFile.contents, keyPem: newKey ?? keyPem, serial: r.issued!.serial, oldSerial: normalizeSerial(old.serial) }, undefined, env.now(), folderArgs(options).dir);
      for (const f of e.files) out.files.set(f.path, f);
      out.warnings.push(...e.warnings);
      exportsText = e.exportsJson;
    }
  }
  if (exportsText !== undefined && exportsText !== exportsBefore) out.files.set(exportsPath, fileOf(exportsPath, exportsText, 'state', tr`exports of this CA (renewals write them again)`));
  if (missing.length) {
    throw new IssueError(tr`cannot re-issue with the same key: the key of ${missing.length} certificate${plural(missing.length)} is not beside it: ${missing.join(', ')}. Put the keys there, or re-issue with new keys (--new-key)`);
  }
  return out;
}

/**
 * What an adopted CA's issuance reads besides the key and database: its configuration (policy,
 * extensions, CRL settings) and, where serials are sequential (openssl ca, CA.pl), the serial
 * file — the new CA carries on the old one's count, so no newcerts/<serial>.pem is written over.
 */
async function issuingState(layout: ProfileLayout, snap: RotationSnapshot): Promise<Pick<CaMaterial, 'serial' | 'caConfig' | 'indexAttr'>> {
  const caConfig = layout.origin === 'openssl' || layout.origin === 'easy-rsa' ? await snap.read(layout.opensslConfig) : undefined;
  const indexAttr = layout.origin !== 'certwright' ? ((await snap.read(layout.indexAttr)) ?? '') : undefined;
  const serial = layout.serials === 'sequential' ? await snap.read(layout.serial) : undefined;
  return { ...(caConfig !== undefined ? { caConfig } : {}), ...(indexAttr !== undefined ? { indexAttr } : {}), ...(serial !== undefined ? { serial } : {}) };
}

/**
 * An adopted CA's own tool writes the issuing CA's CRL alone (`easyrsa gen-crl`, `openssl ca
 * -gencrl -out`): while both CAs are published, a verifier that checks CRLs (PostgreSQL
 * ssl_crl_file, openssl verify -crl_check) then finds none for the other CA and refuses its
 * certificates ("unable to get certificate CRL"). Said at publish and at the take-over.
 */
function ownCrlWarning(layout: ProfileLayout): string[] {
  if (layout.origin === 'easy-rsa') return [tr`until retire, publish CRLs with certwright crl (it adds the other CA's CRL to ${layout.crl}); easyrsa gen-crl writes this CA's alone, and verifiers that check CRLs then refuse the other CA's certificates (unable to get certificate CRL)`];
  if (layout.origin === 'openssl') return [tr`until retire, publish CRLs with certwright crl (it adds the other CA's CRL to ${layout.crl}); openssl ca -gencrl writes this CA's alone, and verifiers that check CRLs then refuse the other CA's certificates (unable to get certificate CRL)`];
  return [];
}

/** reissue, first run: the new CA takes over (old CA archived in the same commit), then every leaf of the old CA is issued again. */
async function takeOver(env: Environment, l: Loaded, snap: RotationSnapshot, options: RotationOptions, keySource: KeySource): Promise<RotationResult> {
  const layout = l.profile.layout;
  const next = await loadNext(env, l, snap);
  const old = l.issuing;
  const retired = l.paths.retired(l.state!.old.serial);
  const oldIndex = (await snap.read(layout.index)) ?? '';
  const oldCrlNumber = parseHexNumber(await snap.read(layout.crlnumber), tr`${layout.crlnumber} (the next CRL number)`);
  const oldCrl = await crlOf(env, old, oldIndex, oldCrlNumber, l.profile);
  const bundle = certPem(next.ca.cert) + certPem(old.cert);
  const targets = [...new Set([...l.state!.targets, layout.caCert, ...(await copiesOf(l, snap, [old.cert, next.ca.cert]))])].sort((a, b) => (a === layout.caCert ? -1 : b === layout.caCert ? 1 : a.localeCompare(b)));
  const leaves = (await scanLeaves(env, l, snap)).filter((x) => x.issuer === 'old' && !x.dead);
  const adopted = await issuingState(layout, snap);
  const material: CaMaterial = { certPem: bundle, keyPem: next.keyText, index: '', crlnumber: formatHexNumber(2n), ...adopted };
  const r = await reissueAll(env, l, snap, next.ca, material, leaves, options, keySource);
  const newCrl = await crlOf(env, next.ca, r.material.index, 2n, l.profile);
  const files: PlannedFile[] = [
    // The old CA first, complete, so that nothing of it is lost if anything after fails.
    fileOf(`${retired}/ca.key`, l.keyText, 'key', tr`the old CA key (retired: move it offline)`, false),
    fileOf(`${retired}/ca.crt`, certPem(old.cert), 'cert', tr`the old CA certificate`, false),
    fileOf(`${retired}/index.txt`, oldIndex, 'state', tr`the old CA's database`, false),
    fileOf(`${retired}/crlnumber`, formatHexNumber(oldCrlNumber + 1n), 'state', tr`the old CA's next CRL number`, false),
    fileOf(`${retired}/ca.crl`, oldCrl, 'crl', tr`the old CA's last CRL`, false),
    ...r.files.values(),
    fileOf(layout.caKey, next.keyText, 'key', tr`CA key: the new CA now issues`),
    ...targets.map((t) => fileOf(t, bundle, 'cert', t === layout.caCert ? tr`CA bundle: the new CA (issuing) + the old CA` : tr`CA bundle (copy): new + old CA`)),
    fileOf(layout.index, r.material.index ?? '', 'state', tr`CA database of the new CA (openssl index.txt)`),
    fileOf(layout.serial, r.material.serial ?? formatHexNumber(BigInt(`0x${randomSerial(env.crypto)}`)), 'state', tr`next serial`),
    fileOf(layout.crlnumber, formatHexNumber(3n), 'state', tr`next CRL number of the new CA`),
    fileOf(layout.crl, newCrl + oldCrl, 'crl', tr`CRLs: the new CA's, then the old CA's`),
    fileOf(l.paths.otherCrl, oldCrl, 'crl', tr`the old CA's CRL (published with every CRL until it retires)`),
  ];
  // One entry per path, the last one wins (the database written once, complete).
  const unique = [...new Map(files.map((f) => [f.path, f])).values()];
  unique.push(stateFile(l, advance(env, l, 'reissue', unique.length + 1, { targets })));
  return {
    step: 'reissue',
    alreadyDone: false,
    plan: { directories: dirsOf(unique), files: unique },
    replaceProtected: [layout.caCert, layout.caKey],
    cleanup: [
      { path: l.paths.nextKey, contents: next.keyText },
      { path: l.paths.nextCert, contents: next.certText },
    ],
    messages: [
      tr`the new CA (${next.ca.cert.subject}) now issues; the old CA's key, certificate and database are in ${retired}/ (move the key offline once the rotation is complete)`,
      r.reissued.length ? tr`${r.reissued.length} certificate${plural(r.reissued.length)} re-issued by the new CA: ${r.reissued.map((x) => x.path).join(', ')}` : tr`${r.reissued.length} certificate${plural(r.reissued.length)} re-issued by the new CA`,
      tr`deploy them to their nodes and clients and reload; then run: retire`,
    ],
    warnings: [...new Set([...r.warnings, ...ownCrlWarning(layout)])],
    opensslCommands: [`mkdir -p ${retired} && cp ${layout.caKey} ${layout.caCert} ${layout.index} ${retired}/`, `mv ${l.paths.nextKey} ${layout.caKey}`, `cat ${l.paths.nextCert} ${retired}/ca.crt > ${layout.caCert}`, '# then, for each certificate: openssl x509 -x509toreq ... | openssl ca -config ... (see certwright renew --print-openssl)'],
    reissued: r.reissued,
  };
}

/** reissue again (after the take-over): certificates of the old CA that are still here (restored, added later). */
async function reissueRemaining(env: Environment, l: Loaded, snap: RotationSnapshot, options: RotationOptions, keySource: KeySource): Promise<RotationResult> {
  const layout = l.profile.layout;
  const leaves = (await scanLeaves(env, l, snap)).filter((x) => x.issuer === 'old' && !x.dead);
  const cleanup = await leftovers(l, snap);
  if (!leaves.length) return { ...nothing('reissue', [tr`every certificate in the folder is from the new CA already; next: retire`]), cleanup };
  const index = await snap.read(layout.index);
  const material: CaMaterial = { certPem: l.caText, keyPem: l.keyText, ...(index !== undefined ? { index } : {}), ...(await issuingState(layout, snap)) };
  const r = await reissueAll(env, l, snap, l.issuing, material, leaves, options, keySource);
  const files = [...r.files.values()];
  files.push(stateFile(l, advance(env, l, 'reissue', files.length + 1)));
  return {
    step: 'reissue',
    alreadyDone: false,
    plan: { directories: dirsOf(files), files },
    replaceProtected: [],
    cleanup,
    messages: [tr`${r.reissued.length} more certificate${plural(r.reissued.length)} re-issued by the new CA: ${r.reissued.map((x) => x.path).join(', ')}`, tr`deploy them and reload; then run: retire`],
    warnings: [...new Set(r.warnings)],
    opensslCommands: [],
    reissued: r.reissued,
  };
}

/** The new CA's files left in rotation/ by an interrupted clean-up, once they are the CA's own. */
async function leftovers(l: Loaded, snap: RotationSnapshot): Promise<RotationResult['cleanup']> {
  const out: { path: string; contents: string }[] = [];
  if (l.phase !== 'reissued' && l.phase !== 'retired') return out;
  const key = await snap.read(l.paths.nextKey);
  if (key !== undefined && key === l.keyText) out.push({ path: l.paths.nextKey, contents: key });
  const cert = await snap.read(l.paths.nextCert);
  if (cert !== undefined && l.state && certDers(cert).length === 1 && facts(readCert(certDers(cert)[0]!)).sha256 === l.state.new.sha256) out.push({ path: l.paths.nextCert, contents: cert });
  return out;
}

async function retire(env: Environment, l: Loaded, snap: RotationSnapshot): Promise<RotationResult> {
  const layout = l.profile.layout;
  const leaves = await scanLeaves(env, l, snap);
  const pending = leaves.filter((x) => x.issuer === 'old' && !x.dead);
  if (pending.length) {
    throw new IssueError(
      [
        tr`the old CA (${l.state!.old.subject}) is still needed: it issued ${pending.length} valid certificate${plural(pending.length)} in the folder:`,
        ...pending.map((x) => tr`  - ${x.path} (${x.subject}, serial ${x.serial}, valid until ${x.notAfter})`),
        tr`Re-issue them from the new CA (reissue), or revoke or remove them, then retire again.`,
      ].join('\n'),
    );
  }
  const newCert = l.issuing.cert;
  const oldCert = l.oldCert!;
  const targets = [...new Set([...l.state!.targets, layout.caCert, ...(await copiesOf(l, snap, [newCert, oldCert]))])].sort((a, b) => (a === layout.caCert ? -1 : b === layout.caCert ? 1 : a.localeCompare(b)));
  const parentCrl = await snap.read(parentCrlPath(layout));
  const crlnumber = await snap.read(layout.crlnumber);
  const index = await snap.read(layout.index);
  // An adopted CA's configuration says how its CRLs are made (crl_extensions, default_crl_days), as for certwright crl.
  const { caConfig } = await issuingState(layout, snap);
  const crl = await publishCrl(env, { kind: 'publishCrl', profile: l.profile.id, ...(layout.origin !== 'certwright' ? { layout } : {}) }, { certPem: l.caText, keyPem: l.keyText, ...(index !== undefined ? { index } : {}), ...(crlnumber !== undefined ? { crlnumber } : {}), ...(parentCrl !== undefined ? { parentCrl } : {}), ...(caConfig !== undefined ? { caConfig } : {}) });
  const otherCrl = await snap.read(l.paths.otherCrl);
  const files: PlannedFile[] = [
    ...targets.map((t) => fileOf(t, certPem(newCert), 'cert', t === layout.caCert ? tr`CA certificate: the new CA only` : tr`CA certificate (copy): the new CA only`)),
    ...crl.plan.files.map((f) => (f.path === layout.crl ? { ...f, description: tr`the new CA's CRL (the old CA's is no longer published)` } : f)),
  ];
  files.push(stateFile(l, advance(env, l, 'retire', files.length + 1, { targets })));
  const dead = leaves.filter((x) => x.issuer === 'old');
  return {
    step: 'retire',
    alreadyDone: false,
    plan: { directories: dirsOf(files), files },
    replaceProtected: [layout.caCert],
    cleanup: [...(otherCrl !== undefined ? [{ path: l.paths.otherCrl, contents: otherCrl }] : []), ...(await leftovers(l, snap))],
    messages: [
      tr`the old CA (${l.state!.old.subject}) is out of ${targets.join(', ')} and of ${layout.crl}; copy them to every node and client again and reload`,
      tr`its key is in ${l.paths.retired(l.state!.old.serial)}/ca.key: move it offline or destroy it`,
      ...(dead.length ? [tr`the folder keeps ${dead.length} revoked or expired certificate${plural(dead.length)} of the old CA, which will no longer verify: ${dead.map((x) => x.path).join(', ')}`] : []),
    ],
    warnings: [],
    opensslCommands: [...targets.map((t) => `openssl x509 -in ${layout.caCert} -out ${t}   # the first certificate only`), ...crl.opensslCommands],
    reissued: [],
  };
}
