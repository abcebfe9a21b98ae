/**
 * PostgreSQL connection strings wherever they are written (shell scripts, .env
 * files, YAML, .properties, compose files, `cockroach sql --url`): libpq
 * keyword/value strings (`host=db sslmode=verify-full sslrootcert=…`), libpq URIs
 * (`postgresql://user@host:port/db?sslmode=…`) and pgjdbc URLs
 * (`jdbc:postgresql://host/db?ssl=true&sslmode=…`), each parameter with the
 * offsets of its value in the file. One linear scan per form, each match bounded;
 * at most 200 strings per file.
 */

export type ConnKind = 'libpq' | 'uri' | 'jdbc';

export interface ConnParam {
  /** Decoded value (percent-decoding for URIs, quotes removed for keyword/value). */
  readonly value: string;
  /** Offsets of the value as written. */
  readonly start: number;
  readonly end: number;
}

export interface ConnString {
  readonly kind: ConnKind;
  /** Offsets of the whole string. */
  readonly start: number;
  readonly end: number;
  /** Parameters by keyword (`host`, `port`, `user`, `dbname`, `sslmode`, `sslrootcert`, `sslcert`, `sslkey`, `ssl`...); URI parts land here too. */
  readonly params: ReadonlyMap<string, ConnParam>;
}

const maxStrings = 200;
const maxLength = 4096;

// A URI ends at whitespace, a quote, or a character a shell/YAML line would not put in it.
const uriRe = /\b(jdbc:postgresql|postgres(?:ql)?):\/\/[^\s"'`<>]{0,4096}/g;
const kvKeys = 'host|hostaddr|port|dbname|user|sslmode|sslrootcert|sslcert|sslkey|sslcrl|sslpassword|application_name|connect_timeout|target_session_attrs|options|password|sslsni|service';
// A keyword/value string: at least two pairs, one of them host or an ssl* parameter.
const kvStartRe = new RegExp(`(?<![\\w.?&/:%-])(?:${kvKeys})\\s*=`, 'g');
const kvPairRe = new RegExp(`^(${kvKeys})\\s*=\\s*('(?:[^'\\\\\\n]|\\\\.){0,1024}'|[^\\s'"\`;]{0,1024})`);

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function put(params: Map<string, ConnParam>, name: string, value: string, start: number, end: number): void {
  if (!params.has(name)) params.set(name, { value, start, end });
}

/** `scheme://[user[:password]@]host[:port][,host2[:port2]…][/db][?k=v&…]` starting at `start`. */
function parseUri(start: number, raw: string, kind: ConnKind): ConnString | undefined {
  const params = new Map<string, ConnParam>();
  const schemeEnd = raw.indexOf('://') + 3;
  let rest = raw.slice(schemeEnd);
  // Trailing punctuation of prose or a shell line is not part of the URI.
  rest = rest.replace(/[),;\]}]+$/, '');
  let pos = start + schemeEnd;
  const q = rest.indexOf('?');
  const beforeQuery = q === -1 ? rest : rest.slice(0, q);
  const slash = beforeQuery.indexOf('/');
  const authority = slash === -1 ? beforeQuery : beforeQuery.slice(0, slash);
  const at = authority.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (user) put(params, 'user', percentDecode(user), pos, pos + user.length);
  }
  const hostsStart = pos + at + 1;
  const hostList = authority.slice(at + 1);
  // The first host (libpq tries them in order; the first is the one checked).
  const first = hostList.split(',')[0]!;
  const v6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(first);
  if (v6) {
    if (v6[1]) put(params, 'host', v6[1], hostsStart + 1, hostsStart + 1 + v6[1].length);
    if (v6[2]) put(params, 'port', v6[2], hostsStart + first.length - v6[2].length, hostsStart + first.length);
  } else {
    const c = first.indexOf(':');
    const host = c === -1 ? first : first.slice(0, c);
    if (host) put(params, 'host', percentDecode(host), hostsStart, hostsStart + host.length);
    if (c !== -1 && first.length > c + 1) put(params, 'port', first.slice(c + 1), hostsStart + c + 1, hostsStart + first.length);
  }
  if (slash !== -1) {
    const db = beforeQuery.slice(slash + 1);
    if (db) put(params, 'dbname', percentDecode(db), pos + slash + 1, pos + slash + 1 + db.length);
  }
  if (q !== -1) {
    pos += q + 1;
    for (const part of rest.slice(q + 1).split('&')) {
      const eq = part.indexOf('=');
      if (eq > 0) {
        const v = part.slice(eq + 1);
        put(params, percentDecode(part.slice(0, eq)).toLowerCase(), percentDecode(v), pos + eq + 1, pos + part.length);
      }
      pos += part.length + 1;
    }
  }
  if (!params.has('host') && kind !== 'uri') return undefined;
  return { kind, start, end: start + schemeEnd + rest.length, params };
}

/** A keyword/value string from `start`: pairs separated by blanks, values plain or single-quoted. */
function parseKeywordValue(text: string, start: number): { conn?: ConnString; end: number } {
  const params = new Map<string, ConnParam>();
  let i = start;
  const limit = Math.min(text.length, start + maxLength);
  let end = start;
  let pairs = 0;
  while (i < limit) {
    const m = kvPairRe.exec(text.slice(i, Math.min(limit, i + 1100)));
    if (!m) break;
    const rawValue = m[2]!;
    const vs = i + m[0].length - rawValue.length;
    const value = rawValue.startsWith("'") ? rawValue.slice(1, -1).replace(/\\(.)/g, '$1') : rawValue;
    put(params, m[1]!, value, rawValue.startsWith("'") ? vs + 1 : vs, rawValue.startsWith("'") ? vs + rawValue.length - 1 : vs + rawValue.length);
    pairs++;
    end = i + m[0].length;
    i = end;
    // Blanks (not newlines) separate pairs.
    while (i < limit && (text[i] === ' ' || text[i] === '\t')) i++;
  }
  const tls = [...params.keys()].some((k) => k.startsWith('ssl'));
  if (pairs < 2 || !(params.has('host') || params.has('hostaddr')) || !tls) return { end: Math.max(end, start + 1) };
  return { conn: { kind: 'libpq', start, end, params }, end };
}

/** Every connection string of a file, in order. */
export function findConnStrings(text: string): ConnString[] {
  const out: ConnString[] = [];
  if (text.includes('://')) {
    uriRe.lastIndex = 0;
    for (let m = uriRe.exec(text); m && out.length < maxStrings; m = uriRe.exec(text)) {
      const kind: ConnKind = m[1] === 'jdbc:postgresql' ? 'jdbc' : 'uri';
      const c = parseUri(m.index, m[0], kind);
      if (c) out.push(c);
    }
  }
  if (text.includes('ssl') && /(?<![\w.-])(?:host|hostaddr)\s*=/.test(text)) {
    kvStartRe.lastIndex = 0;
    const uris = [...out];
    for (let m = kvStartRe.exec(text); m && out.length < maxStrings; m = kvStartRe.exec(text)) {
      const inUri = uris.find((u) => u.start <= m!.index && m!.index < u.end);
      if (inUri) {
        kvStartRe.lastIndex = inUri.end;
        continue;
      }
      const { conn, end } = parseKeywordValue(text, m.index);
      if (conn) out.push(conn);
      kvStartRe.lastIndex = end;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The TLS parameters as the client uses them: libpq's defaults (sslmode prefer,
 * ~/.postgresql/root.crt …) or pgjdbc's (`ssl=true` alone means verify-full; the
 * key is PKCS#8 DER, postgresql.pk8 by default).
 */
export function effectiveSslMode(c: ConnString): string {
  const mode = c.params.get('sslmode')?.value;
  // pgjdbc reads the mode in any case (VERIFY-FULL), libpq only as written.
  if (mode) return c.kind === 'jdbc' ? mode.toLowerCase() : mode;
  if (c.kind === 'jdbc') {
    const ssl = c.params.get('ssl')?.value;
    return ssl === 'true' || ssl === '' ? 'verify-full' : 'prefer';
  }
  return 'prefer';
}

/** Whether the client verifies the server's certificate chain (and, for verify-full, its name). */
export function verifiesServer(mode: string): boolean {
  return mode === 'verify-ca' || mode === 'verify-full';
}
