/**
 * How Certwright shows dates, distinguished names and certificate roles, on every
 * surface: the Certificates view, hovers, the certificate editor, pickers,
 * notifications and the CLI. One format each, so the same certificate reads the
 * same everywhere. (Text that reproduces a tool's output, such as
 * `openssl x509 -text`, keeps that tool's format.)
 */

/** A point in time: `2026-12-05 23:46 UTC` (UTC, to the minute, sortable, no milliseconds). */
export function formatInstant(value: Date | string | number): string {
  const d = toDate(value);
  if (!d) return String(value);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The English plural ending for a count: `${n} file${plural(n)}` (a catalogue's language may drop it). */
export function plural(n: number): string {
  return n === 1 ? '' : 's';
}

/** A day: `2026-12-05` (UTC), where the time of day would be noise (a list of expiry days). */
export function formatDay(value: Date | string | number): string {
  const d = toDate(value);
  return d ? d.toISOString().slice(0, 10) : String(value);
}

function toDate(value: Date | string | number): Date | undefined {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** One attribute of a name, by its short name (`CN`, `O`, or a dotted OID). */
export interface NameAttribute {
  readonly name: string;
  readonly value: string;
}

/** A value as OpenSSL's one-line form writes it: quoted when RFC 2253 would escape, `\\` and `\"` inside, control characters as `\XX`. */
function dnValue(v: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is escaped
  const ctrl = (x: string): string => x.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  if (/[,+"\\<>;]/.test(v) || v.startsWith('#') || v.startsWith(' ') || v.endsWith(' ')) return `"${ctrl(v.replace(/[\\"]/g, (c) => `\\${c}`))}"`;
  return ctrl(v);
}

/**
 * A distinguished name as `openssl x509 -noout -subject` prints it (OpenSSL 3):
 * `C = US, O = Example, CN = Root`, in certificate order; attributes of one
 * multi-valued RDN joined by ` + `.
 */
export function formatDn(rdns: readonly (readonly NameAttribute[])[]): string {
  return rdns.flatMap((r) => (r.length ? [r.map((a) => `${a.name} = ${dnValue(a.value)}`).join(' + ')] : [])).join(', ');
}

/**
 * The RDNs of a name in OpenSSL's one-line form as index.txt stores it
 * (X509_NAME_oneline, written by core/issue/state.ts opensslOneline): `/O=Org/CN=a+UID=b`,
 * `\/` and `\+` escaped, bytes outside ' '..'~' as `\xHH` (UTF-8), so that pickers
 * show it in the one display form (formatDn). Text that is not in that form is one
 * attribute-less value, shown as it is.
 */
export function parseOneline(text: string): NameAttribute[][] {
  if (!text.startsWith('/')) return [[{ name: '', value: text }]];
  const rdns: NameAttribute[][] = [];
  let bytes: number[] = [];
  let name = '';
  let inValue = false;
  let part = '';
  const flush = (): void => {
    if (inValue) rdns[rdns.length - 1]!.push({ name, value: new TextDecoder().decode(new Uint8Array(bytes)) });
    bytes = [];
    part = '';
    inValue = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      const hex = /^x([0-9A-Fa-f]{2})/.exec(text.slice(i + 1, i + 4));
      const b = hex ? parseInt(hex[1]!, 16) : text.charCodeAt(i + 1);
      if (inValue) bytes.push(b);
      else part += String.fromCharCode(b);
      i += hex ? 3 : 1;
    } else if (c === '/' || c === '+') {
      flush();
      if (c === '/') rdns.push([]);
    } else if (c === '=' && !inValue) {
      name = part;
      inValue = true;
    } else if (inValue) {
      for (const b of new TextEncoder().encode(c)) bytes.push(b);
    } else part += c;
  }
  flush();
  return rdns.filter((r) => r.length);
}

/** A name from index.txt (OpenSSL's one-line form) in the one display form: `O = Org, CN = a`. */
export function formatOnelineDn(text: string): string {
  const rdns = parseOneline(text);
  return rdns.length === 1 && rdns[0]![0]!.name === '' ? text : formatDn(rdns);
}

/** What a certificate is for, as the Certificates view, hovers, the editor and the CLI name it. */
export type CertificateRole = 'ca' | 'intermediate' | 'server' | 'client' | 'node' | 'other';

export const roleNames: Readonly<Record<CertificateRole, string>> = {
  ca: 'root CA',
  intermediate: 'intermediate CA',
  server: 'server',
  client: 'client',
  node: 'server and client',
  other: 'end entity',
};

export function roleName(role: string): string {
  return (roleNames as Record<string, string>)[role] ?? role;
}
