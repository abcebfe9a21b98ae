/**
 * Renews a leaf of a CA folder as one journaled commit under the CA lock: the
 * certificate, its key, the CA's material and its revoked certificates are read
 * through the store (a change made meanwhile aborts the commit), the renewal is
 * planned by `renew` and committed. The file system is injected: the language
 * server's "re-issue with this name" runs it on node fs; the CLI shares its parts
 * (key path, revoked certificates, CA material).
 */
import type { Environment } from '../environment';
import { readCaFiles, type ReadRelative } from './caFiles';
import { operationFingerprint, protectedFiles, withCaStore, type CaStore, type CommitResult, type PlanCheck, type Recovery, type StoreFs } from './caStore';
import { isEncryptedKeyPem } from './keys';
import { entityName, leafFiles, renewedCopyOf } from './layout';
import { commonNameOf, parseCertPem } from './certs';
import { normalizeSerial } from './state';
import { renew } from './operations';
import { profileLayout } from './profiles';
import { parseIndex } from './state';
import { IssueError, type CaMaterial, type IssueResult, type ProfileId, type ProfileLayout, type RenewOperation } from './types';
import { tr } from '../l10n';

export type { ReadRelative };

/** The CA's copies of its revoked certificates (`newcerts/<serial>.pem` of each `R` line), for the revoked-key check. */
export async function revokedCertificates(layout: ProfileLayout, read: ReadRelative): Promise<string[]> {
  const out: string[] = [];
  for (const e of parseIndex(await read(layout.index)).filter((x) => x.status === 'R')) {
    const pem = await read(`${layout.newCertsDir}/${e.serial}.pem`);
    if (pem !== undefined) out.push(pem);
  }
  return out;
}

/**
 * The CA's copies of the certificates it issued that are still valid at `now` (`newcerts/<serial>.pem`
 * of each `V` line), for renewal.ts leavesNamingSerial when an intermediate is renewed.
 */
export async function validIssuedCertificates(layout: ProfileLayout, read: ReadRelative, now: Date): Promise<string[]> {
  const out: string[] = [];
  for (const e of parseIndex(await read(layout.index)).filter((x) => x.status === 'V' && x.expiry.getTime() > now.getTime())) {
    const pem = await read(`${layout.newCertsDir}/${e.serial}.pem`);
    if (pem !== undefined) out.push(pem);
  }
  return out;
}

/** An easy-rsa leaf's copy in pki/renewed/issued/ (layout.ts renewedCopyOf), left by an earlier renewal; undefined when there is none. */
export async function renewedCertificate(layout: ProfileLayout, certPath: string, read: ReadRelative): Promise<string | undefined> {
  const renewed = renewedCopyOf(layout, certPath);
  return renewed ? read(renewed.path) : undefined;
}

/**
 * An easy-rsa parent's copy by name (pki/issued/NAME.crt, relative to the parent's folder) that
 * holds the intermediate `certPem` (its first certificate), read under the parent's lock: the
 * file named after its CN first, then the names in `hints` (the intermediate's folder, as it is
 * often imported: `easyrsa import-req sub/pki/reqs/ca.req sub`), and only when none holds it
 * every other `*.crt` that `list` gives (the folder's file names). Undefined when none does, or
 * the parent is not easy-rsa.
 */
export async function parentCopyPath(parentLayout: ProfileLayout, certPem: string, read: ReadRelative, list: (folder: string) => Promise<readonly string[]>, hints: readonly string[] = []): Promise<string | undefined> {
  if (parentLayout.origin !== 'easy-rsa') return undefined;
  let cert;
  try {
    cert = parseCertPem(certPem, 'certificate');
  } catch {
    return undefined;
  }
  const want = normalizeSerial(cert.serial);
  const issued = leafFiles(parentLayout.node, { name: 'x' }).cert.replace(/\/[^/]*$/, '');
  const holds = async (name: string): Promise<boolean> => {
    const pem = await read(`${issued}/${name}`);
    if (pem === undefined) return false;
    try {
      return normalizeSerial(parseCertPem(pem, name).serial) === want;
    } catch {
      return false;
    }
  };
  const cn = commonNameOf(cert);
  const first = [...new Set([cn, entityName(cn), ...hints].filter((n) => /^[A-Za-z0-9_][A-Za-z0-9_.@ -]*$/.test(n) && !n.includes('..')).map((n) => `${n}.crt`))];
  for (const name of first) if (await holds(name)) return `${issued}/${name}`;
  const rest = (await list(issued)).filter((n) => n.endsWith('.crt') && !first.includes(n)).sort();
  for (const name of rest) if (await holds(name)) return `${issued}/${name}`;
  return undefined;
}

/** The refusal when `dir` holds no CA of the layout. */
export function noCaError(dir: string, layout: Pick<ProfileLayout, 'profile' | 'caCert' | 'caKey'>): IssueError {
  return new IssueError(tr`no ${layout.profile} CA in ${dir}: expected ${layout.caCert} and ${layout.caKey} (create one with: certwright ca create --profile ${layout.profile} --dir ${dir})`);
}

/**
 * The CA's files (read under the CA lock, so they are compared again before the commit); `dir`
 * names the folder in messages; `folder`, the folder on this machine (CaMaterial.caFolder).
 */
export async function readCaMaterial(read: ReadRelative, dir: string, layout: ProfileLayout, passphrase?: string, folder?: string): Promise<CaMaterial> {
  const { certPem, keyPem, ...state } = await readCaFiles(read, layout);
  if (certPem === undefined || keyPem === undefined) throw noCaError(dir, layout);
  const encrypted = isEncryptedKeyPem(keyPem);
  if (encrypted && passphrase === undefined) throw new IssueError(tr`the CA key ${dir}/${layout.caKey} is encrypted: give its passphrase with --passin env:VAR or --passin file:PATH`);
  return { certPem, keyPem, ...(encrypted ? { keyPassphrase: passphrase } : {}), ...state, ...(folder !== undefined ? { caFolder: folder } : {}) };
}

export interface LeafRenewalRequest {
  readonly profile: ProfileId;
  /** An adopted CA's layout (core/issue/caLayout.ts); undefined: the profile's own. */
  readonly layout?: ProfileLayout;
  /** Folder of the CA (absolute): for messages, and where its configuration reads its includes. */
  readonly dir: string;
  /** The certificate and its key, relative to the CA folder. */
  readonly certPath: string;
  readonly keyPath: string;
  readonly addSans?: readonly string[];
  readonly commonName?: string;
  /** A validity that would outlast the CA ends with it (the summary the user confirms says so) instead of being refused. */
  readonly allowCapped?: boolean;
  /** Plan and check, write nothing (what the editor shows before the user confirms). */
  readonly dryRun?: boolean;
}

export interface LeafRenewalResult {
  readonly result: IssueResult;
  /** Existing files the renewal would replace without meaning to (a real run refuses them). */
  readonly check: PlanCheck;
  readonly commit?: CommitResult;
  readonly recovered?: Recovery;
}

/** Renews a leaf with the same key (a revoked key is refused by `renew`: it needs a new key). */
export async function runLeafRenewal(env: Environment, fs: StoreFs, req: LeafRenewalRequest): Promise<LeafRenewalResult> {
  const layout = req.layout ? { ...req.layout, profile: req.profile } : profileLayout(req.profile);
  return withCaStore(fs, layout.caDir, async (store: CaStore) => {
    const read = (p: string): Promise<string | undefined> => store.read(p);
    const certPem = await read(req.certPath);
    if (certPem === undefined) throw new IssueError(tr`cannot read ${req.dir}/${req.certPath}`);
    const keyPem = await read(req.keyPath);
    if (keyPem === undefined) throw new IssueError(tr`cannot read the key ${req.dir}/${req.keyPath}`);
    const material = await readCaMaterial(read, req.dir, layout, undefined, req.dir);
    const revokedPems = await revokedCertificates(layout, read);
    const renewedPem = await renewedCertificate(layout, req.certPath, read);
    const op: RenewOperation = {
      kind: 'renew',
      profile: req.profile,
      certPath: req.certPath,
      certPem,
      keyPath: req.keyPath,
      keyPem,
      ...(req.addSans?.length ? { addSans: req.addSans } : {}),
      ...(req.commonName !== undefined ? { commonName: req.commonName } : {}),
      ...(req.allowCapped ? { allowCapped: true } : {}),
      ...(revokedPems.length ? { revokedPems } : {}),
      ...(renewedPem !== undefined ? { renewedPem } : {}),
      ...(req.layout ? { layout } : {}),
    };
    const result = await renew(env, op, material);
    const protect = protectedFiles(layout);
    const check = await store.check(result.plan, { protect });
    const recovered = store.recovered;
    if (req.dryRun) return { result, check, ...(recovered ? { recovered } : {}) };
    const commit = await store.commit(result.plan, { protect, description: tr`renew ${result.issued?.subject ?? req.certPath} serial ${result.issued?.serial ?? ''}`, fingerprint: operationFingerprint(op) });
    return { result, check, commit, ...(recovered ? { recovered } : {}) };
  });
}
