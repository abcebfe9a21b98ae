/**
 * The PEM linters: diagnostics for PEM files (languageId `pem`, or a PEM-ish file
 * name in the CLI), and for PEM blocks embedded in structured configs (YAML, TOML,
 * JSON): there only the block's own problems, the ones its hover lists; what the
 * config uses the certificate for is the business of the setup linter.
 */
import type { Linter, LintContext, LintInput, WorkspacePki } from '../linter';
import { isKeptCopy } from '../pki/keptCopy';
import { rootSuccessor } from '../pki/keptCopy';
import { revocationText } from '../pki/tree';
import type { Finding } from '../types';
import { certificateChecks, crlChecks, csrChecks, keyChecks, pemRules, type Check } from './checks';
import { decodeBlock, decodeFile } from './index';
import { folderCertificateKeys } from './folderKeys';
import { findPemBlocks } from './blocks';
import { appliesToEmbeddedPem, appliesToPemFile } from './applies';
import type { CertificateView, Decoded, DecodedBlock, KeyView, PemBlock } from './types';
import { derivePublicKeyId, sec1ToPkcs8 } from './verify';
import { formatInstant, plural } from '../format';
import { tr } from '../l10n';

/** A private key's public id; Ed25519 (PKCS#8 v1) and EC keys without the optional public key get it from WebCrypto. */
async function keyId(view: KeyView, der: Uint8Array, context: LintContext): Promise<string | undefined> {
  if (view.publicKeyId) return view.publicKeyId;
  const pkcs8 = view.format === 'sec1' ? sec1ToPkcs8(der) : view.format === 'pkcs8' ? der : undefined;
  return pkcs8 ? derivePublicKeyId(pkcs8, context.env.crypto) : undefined;
}

/** An unencrypted private key of the file being linted, where its finding goes. */
interface KeyAt {
  readonly start: number;
  readonly end: number;
  readonly view: KeyView;
  readonly der: Uint8Array;
}

/**
 * PEM-KEY-NO-CERT on each key (PEM block or DER file) that matches none of the file's own
 * certificates (`local`: their public-key ids) nor the folder's.
 */
async function keysWithoutCertificate(keys: readonly KeyAt[], local: ReadonlySet<string>, file: LintInput, context: LintContext): Promise<Finding[]> {
  const pending: { key: KeyAt; id: string }[] = [];
  for (const key of keys) {
    const id = await keyId(key.view, key.der, context);
    if (id && !local.has(id)) pending.push({ key, id });
  }
  if (!pending.length) return [];
  const siblings = await folderCertificateKeys(file.path, context.env.fs, context.batch);
  lastDependencies.set(file.path, siblings.files);
  // A folder without any certificate (a private/ directory) is not a mismatch; a folder too large to index is not judged.
  const count = siblings.certificates + local.size;
  if (!siblings.complete || count === 0) return [];
  return pending
    .filter(({ id }) => !siblings.ids.has(id))
    .map(({ key: { start, end, view: v } }) => ({
      code: 'PEM-KEY-NO-CERT',
      severity: 'warning' as const,
      start,
      end,
      message: tr`This ${v.algorithm}${v.bits ? ` ${v.bits}-bit` : ''} private key matches none of the ${count} certificate${plural(count)} in this folder (Go: "tls: private key does not match public key")`,
    }));
}

/** PEM-REVOKED on each certificate the workspace's CRLs or CA database list as revoked. */
async function revocationFindings(blocks: readonly DecodedBlock[], pki: WorkspacePki): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const { block, decoded } of blocks) {
    if (!decoded.ok || decoded.view.kind !== 'certificate' || !block.der) continue;
    const status = await pki.statusOf(block.der);
    const r = status?.revocations[0];
    if (!r) continue;
    const published = status.revocations.some((x) => x.source.kind === 'crl');
    const consequence = published
      ? tr`peers that check this CRL refuse it (OpenSSL: "certificate revoked")`
      : tr`no CRL in the workspace lists it yet, so peers still accept it until the CA publishes one`;
    out.push(finding(block, { code: 'PEM-REVOKED', severity: pemRules['PEM-REVOKED']!.severity, message: `${revocationText(r)}: ${consequence}` }));
  }
  return out;
}

function finding(block: PemBlock, c: Check, start = block.start, end = block.headerEnd): Finding {
  return { code: c.code, severity: c.severity, start, end, message: c.message };
}

/** The checks of one decoded object (a PKCS#7 bundle's certificates each, named in the message). */
function objectChecks(v: Decoded & { ok: true }, now: Date, warningDays: number): Check[] {
  const o = v.view;
  const checks = o.kind === 'certificate' ? certificateChecks(o, now, warningDays) : o.kind === 'crl' ? crlChecks(o, now, warningDays) : o.kind === 'csr' ? csrChecks(o) : o.kind === 'privateKey' || o.kind === 'publicKey' ? keyChecks(o) : [];
  if (o.kind === 'pkcs7') for (const c of o.certificates) checks.push(...certificateChecks(c, now, warningDays).map((x) => ({ ...x, message: `${c.commonName ?? c.subject.text}: ${x.message}` })));
  return checks;
}

/**
 * A binary DER file (a .der certificate, key, CRL or CSR; a .crt or .key holding DER) the CLI read
 * as bytes: the same checks as its PEM form, on the file's first character.
 */
async function derFindings(file: LintInput, context: LintContext): Promise<Finding[]> {
  const text = file.text;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const decoded = decodeFile(bytes);
  if (decoded.format !== 'der') return [];
  const at = { start: 0, end: Math.min(1, text.length) };
  if (!decoded.decoded.ok) return [{ code: 'PEM-DER', severity: 'error', ...at, message: tr`Not an object OpenSSL reads as DER: ${decoded.decoded.message}` }];
  const out: Finding[] = objectChecks(decoded.decoded, context.env.now(), context.settings.expiryWarningDays).map((c) => ({ code: c.code, severity: c.severity, ...at, message: c.message }));
  const v = decoded.decoded.view;
  if (v.kind === 'privateKey' && !v.encrypted) out.push(...(await keysWithoutCertificate([{ ...at, view: v, der: bytes }], new Set(), file, context)));
  return out;
}

/**
 * Findings for the decoded blocks of one text (no file-system access). `objects: false`
 * keeps only the PEM/DER syntax (a CA's newcerts/ archive copy: its certificate is
 * judged where it is deployed, not twice).
 */
export function blockFindings(blocks: readonly DecodedBlock[], now: Date, warningDays: number, objects = true): Finding[] {
  const out: Finding[] = [];
  const successor = bundleSuccessor(blocks, now, warningDays);
  for (const { block, decoded } of blocks) {
    if (block.problem) {
      const p = block.problem;
      out.push({ code: p.code, severity: pemRules[p.code]?.severity ?? 'error', start: p.start, end: p.end, message: p.message });
      if (!block.der) continue;
    }
    if (!decoded.ok) {
      if (block.kind !== 'unknown' && block.der) out.push(finding(block, { code: 'PEM-DER', severity: 'error', message: `${block.label}: ${decoded.message}` }));
      continue;
    }
    if (!objects) continue;
    for (const c of objectChecks(decoded, now, warningDays)) out.push(finding(block, successor && decoded.view.kind === 'certificate' && decoded.view.basicConstraints?.ca && decoded.view.selfIssued ? overlapCheck(c, successor) : c));
  }
  return out;
}

/** The longest-valid root of a CA file holding several (keptCopy.ts rootSuccessor), with its subject and notAfter for the message. */
export function bundleSuccessor(blocks: readonly DecodedBlock[], now: Date, warningDays: number): { subject: string; notAfter: string; view: CertificateView } | undefined {
  const best = rootSuccessor(blocks.flatMap(({ decoded }) => (decoded.ok && decoded.view.kind === 'certificate' ? [decoded.view] : [])), now, warningDays);
  return best ? { subject: best.subject.text, notAfter: best.notAfter, view: best } : undefined;
}

/** The expiry of an older CA beside its successor in one CA file: a warning that says the bundle goes on, and when to take the old CA out. */
function overlapCheck(c: Check, successor: { subject: string; notAfter: string }): Check {
  if (c.code !== 'PEM-EXPIRED' && c.code !== 'PEM-EXPIRING') return c;
  return { ...c, severity: 'warning', message: tr`${c.message}; this file's other CA (${successor.subject}, valid until ${formatInstant(successor.notAfter)}) goes on: verifiers load every CA of the file, so only what this CA issued fails: take this CA out of the file once nothing it issued is in use (after a CA rotation: certwright ca rotate retire)` };
}

export const pemLinter: Linter = {
  name: 'pem',
  appliesTo: appliesToPemFile,
  async lint(file: LintInput, context: LintContext): Promise<Finding[]> {
    if (lastDependencies.size > 5000) lastDependencies.clear();
    lastDependencies.set(file.path, []);
    const blocks = findPemBlocks(file.text).map((block) => ({ block, decoded: decodeBlock(block) }));
    const now = context.env.now();
    const archive = isKeptCopy(file.path);
    const out = blockFindings(blocks, now, context.settings.expiryWarningDays, !archive);
    if (archive) return out;
    if (context.pki) out.push(...(await revocationFindings(blocks, context.pki)));
    if (!blocks.length && file.binary) return [...out, ...(await derFindings(file, context))];
    if (!blocks.length) {
      // Binary content (a DER .crt/.cer read as text) is not a PEM problem: the DER viewer decodes it.
      // eslint-disable-next-line no-control-regex
      const binary = /[\u0000\ufffd]/.test(file.text.slice(0, 4096)) || file.text.charCodeAt(0) === 0x30;
      if (file.text.trim().length && !binary) {
        out.push({ code: 'PEM-NO-BLOCK', severity: 'warning', start: 0, end: Math.min(file.text.indexOf('\n') >>> 0, 200, file.text.length), message: tr`No "-----BEGIN ...-----" block in this file (binary DER? the Certificates view decodes it)` });
      }
      return out;
    }
    // Keys that match no certificate: this file's certificates first, then the folder's.
    const keys: KeyAt[] = [];
    const local = new Set<string>();
    for (const { block, decoded } of blocks) {
      if (!decoded.ok || !block.der) continue;
      if (decoded.view.kind === 'certificate') local.add(decoded.view.publicKey.id);
      else if (decoded.view.kind === 'privateKey' && !decoded.view.encrypted) keys.push({ start: block.start, end: block.headerEnd, view: decoded.view, der: block.der });
    }
    out.push(...(await keysWithoutCertificate(keys, local, file, context)));
    return out;
  },
  async dependencies(file: LintInput): Promise<string[]> {
    return [...(lastDependencies.get(file.path) ?? [])];
  },
};

/** PEM blocks pasted into YAML, TOML or JSON (a Kubernetes secret, a DM task, a JSON bundle). */
export const embeddedPemLinter: Linter = {
  name: 'pem-embedded',
  appliesTo: appliesToEmbeddedPem,
  async lint(file: LintInput, context: LintContext): Promise<Finding[]> {
    const blocks = findPemBlocks(file.text).map((block) => ({ block, decoded: decodeBlock(block) }));
    const out = blockFindings(blocks, context.env.now(), context.settings.expiryWarningDays);
    if (context.pki) out.push(...(await revocationFindings(blocks, context.pki)));
    return out;
  },
};

/** Sibling files read during the last lint of each path (so their changes re-run the linter). */
const lastDependencies = new Map<string, readonly string[]>();
