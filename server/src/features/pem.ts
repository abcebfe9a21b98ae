/**
 * PEM in the editor, for EVERY document (PEM shows up in YAML, TOML, JSON...):
 * a hover summary on any block, a CodeLens above each certificate, and the
 * `certwright/certificateText` request behind "Show as text". Thin adapter over
 * core/pem; decodes are cached by block text, block lists by document version.
 */
import type * as lsp from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { applyRuleSettings } from '../core/linter';
import { formatDay, plural, roleName } from '../core/format';
import { severityIcon } from './markup';
import {
  blockAt,
  decodeBase64,
  decodeBlock,
  decodeFile,
  detectAndDecodeDer,
  ekuText,
  findPemBlocks,
  generalNameText,
  keyUsageText,
  mayContainPem,
  pathLenText,
  renderText,
  type CertificateView,
  type Decoded,
  type DecodedBlock,
  type DecodedView,
  type PemBlock,
} from '../core/pem';
import { expiryPhrase } from '../core/pem/checks';
import { certificateName } from '../core/pki/naming';
import { keptAs, isRetiringRoot, keptCopyText, namePartsOf, retiringCaText, rootSuccessor } from '../core/pki/keptCopy';
import { blockFindings } from '../core/pem/lint';
import type { Finding } from '../core/types';
import { documentPath } from '../documentPath';
import { statusLines, type StatusKind, type StatusLine } from '../core/pki/statusText';
import {
  certificateTextRequest,
  copyFingerprintCommand,
  revealInCertificatesCommand,
  showCertificateTextCommand,
  signCsrCommand,
  type CertificateTextParams,
  type CertificateTextResult,
  type ShowCertificateTextArgs,
  type SignCsrLinkArgs,
} from '../protocol/inspect';
import { serverShowCertificateTextCommand } from '../protocol/client';
import type { FeatureContext, LanguageFeature } from './feature';
import { displayPath, workspacePki } from './inspect';
import { hoverContent } from './markup';
import { tr } from '../core/l10n';

interface Cached {
  readonly version: number;
  readonly blocks: PemBlock[];
}

const docCache = new Map<string, Cached>();
const docCacheLimit = 64;

/** The PEM blocks of a document version (cached); decoding is lazy, per block, cached by block text. */
export function documentPemBlocks(doc: TextDocument): PemBlock[] {
  const hit = docCache.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.blocks;
  const text = doc.getText();
  const blocks = mayContainPem(text) ? findPemBlocks(text) : [];
  docCache.delete(doc.uri);
  docCache.set(doc.uri, { version: doc.version, blocks });
  if (docCache.size > docCacheLimit) docCache.delete(docCache.keys().next().value!);
  return blocks;
}

/** Every block of a document with its decode. */
export function documentBlocks(doc: TextDocument): DecodedBlock[] {
  return documentPemBlocks(doc).map((block) => ({ block, decoded: decodeBlock(block) }));
}

/** Escapes Markdown in untrusted values (names come from the certificate). */
function md(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

const day = (iso: string): string => formatDay(iso);

/** A certificate's or request's name, as the Certificates view and every message give it (core/pki/naming). */
function nameOf(v: Pick<CertificateView, 'commonName' | 'subject' | 'subjectAltNames'> & { readonly serial?: string }): string {
  return certificateName(namePartsOf(v));
}

function certificateLines(c: CertificateView, now: Date): string[] {
  const lines = [
    tr`**Certificate** — ${md(nameOf(c))} · *${roleName(c.role)}*`,
    '',
    tr`- **Subject:** ${md(c.subject.text || '(empty)')}`,
    tr`- **Issuer:** ${md(c.issuer.text || '(empty)')}${c.selfIssued ? ' (self-issued)' : ''}`,
    tr`- **Validity:** ${day(c.notBefore)} → ${day(c.notAfter)} (${expiryPhrase(c.notAfter, now)})`,
    tr`- **Serial:** \`${c.serial}\``,
  ];
  if (c.subjectAltNames.length) lines.push(`- **SANs:** ${md(c.subjectAltNames.map(generalNameText).join(', '))}`);
  if (c.keyUsage) lines.push(tr`- **Key usage:** ${keyUsageText(c.keyUsage.usages)}${c.keyUsage.critical ? ' (critical)' : ''}`);
  if (c.extendedKeyUsage) lines.push(tr`- **Extended key usage:** ${md(ekuText(c.extendedKeyUsage.usages))}`);
  if (c.basicConstraints) {
    const b = c.basicConstraints;
    lines.push(tr`- **Basic constraints:** CA:${b.ca ? 'TRUE' : 'FALSE'}${b.pathLength !== undefined ? `, pathlen:${pathLenText(b)}` : ''}${b.critical ? ' (critical)' : ''}`);
  }
  const k = c.publicKey;
  lines.push(tr`- **Key:** ${k.algorithm}${k.bits ? ` ${k.bits} bit` : ''}${k.curve ? ` (${k.curve})` : ''} · **Signature:** ${c.signatureAlgorithm.name}`);
  if (c.subjectKeyIdentifier) lines.push(`- **SKI:** \`${c.subjectKeyIdentifier}\``);
  if (c.authorityKeyIdentifier?.keyIdentifier) lines.push(`- **AKI:** \`${c.authorityKeyIdentifier.keyIdentifier}\``);
  lines.push(`- **SHA-256:** \`${c.fingerprints.sha256}\``, `- **SHA-1:** \`${c.fingerprints.sha1}\``);
  const unknown = c.extensions.filter((e) => !e.known);
  if (unknown.length) lines.push(tr`- **Unknown extensions:** ${unknown.map((e) => `${e.oid}${e.critical ? ' (critical)' : ''}`).join(', ')}`);
  return lines;
}

function viewLines(v: DecodedView, now: Date): string[] {
  switch (v.kind) {
    case 'certificate':
      return certificateLines(v, now);
    case 'csr':
      return [
        tr`**Certificate request** — ${md(v.subject.text || tr`(empty subject)`)}`,
        '',
        tr`- **Key:** ${v.publicKey.algorithm}${v.publicKey.bits ? ` ${v.publicKey.bits} bit` : ''}${v.publicKey.curve ? ` (${v.publicKey.curve})` : ''} · **Signature:** ${v.signatureAlgorithm.name}`,
        ...(v.subjectAltNames.length ? [`- **SANs:** ${md(v.subjectAltNames.map(generalNameText).join(', '))}`] : []),
        ...(v.keyUsage ? [tr`- **Key usage:** ${keyUsageText(v.keyUsage.usages)}`] : []),
        ...(v.extendedKeyUsage ? [tr`- **Extended key usage:** ${md(ekuText(v.extendedKeyUsage.usages))}`] : []),
      ];
    case 'crl':
      return [
        tr`**CRL** — issuer ${md(v.issuer.text)}`,
        '',
        tr`- **This update:** ${v.thisUpdate}${v.nextUpdate ? tr` · **next update:** ${v.nextUpdate}` : ''}`,
        ...(v.crlNumber ? [tr`- **CRL number:** ${v.crlNumber}`] : []),
        tr`- **Revoked:** ${v.revoked.length ? v.revoked.slice(0, 20).map((r) => `\`${r.serial}\``).join(', ') + (v.revoked.length > 20 ? ` … (${v.revoked.length})` : '') : 'none'}`,
      ];
    case 'privateKey':
    case 'publicKey':
      // Only public facts: type, size, encryption. Never key material.
      return [
        `**${v.kind === 'privateKey' ? tr`Private key` : tr`Public key`}** — ${v.algorithm}${v.bits ? ` ${v.bits} bit` : ''}${v.curve ? ` (${v.curve})` : ''}`,
        '',
        tr`- **Format:** ${v.format}`,
        tr`- **Encrypted:** ${v.encrypted ? `yes${v.encryption ? ` (${md(v.encryption)})` : ''}` : 'no'}`,
      ];
    case 'pkcs7':
      return [
        tr`**PKCS#7 ${v.contentType}** — ${v.certificates.length} certificate${plural(v.certificates.length)}, ${v.crls.length} CRL${plural(v.crls.length)}`,
        '',
        ...v.certificates.map((c) => `- ${md(nameOf(c))} (${roleName(c.role)}, ${expiryPhrase(c.notAfter, now)})`),
      ];
  }
}

/** Codicons where the client renders them (VS Code); elsewhere the words carry the meaning alone. */
const statusIcons: Readonly<Record<StatusKind, string>> = { verified: 'pass', anchor: 'pass', missing: 'warning', problem: 'warning', revoked: 'error', revocation: 'info', stale: 'warning' };

export interface HoverExtras {
  /** The certificate's chain and revocation status in the workspace. */
  readonly chain?: readonly StatusLine[];
  /** Command links (Markdown), for clients that run the commands. */
  readonly links?: string;
  /** The client renders `$(icon)` codicons. */
  readonly icons?: boolean;
  /** The block's findings as its file's lint gives them (a kept copy: none; a rotation bundle's old CA: the overlap's warning); default: the block alone. */
  readonly problems?: readonly Finding[];
  /** What a kept certificate is (keptCopy.ts): a copy put aside, or the old CA beside its successor. */
  readonly kept?: string;
}

/** The Markdown hover of one decoded block, with its chain status and problems (rule settings applied). */
export function hoverMarkdown(b: DecodedBlock, now: Date, warningDays: number, rules: Parameters<typeof applyRuleSettings>[1], extras: HoverExtras = {}): string {
  const icon = (name: string): string => (extras.icons ? `$(${name}) ` : '');
  const lines: string[] = b.decoded.ok ? viewLines(b.decoded.view, now) : [tr`**${md(b.block.label)}** — cannot decode: ${md(b.decoded.message)}`];
  if (extras.kept) lines.push('', tr`**Kept, not deployed:** ${md(extras.kept)}`);
  if (extras.chain?.length) lines.push('', tr`**In this workspace:**`, ...extras.chain.map((l) => `- ${icon(statusIcons[l.kind])}${md(l.text)}`));
  const problems: Finding[] = applyRuleSettings([...(extras.problems ?? blockFindings([b], now, warningDays))], rules);
  if (problems.length) {
    lines.push('', '**Problems:**', ...problems.map((p) => `- ${severityIcon(p.severity)} \`${p.code}\` ${md(p.message)}`));
  }
  if (extras.links) lines.push('', extras.links);
  return lines.join('\n');
}

/** Command links under a certificate's hover: only the commands the client declared it runs. */
function commandLinks(ctx: FeatureContext, icons: boolean, args: ShowCertificateTextArgs, sha256: string, id: string | undefined): string | undefined {
  const has = (c: string): boolean => ctx.client().clientCommands.has(c);
  const link = (icon: string, title: string, command: string, arg: unknown): string => `[${icons ? `$(${icon}) ` : ''}${title}](command:${command}?${encodeURIComponent(JSON.stringify([arg]))})`;
  const out: string[] = [];
  if (has(showCertificateTextCommand)) out.push(link('file-text', tr`Show as Text`, showCertificateTextCommand, args));
  if (has(copyFingerprintCommand)) out.push(link('copy', tr`Copy SHA-256`, copyFingerprintCommand, { sha256 }));
  if (id && has(revealInCertificatesCommand)) out.push(link('list-tree', tr`Reveal in Certificates`, revealInCertificatesCommand, id));
  return out.length ? out.join(' · ') : undefined;
}

/** The link under a CSR's hover: the client's Sign CSR flow on this request, only for a client that declared it runs it. */
function csrLink(ctx: FeatureContext, icons: boolean, csrUri: string): string | undefined {
  if (!ctx.client().hoverMarkdown || !ctx.client().clientCommands.has(signCsrCommand)) return undefined;
  const args: SignCsrLinkArgs = { csrUri };
  return tr`[${icons ? '$(key) ' : ''}Sign this CSR…](command:${signCsrCommand}?${encodeURIComponent(JSON.stringify([args]))})`;
}

/** The CodeLens title of a block, or undefined when it gets no lens. */
export function lensTitle(d: Decoded, now: Date): string | undefined {
  if (!d.ok) return undefined;
  const v = d.view;
  if (v.kind === 'certificate') {
    const ms = Date.parse(v.notAfter) - now.getTime();
    return `${nameOf(v)} · ${ms < 0 ? 'expired' : 'expires'} ${day(v.notAfter)} (${expiryPhrase(v.notAfter, now).replace(/^expire[sd] /, '')})`;
  }
  if (v.kind === 'csr') return `CSR ${nameOf(v)}`;
  if (v.kind === 'crl') return tr`CRL · ${v.revoked.length} revoked${v.nextUpdate ? tr` · next update ${day(v.nextUpdate)}` : ''}`;
  if (v.kind === 'pkcs7') return tr`PKCS#7 · ${v.certificates.length} certificate${plural(v.certificates.length)}`;
  return undefined;
}

function titleOf(d: Decoded, label: string): string {
  if (!d.ok) return `${label} (undecodable)`;
  const v = d.view;
  if (v.kind === 'certificate' || v.kind === 'csr') return `${nameOf(v)} (${v.kind === 'csr' ? 'CSR' : 'certificate'})`;
  if (v.kind === 'crl') return `CRL ${v.issuer.text}`;
  if (v.kind === 'pkcs7') return tr`PKCS#7 (${v.certificates.length} certificate${plural(v.certificates.length)})`;
  return `${v.algorithm} ${v.kind === 'privateKey' ? 'private' : 'public'} key`;
}

async function certificateText(params: CertificateTextParams, ctx: FeatureContext): Promise<CertificateTextResult> {
  const bad = (text: string): CertificateTextResult => ({ ok: false, text, title: 'Certificate' });
  if (typeof params.der === 'string') {
    const r = decodeBase64(params.der.replace(/\s+/g, ''));
    if (!r.ok) return bad(tr`Invalid base64 DER: ${r.message}`);
    const d = detectAndDecodeDer(r.bytes);
    return { ok: d.ok, text: renderText(d), title: titleOf(d, 'DER') };
  }
  const index = params.blockIndex;
  let blocks: DecodedBlock[] | undefined;
  const doc = params.uri ? ctx.document(params.uri) : undefined;
  if (doc) {
    blocks = documentBlocks(doc);
  } else {
    const path = params.path ?? (params.uri ? documentPath(params.uri) : undefined);
    if (!path) return bad(tr`No uri, path or der given`);
    const bytes = await ctx.env.fs.readFile(path);
    if (!bytes) return bad(tr`Cannot read ${path}`);
    const f = decodeFile(bytes);
    if (f.format === 'der') return { ok: f.decoded.ok, text: renderText(f.decoded), title: titleOf(f.decoded, 'DER') };
    if (f.format === 'none') return bad(f.message);
    blocks = f.blocks;
  }
  const b = blocks[index ?? 0];
  if (!b) return bad(tr`No PEM block #${index ?? 0} (the document has ${blocks.length})`);
  return { ok: b.decoded.ok, text: renderText(b.decoded), title: titleOf(b.decoded, b.block.label) };
}

/**
 * A certificate's findings as its file's lint gives them, and what it is when it is kept: the CA's
 * archive copy or a copy a renewal or rotation put aside (no expiry findings), the old CA beside its successor in one CA
 * file (the overlap's warning, which needs the file's other blocks).
 */
function keptContext(view: CertificateView, block: PemBlock, blocks: readonly PemBlock[], path: string, now: Date, warningDays: number): Pick<HoverExtras, 'problems' | 'kept'> {
  const kept = keptAs(path);
  if (kept) return { problems: blockFindings([{ block, decoded: decodeBlock(block) }], now, warningDays, false), kept: keptCopyText(kept, namePartsOf(view)) };
  if (blocks.length < 2 || !view.selfIssued || !view.basicConstraints?.ca) return {};
  const decoded = blocks.map((b) => ({ block: b, decoded: decodeBlock(b) }));
  const successor = rootSuccessor(decoded.flatMap((d) => (d.decoded.ok && d.decoded.view.kind === 'certificate' ? [d.decoded.view] : [])), now, warningDays);
  if (!successor || !isRetiringRoot(view, successor) || view.fingerprints.sha256 === successor.fingerprints.sha256) return {};
  const problems = blockFindings(decoded, now, warningDays).filter((f) => f.start >= block.start && f.end <= block.end);
  return { problems, kept: retiringCaText(namePartsOf(view), { name: certificateName(namePartsOf(successor)), on: successor.notBefore }) };
}

export const pemFeature: LanguageFeature = {
  name: 'pem',
  // PEM can appear in any document; the work is skipped quickly when there is no BEGIN marker.
  appliesTo: () => true,

  async hover(doc, params, ctx) {
    const blocks = documentPemBlocks(doc);
    if (!blocks.length) return null;
    const block = blockAt(blocks, doc.offsetAt(params.position));
    if (!block) return null;
    const b: DecodedBlock = { block, decoded: decodeBlock(block) };
    const settings = await ctx.settingsFor(doc.uri);
    const now = ctx.env.now();
    let extras: HoverExtras = {};
    if (b.decoded.ok && b.decoded.view.kind === 'certificate' && block.der) {
      const status = await workspacePki.statusOf(block.der);
      const rich = ctx.client().hoverMarkdown && ctx.client().themeIcons;
      extras = {
        ...keptContext(b.decoded.view, block, blocks, documentPath(doc.uri), now, settings.expiryWarningDays),
        icons: rich,
        chain: status ? statusLines(status, { now: now.getTime(), warningDays: settings.expiryWarningDays, display: (p) => displayPath(ctx, p) }) : undefined,
        links: ctx.client().hoverMarkdown ? commandLinks(ctx, rich, { uri: doc.uri, blockIndex: block.index }, b.decoded.view.fingerprints.sha256, status?.id) : undefined,
      };
    } else if (b.decoded.ok && b.decoded.view.kind === 'csr') {
      const rich = ctx.client().hoverMarkdown && ctx.client().themeIcons;
      extras = { icons: rich, links: csrLink(ctx, rich, doc.uri) };
    }
    return {
      contents: hoverContent(ctx, hoverMarkdown(b, now, settings.expiryWarningDays, settings.rules, extras)),
      range: { start: doc.positionAt(block.start), end: doc.positionAt(block.end) },
    };
  },

  codeLenses(doc, ctx) {
    const now = ctx.env.now();
    // The VS Code extension opens its decoded view; other clients ask the server to run the command.
    const command = ctx.client().clientCommands.has(showCertificateTextCommand) ? showCertificateTextCommand : serverShowCertificateTextCommand;
    const out: lsp.CodeLens[] = [];
    for (const { block, decoded } of documentBlocks(doc)) {
      const title = lensTitle(decoded, now);
      if (!title) continue;
      const pos = doc.positionAt(block.start);
      const args: ShowCertificateTextArgs = { uri: doc.uri, blockIndex: block.index };
      out.push({ range: { start: pos, end: pos }, command: { title, command, arguments: [args] } });
    }
    return out;
  },

  commands: {
    async [serverShowCertificateTextCommand](args, ctx) {
      const a = (args[0] ?? {}) as Partial<ShowCertificateTextArgs>;
      const r = await certificateText({ uri: typeof a.uri === 'string' ? a.uri : undefined, blockIndex: typeof a.blockIndex === 'number' ? a.blockIndex : 0 }, ctx);
      await ctx.showText(r.title, r.text);
      return r;
    },
  },

  register(ctx) {
    ctx.connection.onRequest(certificateTextRequest, async (params: CertificateTextParams) => {
      try {
        return await certificateText(params ?? {}, ctx);
      } catch (err) {
        ctx.log(`certwright: certificateText failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return { ok: false, text: tr`Cannot render: ${err instanceof Error ? err.message : String(err)}`, title: 'Certificate' } satisfies CertificateTextResult;
      }
    });
  },
};
