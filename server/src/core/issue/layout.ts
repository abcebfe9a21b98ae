/**
 * Layouts: where a CA keeps its key, certificate, OpenSSL database and CRL, and where
 * the leaves it issues go. One description (ProfileLayout) serves the built-in profiles
 * (profiles.ts) and adopted CAs, whose layout is stored beside them in
 * `<dir>/certwright-layout.json` and points at the files that are already there.
 */
import { tr } from '../l10n';
import { IssueError, profileIds, type LayoutOrigin, type LeafPlacement, type LeafTemplate, type ProfileId, type ProfileLayout, type SerialPolicy } from './types';

/** The stored layout of an adopted CA, relative to the layout root (`--dir`). */
export const LAYOUT_FILE = 'certwright-layout.json';
const LAYOUT_VERSION = 1;
const maxLayoutBytes = 64 * 1024;

export interface LeafFiles {
  readonly cert: string;
  readonly key: string;
  /** Extra copy of the CA certificate next to the leaf (CockroachDB per-node folders are complete certs dirs). */
  readonly caCopy?: string;
}

/** The files of one leaf: the placement's template with `{name}` and `{user}` filled in (both validated before). */
export function leafFiles(placement: LeafPlacement, vars: { readonly name?: string; readonly user?: string }): LeafFiles {
  const template = vars.name === undefined && placement.unnamed ? placement.unnamed : placement.named;
  const name = vars.name ?? placement.defaultName;
  const fill = (t: string): string =>
    t.replace(/\{(name|user)\}/g, (_, k: string) => {
      const v = k === 'name' ? name : vars.user;
      if (v === undefined) throw new IssueError(tr`this layout names the files by ${k} (${t}): give one (--${k === 'name' ? 'name' : 'user'})`);
      return v;
    });
  return { cert: fill(template.cert), key: fill(template.key), ...(template.caCopy ? { caCopy: fill(template.caCopy) } : {}) };
}

/**
 * The name a tool that keeps certificates by entity (easy-rsa: `easyrsa revoke <name>`)
 * knows a CA certificate by: its common name made a file name (letters, digits, `.`, `_`, `-`).
 */
export function entityName(commonName: string): string {
  return commonName.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 64) || 'intermediate-ca';
}

/**
 * Where easy-rsa 3.1 keeps the certificate a renewal replaces: `easyrsa renew <name>` moves
 * pki/issued/<name>.crt to pki/renewed/issued/<name>.crt, where `easyrsa revoke-renewed <name>`
 * revokes it once the new one is deployed (and its key and request, when they are replaced too,
 * to pki/renewed/private/ and pki/renewed/reqs/). Undefined for a certificate outside an easy-rsa CA's
 * issued/ folder.
 */
export function renewedCopyOf(layout: Pick<ProfileLayout, 'origin' | 'caDir'>, certPath: string): { readonly path: string; readonly name: string; readonly request: string; readonly renewedRequest: string } | undefined {
  if (layout.origin !== 'easy-rsa') return undefined;
  const prefix = `${layout.caDir}/issued/`;
  if (!certPath.startsWith(prefix) || !certPath.endsWith('.crt')) return undefined;
  const name = certPath.slice(prefix.length, -'.crt'.length);
  // Its request: pki/reqs/<name>.req, which easyrsa renew moves to pki/renewed/reqs/ with the key.
  return name && !name.includes('/') ? { path: `${layout.caDir}/renewed/issued/${name}.crt`, name, request: `${layout.caDir}/reqs/${name}.req`, renewedRequest: `${layout.caDir}/renewed/reqs/${name}.req` } : undefined;
}

/**
 * Where a renewal with a new key keeps the key it replaces (a key is never overwritten):
 * easy-rsa's `pki/renewed/private/<name>.key`, where `easyrsa renew` moves it and `easyrsa
 * revoke-renewed <name>` takes it from; elsewhere `renewed/<stem>.<old serial><ext>` beside
 * the key, a folder no server reads its key from.
 */
export function replacedKeyPath(layout: Pick<ProfileLayout, 'origin' | 'caDir'>, certPath: string, keyPath: string, oldSerial: string): string {
  const renewed = renewedCopyOf(layout, certPath);
  if (renewed) return `${layout.caDir}/renewed/private/${renewed.name}.key`;
  const slash = keyPath.lastIndexOf('/');
  const dir = slash >= 0 ? `${keyPath.slice(0, slash)}/` : '';
  const base = keyPath.slice(slash + 1);
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  return `${dir}renewed/${stem}.${oldSerial}${ext}`;
}

/**
 * A file a renewal with a new key (or a rotation's re-issue) put aside: `renewed/<stem>.<serial><ext>`
 * (replacedKeyPath) holding the certificate of that serial — the one replaced, no longer deployed.
 */
export function isReplacedCopy(path: string, serial: string): boolean {
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, Math.max(slash, 0));
  if (!(folder === 'renewed' || folder.endsWith('/renewed'))) return false;
  return path.slice(slash + 1).toUpperCase().includes(`.${serial.toUpperCase()}.`);
}

/**
 * The key file of a certificate at `certPath`, by the layout's own naming (easy-rsa keeps
 * pki/issued/<name>.crt's key in pki/private/<name>.key); undefined when no template of
 * the layout names that certificate.
 */
export function keyOfCertificate(layout: Pick<ProfileLayout, 'node' | 'client'>, certPath: string): string | undefined {
  const templates = [layout.node.named, layout.node.unnamed, layout.client.named, layout.client.unnamed].filter((t): t is LeafTemplate => t !== undefined);
  for (const t of templates) {
    const names: string[] = [];
    const pattern = t.cert.split(/(\{name\}|\{user\})/).map((part) => (part === '{name}' || part === '{user}' ? (names.push(part), '([^/]+)') : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('');
    const m = new RegExp(`^${pattern}$`).exec(certPath);
    if (!m) continue;
    // A placeholder used twice must name the same thing both times.
    const values = new Map<string, string>();
    const consistent = names.every((n, i) => (values.get(n) ?? values.set(n, m[i + 1]!).get(n)) === m[i + 1]);
    if (!consistent) continue;
    return t.key.replace(/\{name\}|\{user\}/g, (k) => values.get(k) ?? k);
  }
  return undefined;
}

/** A path of a layout: relative, `/`-separated, no `.`/`..` segments (the store refuses anything else). */
function checkPath(what: string, p: unknown, allowEmpty = false): string {
  if (typeof p !== 'string') throw new IssueError(tr`${LAYOUT_FILE}: ${what} must be a path`);
  if (allowEmpty && p === '') return p;
  if (!p || p.length > 1024 || p.startsWith('/') || p.includes('\\') || /[\0\n\r]/.test(p) || p.split('/').some((s) => s === '..' || s === '' || s === '.')) {
    throw new IssueError(tr`${LAYOUT_FILE}: ${what} ${JSON.stringify(String(p).slice(0, 80))} is not a relative path inside the layout root`);
  }
  return p;
}

function checkTemplate(what: string, t: unknown): LeafTemplate {
  const o = (t ?? {}) as Partial<Record<keyof LeafTemplate, unknown>>;
  if (typeof t !== 'object' || t === null) throw new IssueError(tr`${LAYOUT_FILE}: ${what} must be an object with cert and key`);
  const cert = checkPath(`${what}.cert`, o.cert);
  const key = checkPath(`${what}.key`, o.key);
  if (cert === key) throw new IssueError(tr`${LAYOUT_FILE}: ${what} puts the certificate and the key in one file`);
  return { cert, key, ...(o.caCopy !== undefined ? { caCopy: checkPath(`${what}.caCopy`, o.caCopy) } : {}) };
}

function checkPlacement(what: string, p: unknown): LeafPlacement {
  if (typeof p !== 'object' || p === null) throw new IssueError(tr`${LAYOUT_FILE}: ${what} must be an object`);
  const o = p as Partial<Record<keyof LeafPlacement, unknown>>;
  if (o.defaultName !== undefined && (typeof o.defaultName !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(o.defaultName))) throw new IssueError(tr`${LAYOUT_FILE}: ${what}.defaultName must be a file name`);
  return { named: checkTemplate(`${what}.named`, o.named), ...(o.unnamed !== undefined ? { unnamed: checkTemplate(`${what}.unnamed`, o.unnamed) } : {}), ...(o.defaultName !== undefined ? { defaultName: o.defaultName as string } : {}) };
}

function checkBoolean(what: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new IssueError(tr`${LAYOUT_FILE}: ${what} must be true or false`);
  return v;
}

const origins: readonly LayoutOrigin[] = ['certwright', 'openssl', 'easy-rsa', 'cockroach'];
const serialPolicies: readonly SerialPolicy[] = ['random', 'sequential'];

/**
 * Validates a layout that came from outside the core (a stored file, the LSP): every
 * path relative to the root, the CA's own files distinct. Throws IssueError.
 */
export function checkLayout(l: unknown): ProfileLayout {
  if (typeof l !== 'object' || l === null) throw new IssueError(tr`${LAYOUT_FILE}: the layout must be an object`);
  const o = l as Record<string, unknown>;
  if (!(profileIds as readonly unknown[]).includes(o.profile)) throw new IssueError(tr`${LAYOUT_FILE}: profile must be one of ${profileIds.join(', ')}`);
  if (!(serialPolicies as readonly unknown[]).includes(o.serials)) throw new IssueError(tr`${LAYOUT_FILE}: serials must be random or sequential`);
  if (!(origins as readonly unknown[]).includes(o.origin)) throw new IssueError(tr`${LAYOUT_FILE}: origin must be one of ${origins.join(', ')}`);
  const layout: ProfileLayout = {
    profile: o.profile as ProfileId,
    caCert: checkPath('caCert', o.caCert),
    caDir: checkPath('caDir', o.caDir, true),
    caKey: checkPath('caKey', o.caKey),
    index: checkPath('index', o.index),
    serial: checkPath('serial', o.serial),
    crlnumber: checkPath('crlnumber', o.crlnumber),
    indexAttr: checkPath('indexAttr', o.indexAttr),
    newCertsDir: checkPath('newCertsDir', o.newCertsDir),
    opensslConfig: checkPath('opensslConfig', o.opensslConfig),
    crl: checkPath('crl', o.crl),
    node: checkPlacement('node', o.node),
    client: checkPlacement('client', o.client),
    serials: o.serials as SerialPolicy,
    origin: o.origin as LayoutOrigin,
    // A layout stored before the field: easy-rsa 3.1's configuration says no (its index.txt.attr starts empty).
    ...(o.uniqueSubject !== undefined ? { uniqueSubject: checkBoolean('uniqueSubject', o.uniqueSubject) } : o.origin === 'easy-rsa' ? { uniqueSubject: false } : {}),
  };
  const own = [layout.caCert, layout.caKey, layout.index, layout.serial, layout.crlnumber, layout.crl];
  if (new Set(own).size !== own.length) throw new IssueError(tr`${LAYOUT_FILE}: the CA certificate, key, index, serial, crlnumber and CRL must be six different files`);
  return layout;
}

/** The text of `certwright-layout.json`. */
export function formatLayoutFile(layout: ProfileLayout, source?: string): string {
  return `${JSON.stringify({ certwrightLayout: LAYOUT_VERSION, ...(source !== undefined ? { source } : {}), layout }, null, 2)}\n`;
}

/** Reads `certwright-layout.json`; a file that is not a valid layout is refused with the reason. */
export function parseLayoutFile(text: string): ProfileLayout {
  if (text.length > maxLayoutBytes) throw new IssueError(tr`${LAYOUT_FILE} is larger than ${maxLayoutBytes / 1024} KiB: it is not a layout`);
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new IssueError(tr`${LAYOUT_FILE} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const o = v as { certwrightLayout?: unknown; layout?: unknown } | null;
  if (!o || o.certwrightLayout !== LAYOUT_VERSION) throw new IssueError(tr`${LAYOUT_FILE}: unknown version (expected "certwrightLayout": ${LAYOUT_VERSION})`);
  return checkLayout(o.layout);
}

/** The layout an operation works on: the one it carries (validated), else its profile's built-in one. */
export function operationLayout(builtIn: ProfileLayout, given: ProfileLayout | undefined): ProfileLayout {
  if (!given) return builtIn;
  // The profile decides names and extensions, the layout only where files are: a stored
  // layout's profile is the default a front end offers, the operation's wins.
  return { ...checkLayout(given), profile: builtIn.profile };
}

/** Whether the CA's openssl configuration is its own tool's (an adopted openssl ca or easy-rsa CA), not one Certwright wrote. */
export function foreignConfig(layout: ProfileLayout): boolean {
  return layout.origin === 'openssl' || layout.origin === 'easy-rsa';
}
