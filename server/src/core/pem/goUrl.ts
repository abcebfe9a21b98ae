/**
 * Go 1.19's net/url.Parse as x509's parseSANExtension calls it on a SAN URI (ASCII by then):
 * the error it returns, or the host it finds. Only the paths that can fail are followed; the
 * error text is Go's (`parse "…": invalid port ":x" after host`).
 */

/** Go's strconv.Quote of an ASCII string. */
export function goQuoteAscii(s: string): string {
  let out = '';
  for (const ch of s) {
    const b = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (b === 0x07) out += '\\a';
    else if (b === 0x08) out += '\\b';
    else if (b === 0x0c) out += '\\f';
    else if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x0b) out += '\\v';
    else if (b < 0x20 || b === 0x7f) out += `\\x${b.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `"${out}"`;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** shouldEscape(c, encodeHost): the ASCII bytes a host may not hold unescaped. */
function hostMustEscape(c: string): boolean {
  return !/^[A-Za-z0-9!$&'()*+,;=:[\]<>"\-_.~]$/.test(c);
}

type Mode = 'host' | 'zone' | 'other';

/** unescape(s, mode): the error for a bad %-escape or a host character, and the bytes it decodes to (as char codes). */
function unescape(s: string, mode: Mode): { error: string } | { value: string } {
  let out = '';
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return { error: `invalid URL escape ${goQuoteAscii(s.slice(i, i + 3))}` };
      const v = parseInt(s.slice(i + 1, i + 3), 16);
      const esc = s.slice(i, i + 3);
      // In a host, %-encoding is for non-ASCII bytes only (and %25 in an IPv6 zone).
      if (mode === 'host' && v >> 4 < 8 && esc !== '%25') return { error: `invalid URL escape ${goQuoteAscii(esc)}` };
      if (mode === 'zone' && esc !== '%25' && v !== 0x20 && hostMustEscape(String.fromCharCode(v))) return { error: `invalid URL escape ${goQuoteAscii(esc)}` };
      out += String.fromCharCode(v);
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && hostMustEscape(c)) return { error: `invalid character ${goQuoteAscii(c)} in host name` };
    out += c;
    i++;
  }
  return { value: out };
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

/** parseHost: host[:port], an IP literal in brackets with an optional zone. */
function parseHost(host: string): { error: string } | { value: string } {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) return { error: "missing ']' in host" };
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) return { error: `invalid port ${goQuoteAscii(colonPort)} after host` };
    const zone = host.slice(0, i).indexOf('%25');
    if (zone >= 0) {
      const parts = [unescape(host.slice(0, zone), 'host'), unescape(host.slice(zone, i), 'zone'), unescape(host.slice(i), 'host')];
      const bad = parts.find((p) => 'error' in p);
      return bad ?? { value: parts.map((p) => ('value' in p ? p.value : '')).join('') };
    }
  } else {
    const i = host.lastIndexOf(':');
    if (i !== -1 && !validOptionalPort(host.slice(i))) return { error: `invalid port ${goQuoteAscii(host.slice(i))} after host` };
  }
  return unescape(host, 'host');
}

const validUserinfo = (s: string): boolean => /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(s);

/** url.Parse's reading of a URI without its fragment: the error, or the host (possibly empty). */
function parse(raw: string): { error: string } | { host: string } {
  // Control characters are refused before anything else.
  if ([...raw].some((c) => c < ' ' || c === '\x7f')) return { error: 'net/url: invalid control character in URL' };
  if (raw === '*') return { host: '' };
  let scheme = '';
  let rest = raw;
  const m = /^[A-Za-z][A-Za-z0-9+\-.]*:/.exec(raw);
  if (raw.startsWith(':')) return { error: 'missing protocol scheme' };
  if (m) {
    scheme = m[0].slice(0, -1);
    rest = raw.slice(m[0].length);
  }
  if (rest.endsWith('?') && rest.split('?').length === 2) rest = rest.slice(0, -1);
  else if (rest.includes('?')) rest = rest.slice(0, rest.indexOf('?'));
  if (!rest.startsWith('/')) {
    if (scheme) return { host: '' }; // opaque
    if (rest.split('/')[0]!.includes(':')) return { error: 'first path segment in URL cannot contain colon' };
  }
  let host = '';
  if ((scheme || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    const at = authority.lastIndexOf('@');
    const h = parseHost(at < 0 ? authority : authority.slice(at + 1));
    if ('error' in h) return h;
    host = h.value;
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!validUserinfo(userinfo)) return { error: 'net/url: invalid userinfo' };
      for (const part of userinfo.includes(':') ? [userinfo.slice(0, userinfo.indexOf(':')), userinfo.slice(userinfo.indexOf(':') + 1)] : [userinfo]) {
        const u = unescape(part, 'other');
        if ('error' in u) return u;
      }
    }
  }
  const path = unescape(rest, 'other');
  return 'error' in path ? path : { host };
}

/** Go's domainToReverseLabels (crypto/x509/verify.go): no empty label, no trailing dot, only printable ASCII. */
export function goDomainReads(domain: string): boolean {
  if (domain === '') return true;
  return domain.split('.').every((label) => label.length > 0 && [...label].every((c) => c.charCodeAt(0) >= 33 && c.charCodeAt(0) <= 126));
}

/**
 * The error x509.ParseCertificate (and ParseCertificateRequest) returns for a SAN URI, ASCII
 * already: url.Parse's, or "invalid domain" when the host is not one Go can compare.
 */
export function goSanUriRefusal(uri: string): string | undefined {
  const hash = uri.indexOf('#');
  const u = hash < 0 ? uri : uri.slice(0, hash);
  const r = parse(u);
  if ('error' in r) return `x509: cannot parse URI ${goQuoteAscii(uri)}: parse ${goQuoteAscii(u)}: ${r.error}`;
  if (hash >= 0) {
    const frag = unescape(uri.slice(hash + 1), 'other');
    if ('error' in frag) return `x509: cannot parse URI ${goQuoteAscii(uri)}: parse ${goQuoteAscii(uri)}: ${frag.error}`;
  }
  return r.host.length > 0 && !goDomainReads(r.host) ? `x509: cannot parse URI ${goQuoteAscii(uri)}: invalid domain` : undefined;
}
