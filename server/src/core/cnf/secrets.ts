/**
 * Values that must never be echoed: what `$ENV::NAME` expanded to, and values
 * taken from files outside the user's own tree (an `.include` of a credentials
 * file). A pull request can bring the config while the CI runner holds the
 * secrets, and `certwright lint` output (text, JSON, SARIF) is uploaded: so every
 * message quotes what is written (`$ENV::CI_SECRET`), never its expansion.
 *
 * Redaction is by content, not by rule: every message, fix title and related
 * note passes through `redactFinding`, so a rule written tomorrow cannot leak.
 * A secret is replaced wherever it appears, and so is each of its comma- or
 * space-separated parts (a rule may quote one element of a list),
 * case-insensitively: each of three characters or more. A shorter value (an
 * index `1`, `no`) hides nothing and would be replaced inside every word and
 * number of the message (openssl's CAtsa.cnf: `$ENV::INDEX` = 1 made
 * "sha1" read "sha$ENV::INDEX"). Nor is a value replaced inside a longer word
 * (letters, digits, `_`) that the file itself writes: quoting the file's own key
 * `default_bits` tells nothing of `$ENV::STRMASK` = default (neon's test
 * openssl.conf, where it read '$ENV::STRMASK_bits'), while a value glued to other
 * text by expansion (`host$ENV::N`) makes a word the file does not write.
 */
import type { Finding } from '../types';

export interface Secret {
  /** The expanded text. */
  readonly value: string;
  /** What the file says instead (`$ENV::CI_SECRET`), shown in its place. */
  readonly written: string;
}

const minPart = 3;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern for all secrets, longest first so a whole value wins over its parts. */
export function secretPattern(secrets: readonly Secret[]): { re: RegExp; written: Map<string, string> } | undefined {
  const written = new Map<string, string>();
  for (const s of secrets) {
    const whole = s.value.trim();
    if (!whole) continue;
    for (const piece of [whole, ...whole.split(/[\s,]+/)]) {
      if (piece.length >= minPart) {
        const k = piece.toLowerCase();
        if (!written.has(k)) written.set(k, s.written);
      }
    }
  }
  if (!written.size) return undefined;
  const keys = [...written.keys()].sort((a, b) => b.length - a.length);
  return { re: new RegExp(keys.map(escape).join('|'), 'gi'), written };
}

const wordChar = /[A-Za-z0-9_]/;

/**
 * The text with every secret replaced by what is written instead, except one inside a longer word that
 * `source` (the file's own text) writes as it is.
 */
function replaceSecrets(t: string, p: NonNullable<ReturnType<typeof secretPattern>>, source: string | undefined): string {
  return t.replace(p.re, (m: string, at: number) => {
    if (source !== undefined) {
      let a = at;
      let b = at + m.length;
      while (a > 0 && wordChar.test(t[a - 1]!)) a--;
      while (b < t.length && wordChar.test(t[b]!)) b++;
      if (b - a > m.length && source.includes(t.slice(a, b))) return m;
    }
    return p.written.get(m.toLowerCase()) ?? '…';
  });
}

/** `source`: the text of the file the message is about (a word it writes is quoted as it is). */
export function redactText(text: string, secrets: readonly Secret[], source?: string): string {
  const p = secretPattern(secrets);
  return p ? replaceSecrets(text, p, source) : text;
}

/** A finding whose message, related notes and fix titles quote no secret; fixes that would write one are dropped. */
export function redactFinding(f: Finding, secrets: readonly Secret[], source?: string): Finding {
  const p = secretPattern(secrets);
  if (!p) return f;
  const r = (t: string): string => replaceSecrets(t, p, source);
  const leaks = (t: string): boolean => {
    p.re.lastIndex = 0;
    return p.re.test(t);
  };
  const out: Finding = { ...f, message: r(f.message) };
  if (f.related) (out as { related?: Finding['related'] }).related = f.related.map((x) => ({ ...x, message: r(x.message) }));
  if (f.fixes) {
    const fixes = f.fixes.filter((x) => !(x.edits ?? []).some((e) => leaks(e.newText))).map((x) => ({ ...x, title: r(x.title) }));
    (out as { fixes?: Finding['fixes'] }).fixes = fixes.length ? fixes : undefined;
  }
  return out;
}
