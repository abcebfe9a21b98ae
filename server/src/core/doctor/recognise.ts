/**
 * Finds catalogued TLS error messages in free text (a log line, a terminal
 * paste, a whole log) and pulls out what they name. Linear: each pattern runs
 * once over a bounded prefix of the text.
 */
import { catalog, type CatalogEntry, type Cause } from './catalog';

/** What a message names, as far as the message says it. */
export interface MessageFacts {
  /** The name or address the client asked for. */
  readonly host?: string;
  /** Names the certificate holds, as the message lists them. */
  readonly valid?: readonly string[];
  /** Common names the callee saw, and the ones it allows (Go prints lists space-separated, so a CN with spaces is ambiguous: see `seenText`). */
  readonly seen?: readonly string[];
  /** The list of seen names as printed, for matching names that contain spaces. */
  readonly seenText?: string;
  readonly allowed?: readonly string[];
  readonly user?: string;
  readonly file?: string;
}

export interface Recognised {
  readonly entry: CatalogEntry;
  /** The matched text. */
  readonly text: string;
  readonly offset: number;
  readonly facts: MessageFacts;
}

/** Longer inputs are cut: error lines sit near the end of what users paste, so the tail is kept. */
export const maxExplainChars = 64_000;
/** Messages are matched line by line, each line cut to its last characters: every pattern's cost is bounded per line. */
const maxLineChars = 2_000;

/** Causes that only restate another one ("certificate verify failed" beside the reason why). */
const generic: ReadonlySet<Cause> = new Set(['verify-failed']);

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(/,\s*/)
    .map((s) => s.trim().replace(/^(?:DNS|IP Address|IP):/, '').trim())
    .filter(Boolean);
}

function factsOf(groups: Record<string, string | undefined>): MessageFacts {
  const host = groups.host?.replace(/\.$/, '');
  const facts: Record<string, unknown> = {
    host: host || undefined,
    valid: list(groups.valid),
    seen: list(groups.seen ?? groups.seen2),
    seenText: groups.seen ?? groups.seen2,
    allowed: list(groups.allowed ?? groups.allowed2),
    user: groups.user,
    file: groups.file,
  };
  for (const k of Object.keys(facts)) if (facts[k] === undefined) delete facts[k];
  return facts as MessageFacts;
}

/** Every catalogued message in `text`, in text order; a generic one is dropped when a specific cause is also present. */
export function recognise(text: string): Recognised[] {
  const input = text.length > maxExplainChars ? text.slice(-maxExplainChars) : text;
  const lines: Array<{ text: string; offset: number }> = [];
  for (let start = 0; start <= input.length; ) {
    const nl = input.indexOf('\n', start);
    const end = nl < 0 ? input.length : nl;
    const from = Math.max(start, end - maxLineChars);
    lines.push({ text: input.slice(from, end), offset: from });
    if (nl < 0) break;
    start = nl + 1;
  }
  const found: Recognised[] = [];
  for (const entry of catalog) {
    for (const line of lines) {
      const m = entry.pattern.exec(line.text);
      if (!m) continue;
      found.push({ entry, text: m[0], offset: line.offset + m.index, facts: factsOf(m.groups ?? {}) });
      break;
    }
  }
  const specific = found.some((r) => !generic.has(r.entry.cause));
  return found.filter((r) => !specific || !generic.has(r.entry.cause)).sort((a, b) => a.offset - b.offset);
}
