/**
 * From a recognised TLS error to its cause in the workspace: which certificate,
 * which config line, and what to change. One explainer per cause; each looks
 * only at the inventory (decoded files and config text) and the facts the
 * message names, so the same answer comes from the CLI, the LSP request and
 * the palette command.
 */
import type { CertificateView } from '../pem';
import { certificateNameInFile } from '../pki/naming';
import type { Cause, CatalogEntry } from './catalog';
import type { Inventory, InventoryCert, InventoryConfig } from './inventory';
import { recognise, type MessageFacts, type Recognised } from './recognise';
import { tr } from '../l10n';

/** A statement with, where it has one, the place in the workspace it is about (0-based line). */
export interface Fact {
  readonly text: string;
  readonly file?: string;
  readonly line?: number;
}

export interface Fix {
  readonly title: string;
  /** A `certwright` command line (argv after `certwright`) that carries the fix out, where one exists. */
  readonly command?: readonly string[];
  readonly file?: string;
  readonly line?: number;
}

export interface Explanation {
  readonly id: string;
  readonly program: CatalogEntry['program'];
  readonly cause: Cause;
  /** The text of the message as matched. */
  readonly message: string;
  readonly source: string;
  readonly facts: MessageFacts;
  /** What happened, in one sentence. */
  readonly what: string;
  /** Why: the certificate fields and config lines involved. */
  readonly why: readonly Fact[];
  readonly fixes: readonly Fix[];
}

export interface ExplainResult {
  /** False when no catalogued message was found in the text. */
  readonly recognised: boolean;
  readonly explanations: readonly Explanation[];
}

// ---------------------------------------------------------------------------------------- helpers

const ipPattern = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f]*:[0-9a-f:.]+)$/i;

function isIp(name: string): boolean {
  return ipPattern.test(name);
}

/** How a certificate is named everywhere in an explanation: its CN (or subject) and where it is. */
export function certName(c: InventoryCert): string {
  return certificateNameInFile({ commonName: c.view.commonName, subject: c.view.subject.text }, c.file);
}

function sanNames(v: CertificateView): string[] {
  return v.subjectAltNames.filter((g) => g.type === 'dns' || g.type === 'ip').map((g) => g.value.toLowerCase());
}

function sanText(v: CertificateView): string {
  const names = v.subjectAltNames.filter((g) => g.type === 'dns' || g.type === 'ip').map((g) => `${g.type === 'ip' ? 'IP' : 'DNS'}:${g.value}`);
  return names.length ? names.join(', ') : tr`no DNS or IP subjectAltName`;
}

/** RFC 6125 matching as Go does it: exact, or one leftmost `*` label. */
function nameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === h) return true;
  if (!p.startsWith('*.') || isIp(h)) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

function covers(v: CertificateView, host: string): boolean {
  return v.subjectAltNames.some((g) => (g.type === 'dns' || g.type === 'ip') && (g.type === 'ip' ? g.value === host : nameMatches(g.value, host)));
}

function isCa(v: CertificateView): boolean {
  return v.basicConstraints?.ca === true;
}

function hasEku(v: CertificateView, usage: string): boolean {
  return !v.extendedKeyUsage || v.extendedKeyUsage.usages.includes(usage) || v.extendedKeyUsage.usages.includes('anyExtendedKeyUsage');
}

const leaves = (inv: Inventory): InventoryCert[] => inv.certs.filter((c) => !isCa(c.view));
const cas = (inv: Inventory): InventoryCert[] => inv.certs.filter((c) => isCa(c.view));

/** One entry per certificate (by fingerprint), preferring the deployed file to the CA's newcerts/ archive copy. */
function unique<T extends InventoryCert>(list: readonly T[]): T[] {
  const best = new Map<string, T>();
  for (const c of list) {
    const k = c.view.fingerprints.sha256;
    const had = best.get(k);
    if (!had || (isArchive(had.file) && !isArchive(c.file))) best.set(k, c);
  }
  return [...best.values()];
}

function isArchive(file: string): boolean {
  return /(?:^|\/)newcerts\//.test(file);
}

function dirName(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? '.' : file.slice(0, i) || '/';
}

/** The folder of a CA (where its `ca-private/` lives), for `--dir` in a fix. */
function caDir(ca: InventoryCert, inv: Inventory): string {
  const key = inv.keys.find((k) => k.view.publicKeyId === ca.view.publicKey.id && /(?:^|\/)ca-private\//.test(k.file));
  if (key) return dirName(dirName(key.file));
  const dir = dirName(ca.file);
  return /(?:^|\/)certs$/.test(dir) ? dirName(dir) : dir;
}

/** The folder of the CA that issued `c`. */
function caDirOf(c: InventoryCert, inv: Inventory): string | undefined {
  const ca = inv.certs.find((a) => isCa(a.view) && issuedBy(c.view, a.view));
  return ca ? caDir(ca, inv) : undefined;
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lines of config files that contain `word` as a whole token (a host, a CN), at most `limit`. */
function mentions(inv: Inventory, word: string, limit = 8): Fact[] {
  const re = new RegExp(`(?<![\\w.-])${escapeRe(word)}(?![\\w-]|\\.\\w)`, 'i');
  const out: Fact[] = [];
  for (const cfg of inv.configs) {
    cfg.lines.forEach((text, line) => {
      if (out.length < limit && re.test(text)) out.push({ text: tr`${word} is written in ${cfg.file}:${line + 1}: ${text.trim().slice(0, 160)}`, file: cfg.file, line });
    });
  }
  return out;
}

/** The configured trust anchors: `ssl-ca`, `sslrootcert`, `ssl_ca_file`, `--ssl-ca`, `ca.crt` of a certs dir… resolved to inventory files by base name. */
const trustKey = /(?:^|[\s"'{,-])(ssl[-_]ca(?:[-_]file)?|sslrootcert|ca[-_]file|cacert|ca[-_]path|trusted[-_]ca)\s*[:=]?\s*["']?([^"'\s,}]+)/i;

interface TrustRef {
  readonly config: InventoryConfig;
  readonly line: number;
  readonly key: string;
  readonly path: string;
  readonly certs: readonly InventoryCert[];
}

function trustRefs(inv: Inventory): TrustRef[] {
  const out: TrustRef[] = [];
  for (const cfg of inv.configs) {
    cfg.lines.forEach((text, line) => {
      const m = trustKey.exec(text);
      if (!m || text.trimStart().startsWith('#')) return;
      const path = m[2]!;
      const base = path.slice(path.lastIndexOf('/') + 1);
      const certs = inv.certs.filter((c) => c.file === path || c.file.endsWith(`/${path.replace(/^\.\//, '')}`) || c.file.endsWith(`/${base}`) || c.file === base);
      out.push({ config: cfg, line, key: m[1]!, path, certs });
    });
  }
  return out;
}

/** Of several copies of a certificate, the one in a file of its own (not a bundle), where there is one. */
function standalone(inv: Inventory, list: readonly InventoryCert[]): InventoryCert | undefined {
  const count = (file: string): number => inv.certs.reduce((n, c) => n + (c.file === file ? 1 : 0), 0);
  return [...list].sort((a, b) => count(a.file) - count(b.file) || Number(isArchive(a.file)) - Number(isArchive(b.file)))[0];
}

function issuedBy(leaf: CertificateView, ca: CertificateView): boolean {
  if (leaf.issuer.key !== ca.subject.key) return false;
  const aki = leaf.authorityKeyIdentifier?.keyIdentifier;
  return !aki || !ca.subjectKeyIdentifier || aki === ca.subjectKeyIdentifier;
}

function renewFix(c: InventoryCert, inv: Inventory, sans?: readonly string[]): Fix {
  const dir = caDirOf(c, inv);
  return {
    title: sans ? tr`Re-issue ${certName(c)} with ${sans.join(', ')} in its subjectAltName` : tr`Renew ${certName(c)}`,
    command: ['renew', ...(dir ? ['--dir', dir] : []), '--cert', c.file, ...(sans ? ['--san', sans.join(',')] : [])],
    file: c.file,
    line: c.line,
  };
}

function expiredAt(c: InventoryCert, now: Date): 'expired' | 'not-yet-valid' | undefined {
  if (Date.parse(c.view.notAfter) < now.getTime()) return 'expired';
  if (Date.parse(c.view.notBefore) > now.getTime()) return 'not-yet-valid';
  return undefined;
}

// ---------------------------------------------------------------------------------------- causes

type Explainer = (r: Recognised, inv: Inventory, now: Date) => Pick<Explanation, 'what' | 'why' | 'fixes'>;

const nameMismatch: Explainer = (r, inv) => {
  const host = r.facts.host;
  const valid = r.facts.valid?.map((n) => n.toLowerCase());
  const servers = unique(leaves(inv).filter((c) => hasEku(c.view, 'serverAuth')));
  // The certificate presented: the one whose names are exactly the ones the message lists; when the
  // message lists none, every server certificate that lacks the host is a candidate.
  const presented = valid?.length
    ? servers.filter((c) => {
        const names = sanNames(c.view);
        return valid.every((n) => names.includes(n) || c.view.commonName?.toLowerCase() === n);
      })
    : host
      ? servers.filter((c) => !covers(c.view, host)).slice(0, 8)
      : servers.filter((c) => !sanNames(c.view).length);
  const why: Fact[] = [];
  const fixes: Fix[] = [];
  const what = host
    ? valid?.length
      ? tr`The client connected to ${host}, and the server's certificate does not name ${host} (it names ${valid.join(', ')}).`
      : tr`The client connected to ${host}, and the server's certificate does not name ${host}.`
    : tr`The server's certificate does not name the host the client connected to.`;
  for (const c of presented) {
    why.push({ text: host ? tr`${certName(c)} holds ${sanText(c.view)}, not ${host}.` : tr`${certName(c)} holds ${sanText(c.view)}.`, file: c.file, line: c.line });
    const add = host ?? (sanNames(c.view).length ? undefined : c.view.commonName);
    if (add) fixes.push(renewFix(c, inv, [...sanNames(c.view), add]));
  }
  if (host) {
    why.push(...mentions(inv, host));
    if (!presented.length) fixes.push({ title: tr`Issue the server certificate with ${host} in its subjectAltName`, command: ['issue', 'node', '--san', host] });
    if (r.entry.cause === 'no-ip-sans' || isIp(host)) fixes.push({ title: tr`Or connect by a DNS name the certificate holds instead of the address ${host}` });
  }
  if (!why.length) why.push({ text: tr`No server certificate in the workspace matches the names in the message.` });
  return { what, why, fixes };
};

const legacyCn: Explainer = (_r, inv) => {
  const bare = unique(leaves(inv).filter((c) => !c.view.subjectAltNames.length && c.view.commonName));
  return {
    what: tr`The server certificate names its host only in the subject CN; Go (CockroachDB, DM, etcd) has ignored the CN since Go 1.15.`,
    why: bare.map((c) => ({ text: tr`${certName(c)} has CN=${c.view.commonName} and no subjectAltName.`, file: c.file, line: c.line })),
    fixes: bare.map((c) => renewFix(c, inv, [c.view.commonName!])),
  };
};

const unknownAuthority: Explainer = (r, inv) => {
  const why: Fact[] = [];
  const fixes: Fix[] = [];
  const refs = trustRefs(inv);
  const allCas = cas(inv);
  for (const ref of refs) {
    if (!ref.certs.length) {
      why.push({ text: tr`${ref.key} in ${ref.config.file}:${ref.line + 1} points at ${ref.path}, which is not in the workspace.`, file: ref.config.file, line: ref.line });
      continue;
    }
    const anchors = ref.certs.map((c) => c.view);
    for (const c of unique(leaves(inv))) {
      if (anchors.some((a) => issuedBy(c.view, a))) continue;
      const issuer = standalone(inv, allCas.filter((a) => issuedBy(c.view, a.view)));
      why.push({
        text: tr`${certName(c)} is issued by ${c.view.issuer.text}, which is not in ${ref.path} (${ref.key}, ${ref.config.file}:${ref.line + 1}).`,
        file: c.file,
        line: c.line,
      });
      if (issuer) fixes.push({ title: tr`Append ${certName(issuer)} to ${ref.path}, the CA bundle that ${ref.config.file} trusts`, file: ref.config.file, line: ref.line });
    }
    for (const a of ref.certs) if (!isCa(a.view)) why.push({ text: tr`${ref.path} (${ref.key}) holds ${certName(a)}, which is not a CA certificate.`, file: a.file, line: a.line });
  }
  // Same CA name, different keys: a CA re-created after its certificates were issued.
  const bySubject = new Map<string, InventoryCert[]>();
  for (const a of allCas) bySubject.set(a.view.subject.key, [...(bySubject.get(a.view.subject.key) ?? []), a]);
  for (const group of bySubject.values()) {
    const keys = new Set(group.map((a) => a.view.publicKey.id));
    if (keys.size > 1) why.push({ text: tr`${group.length} CA certificates are named ${group[0]!.view.subject.text} with ${keys.size} different keys (${group.map((a) => a.file).join(', ')}): a CA was re-created, and certificates from the old one do not verify against the new one.` });
  }
  if (!refs.length) {
    why.push({ text: allCas.length ? tr`No trusted-CA setting (ssl-ca, sslrootcert, ssl_ca_file…) was found in the workspace; the CAs present are: ${allCas.map(certName).join(', ')}.` : tr`No trusted-CA setting (ssl-ca, sslrootcert, ssl_ca_file…) was found in the workspace, and no CA certificate either.` });
  }
  const candidate = /candidate authority certificate "([^"]*)"/.exec(r.text)?.[1];
  if (candidate) why.unshift({ text: tr`Go tried the CA "${candidate}" and its signature check failed: that CA has the right name but not the key that signed the certificate.` });
  return {
    what: tr`The side that verified the chain does not trust the CA that issued the certificate it was shown.`,
    why: why.slice(0, 20),
    fixes: fixes.length ? dedupe(fixes) : [{ title: tr`Point the trusted-CA setting at the CA that issued the peer's certificate, or publish a bundle with both CAs during a CA rotation` }],
  };
};

const badSignature: Explainer = (r, inv, now) => {
  const bad = unique(inv.certs.filter((c) => inv.badSignatures?.has(c.view.fingerprints.sha256)));
  // Without a failing signature in the workspace, the usual cause is a CA of the same name with another key.
  if (!bad.length) return unknownAuthority(r, inv, now);
  return {
    what: tr`A certificate's signature does not verify with the key of the CA it names as its issuer.`,
    why: bad.slice(0, 20).map((c) => ({ text: tr`${certName(c)}: its signature does not verify with the key of ${c.view.issuer.text} in this workspace; it was altered after signing, or that CA was re-created with a new key.`, file: c.file, line: c.line })),
    fixes: bad.slice(0, 8).map((c) => renewFix(c, inv)),
  };
};

const validity: Explainer = (r, inv, now) => {
  const when = /is (after|before) (\S+)/.exec(r.text);
  const at = when ? new Date(Date.parse(/current time (\S+)/.exec(r.text)?.[1] ?? '') || now.getTime()) : now;
  const bad = unique(inv.certs.filter((c) => expiredAt(c, at)));
  const wanted = r.entry.cause === 'not-yet-valid' ? 'not-yet-valid' : undefined;
  const why = bad
    .filter((c) => !wanted || expiredAt(c, at) === wanted)
    .map((c) => ({ text: expiredAt(c, at) === 'expired' ? tr`${certName(c)} expired on ${c.view.notAfter}.` : tr`${certName(c)} is not valid before ${c.view.notBefore} (check the clocks).`, file: c.file, line: c.line }));
  return {
    what: r.entry.cause === 'not-yet-valid' ? tr`A certificate is not valid yet: its notBefore is in the future for the machine that checked it.` : tr`A certificate of the chain is past its notAfter date.`,
    why: why.length ? why : [{ text: tr`No certificate in the workspace is outside its validity period now: the expired one is deployed elsewhere, or the checking machine's clock is wrong.` }],
    fixes: bad.filter((c) => expiredAt(c, at) === 'expired').map((c) => renewFix(c, inv)),
  };
};

const crl: Explainer = (r, inv, now) => {
  const stale = inv.crls.filter((c) => c.view.nextUpdate && Date.parse(c.view.nextUpdate) < now.getTime());
  const lists = r.entry.cause === 'crl-missing' ? inv.crls : stale;
  // Publishing is done by the CA that signs the CRL: one `certwright crl` per CA folder found.
  const dirs = new Set<string>();
  for (const l of lists) {
    const ca = cas(inv).find((a) => a.view.subject.key === l.view.issuer.key);
    if (ca) dirs.add(caDir(ca, inv));
  }
  return {
    what: r.entry.cause === 'crl-missing' ? tr`CRL checking is on, and no CRL of the issuing CA was loaded.` : tr`The CRL loaded is past its nextUpdate: verifiers that check CRLs refuse every certificate of that CA.`,
    why: lists.map((c) => ({ text: c.view.nextUpdate ? tr`${c.file}: CRL of ${c.view.issuer.text}, nextUpdate ${c.view.nextUpdate}.` : tr`${c.file}: CRL of ${c.view.issuer.text}, no nextUpdate.`, file: c.file, line: c.line })),
    fixes: dirs.size
      ? [...dirs].map((dir) => ({ title: tr`Publish a fresh CRL of the CA in ${dir}, then reload the servers that load it`, command: ['crl', '--dir', dir] }))
      : [{ title: tr`Publish a fresh CRL (certwright crl --dir <CA folder>) and reload the servers that load it` }],
  };
};

const revoked: Explainer = (_r, inv) => {
  const why: Fact[] = [];
  const fixes: Fix[] = [];
  for (const list of inv.crls) {
    const serials = new Set(list.view.revoked.map((e) => e.serial.toUpperCase()));
    for (const c of unique(inv.certs)) {
      if (c.view.issuer.key === list.view.issuer.key && serials.has(c.view.serial.toUpperCase())) {
        why.push({ text: tr`${certName(c)} (serial ${c.view.serial}) is listed in ${list.file}.`, file: c.file, line: c.line });
        fixes.push({ title: tr`Issue ${certName(c)} anew with a new key (a revoked certificate's key is not re-certified)`, command: ['renew', ...(caDirOf(c, inv) ? ['--dir', caDirOf(c, inv)!] : []), '--cert', c.file, '--new-key'], file: c.file, line: c.line });
      }
    }
  }
  return { what: tr`The certificate presented is on its CA's revocation list.`, why, fixes };
};

const notACa: Explainer = (_r, inv) => {
  const why: Fact[] = [];
  const seen = new Set<string>();
  /** `ref`: the trusted-CA setting that names it; without one, it signed other certificates. */
  const flag = (a: InventoryCert, ref?: TrustRef): void => {
    const k = `${a.file}\u0000${a.view.fingerprints.sha256}`;
    if (seen.has(k)) return;
    seen.add(k);
    const name = certName(a);
    const at = ref ? `${ref.config.file}:${ref.line + 1}` : '';
    const text = !isCa(a.view)
      ? ref
        ? tr`${name} is named by ${ref.key} in ${at}, which has no basicConstraints CA:TRUE.`
        : tr`${name} signed other certificates, which has no basicConstraints CA:TRUE.`
      : ref
        ? tr`${name} is named by ${ref.key} in ${at}, which lacks keyCertSign in keyUsage.`
        : tr`${name} signed other certificates, which lacks keyCertSign in keyUsage.`;
    why.push({ text, file: a.file, line: a.line });
  };
  const cannotSign = (v: CertificateView): boolean => !isCa(v) || (!!v.keyUsage && !v.keyUsage.usages.includes('keyCertSign'));
  for (const ref of trustRefs(inv)) for (const a of ref.certs) if (cannotSign(a.view)) flag(a, ref);
  // A certificate that issued others (by name) but may not sign: used as a CA by mistake.
  const issuers = new Set(inv.certs.filter((c) => !c.view.selfIssued).map((c) => c.view.issuer.key));
  for (const a of unique(inv.certs)) if (issuers.has(a.view.subject.key) && cannotSign(a.view)) flag(a);
  return {
    what: tr`A certificate used as an issuer is not allowed to sign certificates (no CA:TRUE, or no keyCertSign).`,
    why,
    fixes: [{ title: tr`Issue from the CA certificate (ca.crt), not from a leaf, or renew the CA so it keeps its CA extensions` }],
  };
};

const usage: Explainer = (_r, inv) => {
  const why: Fact[] = [];
  for (const c of unique(leaves(inv))) {
    const eku = c.view.extendedKeyUsage?.usages;
    if (!eku) continue;
    if (!eku.includes('serverAuth') || !eku.includes('clientAuth')) why.push({ text: tr`${certName(c)} has extendedKeyUsage ${eku.join(', ')}.`, file: c.file, line: c.line });
  }
  return {
    what: tr`The certificate's extendedKeyUsage does not allow the role it was used in: a server needs serverAuth, a client clientAuth (a CockroachDB node or DM component that also dials its peers needs both).`,
    why,
    fixes: [{ title: tr`Re-issue the certificate with the profile of its role (node certificates get serverAuth and clientAuth)` }],
  };
};

const pathLength: Explainer = (_r, inv) => ({
  what: tr`A CA's pathLenConstraint allows fewer intermediate CAs below it than the chain has.`,
  why: cas(inv).filter((c) => c.view.basicConstraints?.pathLength !== undefined).map((c) => ({ text: tr`${certName(c)} has pathlen:${c.view.basicConstraints!.pathLength}.`, file: c.file, line: c.line })),
  fixes: [{ title: tr`Issue leaves from a CA whose pathlen allows the chain, or re-create the intermediate under a root without the constraint` }],
});

const selfSigned: Explainer = (r, inv, now) => {
  const self = unique(leaves(inv).filter((c) => c.view.selfIssued));
  const base = unknownAuthority(r, inv, now);
  return {
    what: tr`The peer presented a self-signed certificate that is not in this side's trusted CAs.`,
    why: [...self.map((c) => ({ text: tr`${certName(c)} is self-signed (not issued by a CA).`, file: c.file, line: c.line })), ...base.why],
    fixes: [{ title: tr`Issue the certificate from the cluster's CA instead of self-signing it`, command: ['issue', 'node'] }],
  };
};

const peerRejected: Explainer = (r, inv, now) => {
  const clients = unique(leaves(inv).filter((c) => c.view.extendedKeyUsage?.usages.includes('clientAuth') || !c.view.extendedKeyUsage));
  const why: Fact[] = [];
  for (const c of clients) {
    const state = expiredAt(c, now);
    if (state) why.push({ text: state === 'expired' ? tr`${certName(c)} is expired since ${c.view.notAfter}.` : tr`${certName(c)} is not valid before ${c.view.notBefore}.`, file: c.file, line: c.line });
    if (c.view.extendedKeyUsage && !hasEku(c.view, 'clientAuth')) why.push({ text: tr`${certName(c)} lacks clientAuth.`, file: c.file, line: c.line });
  }
  const trust = unknownAuthority(r, inv, now);
  return {
    what: r.entry.cause === 'peer-cert-expired'
      ? tr`The server found the client certificate this side presented expired.`
      : r.entry.cause === 'peer-unknown-ca'
        ? tr`The peer does not trust the CA that issued the certificate this side presented (its trusted-CA file lacks that CA).`
        : tr`The peer refused the certificate this side presented (untrusted CA, expired, or without clientAuth).`,
    why: [...why, ...trust.why].slice(0, 20),
    fixes: [...trust.fixes, ...clients.filter((c) => expiredAt(c, now) === 'expired').map((c) => renewFix(c, inv))],
  };
};

const clientCertRequired: Explainer = (_r, inv) => {
  const clients = unique(leaves(inv).filter((c) => c.view.extendedKeyUsage?.usages.includes('clientAuth')));
  return {
    what: tr`The server asks for a client certificate and the client sent none (not configured, or not found at the path given).`,
    why: clients.slice(0, 8).map((c) => ({ text: tr`${certName(c)} is a client certificate the client could present (CN ${c.view.commonName ?? '-'}).`, file: c.file, line: c.line })),
    fixes: [{ title: tr`Configure the client's certificate and key (sslcert/sslkey, ssl-cert/ssl-key, --certs-dir with client.<user>.crt)` }],
  };
};

const cnNotAllowed: Explainer = (r, inv) => {
  const allowed = r.facts.allowed ?? [];
  const seenText = r.facts.seenText ?? '';
  // The callee lists the CNs of every certificate of the caller's chain; the leaf is the one to act on.
  const callers = unique(leaves(inv).filter((c) => c.view.commonName && new RegExp(`(?:^|[\\s,])${escapeRe(c.view.commonName)}(?:$|[\\s,])`).test(seenText)));
  const why: Fact[] = callers.map((c) => ({ text: tr`${certName(c)} has CN=${c.view.commonName}, which is not in [${allowed.join(', ')}].`, file: c.file, line: c.line }));
  const fixes: Fix[] = [];
  for (const cfg of inv.configs) {
    cfg.lines.forEach((text, line) => {
      if (!/cert-allowed-cn/.test(text) || text.trimStart().startsWith('#')) return;
      why.push({ text: `${cfg.file}:${line + 1}: ${text.trim()}`, file: cfg.file, line });
      for (const c of callers) fixes.push({ title: tr`Add "${c.view.commonName}" to cert-allowed-cn in ${cfg.file}`, file: cfg.file, line });
    });
  }
  if (allowed.length) fixes.push({ title: tr`Or re-issue the caller's certificate with a CN in [${allowed.join(', ')}]`, command: ['issue', 'client', '--profile', 'dm', '--user', allowed[0]!] });
  return {
    what: tr`The callee accepts only the common names [${allowed.join(', ')}], and the caller's certificate chain has [${seenText}].`,
    why,
    fixes,
  };
};

const certUser: Explainer = (r, inv) => {
  const user = r.facts.user;
  const clients = unique(leaves(inv).filter((c) => c.view.extendedKeyUsage?.usages.includes('clientAuth')));
  const matching = clients.filter((c) => c.view.commonName === user);
  const why: Fact[] = clients.slice(0, 8).map((c) => ({
    text: c.view.commonName === undefined ? tr`${certName(c)} has no CN.` : c.view.commonName === user ? tr`${certName(c)} has CN=${c.view.commonName}, which is the user.` : tr`${certName(c)} has CN=${c.view.commonName}.`,
    file: c.file,
    line: c.line,
  }));
  for (const cfg of inv.configs.filter((c) => /pg_(?:hba|ident)\.conf$/.test(c.file))) {
    cfg.lines.forEach((text, line) => {
      if (/\bcert\b|clientcert=verify-full|\bmap=/.test(text) && !text.trimStart().startsWith('#')) why.push({ text: `${cfg.file}:${line + 1}: ${text.trim()}`, file: cfg.file, line });
    });
  }
  return {
    what: r.entry.program === 'cockroach'
      ? user
        ? tr`CockroachDB checked the SQL user "${user}" against the client certificate's principals (CN and SANs) and found no match.`
        : tr`CockroachDB checked the SQL user against the client certificate's principals (CN and SANs) and found no match.`
      : user
        ? tr`PostgreSQL checked the client certificate's CN against the database user "${user}" and they differ.`
        : tr`PostgreSQL checked the client certificate's CN against the database user and they differ.`,
    why,
    fixes: matching.length
      ? matching.map((c) => ({ title: tr`Connect with ${certName(c)}, whose CN is ${user}`, file: c.file, line: c.line }))
      : [
          { title: tr`Issue a client certificate with CN=${user ?? '<user>'}`, command: ['issue', 'client', '--profile', r.entry.program === 'cockroach' ? 'cockroach' : 'postgres', '--user', user ?? '<user>'] },
          r.entry.program === 'cockroach' ? { title: tr`Or map the certificate's CN to the user with --cert-principal-map` } : { title: tr`Or map the certificate's CN to the user in pg_ident.conf (map=… in pg_hba.conf)` },
        ],
  };
};

/** `ssl-cert = "x"` / `ssl-key = "y"` (and sslcert/sslkey, ssl_cert_file/ssl_key_file, --cert/--key) written in one config. */
const pathSetting = /(?:^|[\s"'{,])(-{0,2}[\w.-]*?)(cert|key)([\w-]*)\s*[:=]?\s*["']?([^"'\s,}]+\.(?:crt|pem|cer|key))/i;

function pairedFiles(cfg: InventoryConfig): Array<{ cert: string; key: string; line: number }> {
  const certs = new Map<string, { path: string; line: number }>();
  const keys = new Map<string, { path: string; line: number }>();
  cfg.lines.forEach((text, line) => {
    const m = pathSetting.exec(text);
    if (!m || text.trimStart().startsWith('#')) return;
    const slot = `${m[1]!.toLowerCase()}\u0000${m[3]!.toLowerCase()}`;
    (m[2]!.toLowerCase() === 'cert' ? certs : keys).set(slot, { path: m[4]!, line });
  });
  return [...certs].flatMap(([slot, c]) => {
    const k = keys.get(slot);
    return k ? [{ cert: c.path, key: k.path, line: k.line }] : [];
  });
}

function byPath<T extends { file: string }>(list: readonly T[], path: string): T | undefined {
  const rel = path.replace(/^\.\//, '');
  return list.find((x) => x.file === rel || x.file.endsWith(`/${rel}`));
}

const keyMismatch: Explainer = (_r, inv) => {
  const why: Fact[] = [];
  const fixes: Fix[] = [];
  const stem = (f: string): string => f.replace(/\.(?:crt|pem|cer|key)$/, '').replace(/-(?:cert|key)$/, '');
  const check = (cert: InventoryCert, keyFile: string, where?: { file: string; line: number }): void => {
    const k = byPath(inv.keys, keyFile);
    if (!k?.view.publicKeyId || k.view.publicKeyId === cert.view.publicKey.id) return;
    why.push({ text: where ? tr`${k.file} is not the key of ${certName(cert)} (paired in ${where.file}:${where.line + 1}).` : tr`${k.file} is not the key of ${certName(cert)}.`, file: where?.file ?? k.file, line: where?.line ?? k.line });
    // The key to suggest: PEM before DER (PEM-only loaders), then the one named like the certificate.
    const own = inv.keys
      .filter((x) => x.view.publicKeyId === cert.view.publicKey.id)
      .sort((a, b) => Number(a.format === 'der') - Number(b.format === 'der') || Number(stem(b.file) === stem(cert.file)) - Number(stem(a.file) === stem(cert.file)))[0];
    if (own) fixes.push({ title: tr`Use ${own.file}, the key of ${certName(cert)}`, file: where?.file ?? own.file, line: where?.line ?? own.line });
  };
  for (const cfg of inv.configs) {
    for (const p of pairedFiles(cfg)) {
      const cert = byPath(inv.certs, p.cert);
      if (cert) check(cert, p.key, { file: cfg.file, line: p.line });
    }
  }
  for (const k of inv.keys) {
    for (const c of inv.certs) if (stem(c.file) === stem(k.file) && c.file !== k.file) check(c, k.file);
  }
  return { what: tr`A private key is loaded with a certificate it does not belong to.`, why, fixes };
};

const keyPermissions: Explainer = (r, inv) => {
  const loose = inv.keys.filter((k) => k.mode !== undefined && (k.mode & 0o077) !== 0 && !(k.uid === 0 && (k.mode & 0o037) === 0 && r.entry.program === 'libpq'));
  return {
    what: tr`A private key file can be read by other users, and the program refuses to load it.`,
    why: loose.map((k) => ({ text: tr`${k.file} has mode ${k.mode!.toString(8).padStart(4, '0')}.`, file: k.file, line: k.line })),
    fixes: loose.map((k) => ({ title: `chmod 600 ${k.file}`, file: k.file })),
  };
};

const missingFile: Explainer = (r, inv) => {
  const file = r.facts.file;
  const base = file?.slice(file.lastIndexOf('/') + 1);
  const why: Fact[] = [];
  if (base) {
    for (const c of inv.certs.filter((x) => x.file.endsWith(`/${base}`) || x.file === base)) why.push({ text: tr`A file named ${base} is in the workspace: ${c.file}.`, file: c.file, line: c.line });
    for (const k of inv.keys.filter((x) => x.file.endsWith(`/${base}`) || x.file === base)) why.push({ text: tr`A file named ${base} is in the workspace: ${k.file}.`, file: k.file, line: k.line });
  }
  return {
    what: file ? tr`The program looked for ${file} and did not find it.` : tr`The program looked for a file and did not find it.`,
    why,
    fixes: [{ title: tr`Give the path explicitly (sslrootcert / sslcert / sslkey), or copy the file to where the program looks` }],
  };
};

const noPem: Explainer = (_r, inv) => {
  const der = [...unique(inv.certs.filter((c) => c.format === 'der')), ...inv.keys.filter((k) => k.format === 'der')];
  return {
    what: tr`A file given as a certificate or key holds no PEM block of that kind (a DER file, the wrong file, or an empty one).`,
    why: der.map((x) => ({ text: tr`${x.file} is DER (binary), not PEM.`, file: x.file, line: 0 })),
    fixes: der.length
      ? der.map((x) => ({ title: tr`Convert ${x.file} to PEM: ${`openssl ${x.view.kind === 'certificate' ? 'x509' : 'pkey'} -inform DER -in ${x.file} -out ${x.file.replace(/\.\w+$/, '')}.pem`}`, file: x.file }))
      : [{ title: tr`Point the setting at the PEM file (-----BEGIN …-----)` }],
  };
};

const verifyFailed: Explainer = (r, inv, now) => {
  const a = unknownAuthority(r, inv, now);
  const b = validity(r, inv, now);
  return { what: tr`This side could not verify the peer's certificate: an untrusted CA, an expired certificate, or a name mismatch.`, why: [...a.why, ...b.why].slice(0, 20), fixes: [...a.fixes, ...b.fixes] };
};

const explainers: Readonly<Record<Cause, Explainer>> = {
  'name-mismatch': nameMismatch,
  'no-ip-sans': nameMismatch,
  'legacy-cn': legacyCn,
  'unknown-authority': unknownAuthority,
  expired: validity,
  'not-yet-valid': validity,
  'crl-expired': crl,
  'crl-missing': crl,
  revoked,
  'self-signed': selfSigned,
  'bad-signature': badSignature,
  'not-a-ca': notACa,
  usage,
  'path-length': pathLength,
  'peer-rejected-client-cert': peerRejected,
  'peer-unknown-ca': peerRejected,
  'peer-cert-expired': peerRejected,
  'client-cert-required': clientCertRequired,
  'cn-not-allowed': cnNotAllowed,
  'cert-user': certUser,
  'key-mismatch': keyMismatch,
  'key-permissions': keyPermissions,
  'missing-file': missingFile,
  'no-pem': noPem,
  'verify-failed': verifyFailed,
};

function dedupe(fixes: readonly Fix[]): Fix[] {
  const seen = new Set<string>();
  return fixes.filter((f) => (seen.has(f.title) ? false : (seen.add(f.title), true)));
}

/** Recognises every catalogued message in `text` and explains each against the workspace. */
export function explain(text: string, inv: Inventory, now: Date, inventoryFor?: (cause: Cause) => Inventory): ExplainResult {
  const explanations = recognise(text).map((r): Explanation => {
    // A caller that knows more (the probe knows the certificate it presented) narrows what some causes look at.
    const e = explainers[r.entry.cause](r, inventoryFor?.(r.entry.cause) ?? inv, now);
    return {
      id: r.entry.id,
      program: r.entry.program,
      cause: r.entry.cause,
      message: r.text,
      source: r.entry.source,
      facts: r.facts,
      what: e.what,
      why: e.why,
      fixes: dedupe(e.fixes),
    };
  });
  return { recognised: explanations.length > 0, explanations };
}
