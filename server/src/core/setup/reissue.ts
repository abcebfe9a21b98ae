/**
 * "Re-issue <cert> with SAN <name>" / "with CN=<name>": the quick fix of the setup
 * findings that carry `data.reissue`. Finds the CA folder that issued the
 * certificate (a Certwright CA layout in a folder above it, inside the workspace,
 * whose CA certificate signed it) and tells whether a same-key renewal there can
 * work; words the summary the user confirms. The renewal itself is the issuing
 * core's (core/issue/renewRun.ts).
 */
import * as nodePath from 'node:path';
import type { FileSystem } from '../environment';
import type { PlanCheck } from '../issue/caStore';
import { defaultKeyPath, profileLayout } from '../issue/profiles';
import { normalizeSerial, parseIndex } from '../issue/state';
import { keyOfCertificate, LAYOUT_FILE } from '../issue/layout';
import { profileIds, type IssueResult, type ProfileId, type ProfileLayout } from '../issue/types';
import { plainLayout, resolveCaLayout } from '../issue/caLayout';
import { formatInstant } from '../format';
import { checkDnValue, parseSans } from '../issue/validate';
import type { FindingData } from '../types';
import { sanCovers, type CertFacts, type CertStore } from './certFacts';
import { tr } from '../l10n';

export type ReissueRequest = NonNullable<FindingData['reissue']>;

export interface ReissuePlace {
  readonly profile: ProfileId;
  /** An adopted CA's layout (the renewal carries it); undefined: the profile's own. */
  readonly layout?: ProfileLayout;
  /** The CA folder (absolute). */
  readonly caDir: string;
  /** Certificate and key, relative to caDir. */
  readonly certPath: string;
  readonly keyPath: string;
  readonly leaf: CertFacts;
  readonly ca: CertFacts;
}

export interface LocatedReissue {
  readonly place: ReissuePlace;
  /** Why a same-key renewal there cannot work (the fix is shown disabled with this reason, or not at all). */
  readonly blocked?: string;
}

/** A `data.reissue` as a client sends it back: a path and exactly one of san / cn, strings of sane size. */
export function reissueRequestOf(x: unknown): ReissueRequest | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const r = x as Record<string, unknown>;
  const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 4096;
  if (!str(r.cert) || !nodePath.isAbsolute(r.cert)) return undefined;
  const san = str(r.san) ? r.san : undefined;
  const cn = str(r.cn) ? r.cn : undefined;
  if ((san === undefined) === (cn === undefined)) return undefined;
  return { cert: r.cert, ...(san !== undefined ? { san } : {}), ...(cn !== undefined ? { cn } : {}) };
}

export function reissueTitle(req: ReissueRequest): string {
  return tr`Re-issue ${nodePath.basename(req.cert)} with ${req.san !== undefined ? `SAN ${req.san}` : `CN=${req.cn}`}`;
}

const maxLevels = 8;

function inside(dir: string, root: string): boolean {
  const r = nodePath.relative(root, dir);
  return r === '' || (!r.startsWith('..') && !nodePath.isAbsolute(r));
}

/**
 * The CA that issued `req.cert`, in a folder above it (at most 8 levels, not above
 * the workspace folder holding it), and whether the renewal can work. Undefined: no
 * such CA here, or the certificate already has the name (nothing to fix).
 */
export async function locateReissue(req: ReissueRequest, store: CertStore, fs: FileSystem, roots: readonly string[]): Promise<LocatedReissue | undefined> {
  const facts = await store.load(req.cert);
  const leaf = facts.certs[0];
  if (!leaf || leaf.isCA === true) return undefined;
  if (req.san !== undefined && sanCovers(leaf, req.san)) return undefined;
  if (req.cn !== undefined && leaf.subjectCN.length === 1 && leaf.subjectCN[0] === req.cn) return undefined;
  const root = roots.filter((r) => inside(req.cert, r)).sort((a, b) => b.length - a.length)[0];
  // Only certificates of the workspace (when there is one) are re-issued from it.
  if (roots.length && root === undefined) return undefined;
  let dir = nodePath.dirname(req.cert);
  for (let level = 0; level < maxLevels; level++) {
    // An adopted CA (certwright-layout.json): its own layout, resolved as every front end resolves it; a file that is no layout is left alone.
    const stored = await store.readText(nodePath.join(dir, LAYOUT_FILE));
    let candidates: ProfileLayout[];
    try {
      candidates = stored !== undefined ? [plainLayout(resolveCaLayout(stored, undefined)!)] : profileIds.map(profileLayout);
    } catch {
      candidates = [];
    }
    for (const layout of candidates) {
      const profile = layout.profile;
      const ca = (await store.load(nodePath.join(dir, layout.caCert))).certs[0];
      if (!ca || !(await fs.stat(nodePath.join(dir, layout.caKey)))) continue;
      if (!(await store.signedBy(leaf, ca))) continue;
      const certRel = nodePath.relative(dir, req.cert).split(nodePath.sep).join('/');
      const place: ReissuePlace = {
        profile,
        ...(stored !== undefined ? { layout } : {}),
        caDir: dir,
        certPath: certRel,
        keyPath: keyOfCertificate(layout, certRel) ?? nodePath.relative(dir, defaultKeyPath(req.cert)).split(nodePath.sep).join('/'),
        leaf,
        ca,
      };
      const blocked = await blockedBy(place, req, store);
      return { place, ...(blocked ? { blocked } : {}) };
    }
    const up = nodePath.dirname(dir);
    if (up === dir || (root !== undefined && !inside(up, root))) break;
    dir = up;
  }
  return undefined;
}

/** What makes the same-key renewal fail, checked before it is offered (the renewal checks again under the lock). */
async function blockedBy(p: ReissuePlace, req: ReissueRequest, store: CertStore): Promise<string | undefined> {
  const layout = p.layout ?? profileLayout(p.profile);
  const cmd = `certwright renew --dir ${p.caDir} --cert ${nodePath.join(p.caDir, p.certPath)}${req.san !== undefined ? ` --add-san ${req.san}` : ` --cn ${req.cn}`}`;
  try {
    if (req.san !== undefined) parseSans([req.san], false);
    else checkDnValue(tr`common name`, req.cn!);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const key = (await store.load(nodePath.join(p.caDir, p.keyPath))).keys[0];
  if (!key) return tr`its key ${p.keyPath} is not beside it in ${p.caDir}; renew it with: ${cmd} --key KEYFILE`;
  if (key.encrypted) return tr`its key ${p.keyPath} is encrypted; renew it from a terminal: ${cmd} --key ${p.keyPath}`;
  if (key.publicKeyId && key.publicKeyId !== p.leaf.publicKeyId) return tr`${p.keyPath} is not the key of this certificate; renew it with: ${cmd} --key KEYFILE`;
  if ((await store.load(nodePath.join(p.caDir, layout.caKey))).keys[0]?.encrypted) return tr`the CA key is encrypted; renew from a terminal with its passphrase: ${cmd} --passin env:VAR`;
  const serial = safeSerial(p.leaf.serial);
  const revoked = parseIndex(await store.readText(nodePath.join(p.caDir, layout.index))).find((e) => e.status === 'R' && e.serial === serial);
  if (revoked) return tr`this certificate was revoked (reason: ${revoked.reason ?? 'unspecified'}): its key must not be certified again; renew it with a new key: ${cmd} --new-key`;
  return undefined;
}

function safeSerial(s: string): string | undefined {
  try {
    return normalizeSerial(s);
  } catch {
    return undefined;
  }
}

/** The confirmation: one question, and what will be written (paths under the CA folder), validity and warnings. */
export function reissueSummary(place: ReissuePlace, req: ReissueRequest, planned: { readonly result: IssueResult; readonly check: PlanCheck }): { question: string; summary: string } {
  const leaf = place.leaf;
  const issued = planned.result.issued;
  const what = req.san !== undefined ? `SAN ${req.san}` : `CN=${req.cn}`;
  const question = tr`Re-issue ${place.certPath} with ${what}, signed by the CA in ${place.caDir} (same key)?`;
  const lines = [
    tr`Certificate: ${nodePath.join(place.caDir, place.certPath)} (${leaf.subject || tr`empty subject`}), issued by ${place.ca.subject}.`,
    req.san !== undefined
      ? tr`Names: ${[...leaf.dnsNames, ...leaf.ipAddresses, ...leaf.uris.map((u) => `URI:${u}`)].join(', ') || '(none)'} + ${req.san}.`
      : tr`Common name: ${leaf.subjectCN.join(', ') || '(none)'} → ${req.cn}; whatever presents this certificate as ${leaf.subjectCN[0] ?? tr`its old name`} is then refused where that name is expected.`,
    tr`Key: ${place.keyPath}, kept (not rewritten).`,
    ...(issued ? [tr`New certificate: ${issued.subject}, serial ${issued.serial}, valid until ${formatInstant(issued.notAfter)}.`] : []),
    tr`Files written:`,
    ...planned.result.plan.files.map((f) => `  ${f.replace ? 'replace' : 'write  '} ${f.path} (${f.description})`),
    ...planned.result.warnings.map((w) => `Warning: ${w}`),
    ...(planned.check.conflicts.length ? [tr`Refused: ${planned.check.conflicts.map((c) => c.path).join(', ')} exist with other contents.`] : []),
  ];
  return { question, summary: lines.join('\n') };
}
