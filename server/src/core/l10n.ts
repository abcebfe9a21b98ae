/**
 * The words the server produces, in the user's language.
 *
 * The core writes every user-facing text as a `tr` tagged template. `tr` renders
 * English, the default, so the core's output (and the few messages rules read
 * back) stay exactly as they were; its template is the message's id: the cooked
 * literal parts joined by `{0}`, `{1}`, … ("ssl-cert {0} expires on {1}.").
 * scripts/server-l10n-export.ts collects every template into
 * server/l10n/messages.json, and each has its translation in
 * server/l10n/messages.zh-cn.json.
 *
 * A front end that knows the user's language (the language server from
 * `initialize`'s `locale`, the CLI from LANG) builds a `Localiser` from a
 * catalogue and passes finished English texts through it: it recognises the
 * template a text was made from, splits out the arguments, translates those
 * that are texts themselves (a phrase chosen by a condition), and renders the
 * translation. No module holds a locale; without a catalogue the text is returned
 * unchanged. Values (rule codes, OpenSSL names, paths, keys) are arguments or
 * literal parts that the translation keeps as they are.
 */

/** Whether every (, [ and { of a text is closed in order: how a value or a phrase is written. */
function isBalanced(text: string): boolean {
  const open: string[] = [];
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') open.push(ch);
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (open.pop() !== (ch === ')' ? '(' : ch === ']' ? '[' : '{')) return false;
    }
  }
  return open.length === 0;
}

/** English text of a template; its id is the literal parts joined by `{i}`. */
export function tr(strings: TemplateStringsArray, ...values: readonly unknown[]): string {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += String(values[i]) + (strings[i + 1] ?? '');
  return out;
}

/** English template → translation, with the same `{i}` placeholders (in any order). */
export type Catalogue = Readonly<Record<string, string>>;

export interface Localiser {
  /** The catalogue's language tag (`en` when there is none). */
  readonly locale: string;
  /** A text the core produced, in the localiser's language; multi-line texts line by line. */
  text(english: string): string;
}

export const english: Localiser = { locale: 'en', text: (s) => s };

/** Splits `a {0} b {1}` into literal parts and placeholder indices. */
export function parseTemplate(template: string): { readonly parts: readonly string[]; readonly slots: readonly number[] } {
  const parts: string[] = [];
  const slots: number[] = [];
  const re = /\{(\d+)\}/g;
  let last = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    parts.push(template.slice(last, m.index));
    slots.push(Number(m[1]));
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  return { parts, slots };
}

interface Compiled {
  /** Literal parts of the English template: arguments sit between them. */
  readonly parts: readonly string[];
  /** How many literal characters: the more, the more specific the match. */
  readonly weight: number;
  readonly target: { readonly parts: readonly string[]; readonly slots: readonly number[] };
}

/** Deeper than this, arguments are left as they are (a phrase inside a phrase inside a message). */
const maxDepth = 10;

/**
 * A localiser for one language: `catalogue` holds templates, `texts` whole texts (the
 * openssl.cnf reference docs) looked up as they are. Recognising a text costs one prefix test per
 * distinct leading literal and a linear scan per candidate template, so it is
 * bounded by the catalogue's size times the text's length.
 */
export function localiser(locale: string, catalogue: Catalogue, texts: Catalogue = {}): Localiser {
  const exact = new Map<string, string>();
  /** Whole texts (reference documentation, one line each): translated where a line or an argument is one, never a phrase to peel. */
  const wholeTexts = new Map(Object.entries(texts));
  /** The best a template's match can be: balanced arguments, and one of them a whole text when there are any. */
  const topRank = wholeTexts.size ? 3 : 2;
  const byHead = new Map<string, Compiled[]>();
  for (const [source, translation] of Object.entries(catalogue)) {
    const { parts } = parseTemplate(source);
    if (parts.length === 1) {
      exact.set(source, translation);
      continue;
    }
    // A template that is nothing but placeholders would claim every text.
    const weight = parts.reduce((n, p) => n + p.length, 0);
    if (weight === 0) continue;
    const list = byHead.get(parts[0]!) ?? [];
    list.push({ parts, weight, target: parseTemplate(translation) });
    byHead.set(parts[0]!, list);
  }
  /** Leading literals by their first character ('' for templates that open with a placeholder). */
  const heads = new Map<string, { head: string; list: Compiled[] }[]>();
  for (const [head, list] of byHead) {
    const first = head.charAt(0);
    const group = heads.get(first) ?? [];
    group.push({ head, list: list.sort((a, b) => b.weight - a.weight) });
    heads.set(first, group);
  }
  const open = heads.get('') ?? [];

  /** English phrases without placeholders, longest first: what an optional suffix argument may be. */
  const phrases = [...exact.keys()].sort((a, b) => b.length - a.length);
  /**
   * Splits `segment` into `n` arguments that sat side by side in the template (`{0}{1}`):
   * each later one is the longest known phrase the segment ends with, or empty (an
   * optional clause left out). Arguments that are not phrases are not translated, so
   * where one ends and the next begins does not change the result.
   */
  const peel = (segment: string, n: number): string[] => {
    const out: string[] = [];
    let rest = segment;
    for (let k = 1; k < n; k++) {
      const tail = phrases.find((p) => p.length < rest.length && rest.endsWith(p)) ?? '';
      out.unshift(tail);
      rest = rest.slice(0, rest.length - tail.length);
    }
    out.unshift(rest);
    return out;
  };

  const split = (text: string, parts: readonly string[]): string[] | undefined => {
    const last = parts[parts.length - 1]!;
    const end = text.length - last.length;
    if (end < parts[0]!.length || !text.endsWith(last)) return undefined;
    const args: string[] = [];
    let pos = parts[0]!.length;
    let i = 1;
    while (i < parts.length) {
      // Placeholders side by side share one segment, up to the next non-empty literal.
      let n = 1;
      while (i < parts.length - 1 && parts[i] === '') {
        n++;
        i++;
      }
      const at = i === parts.length - 1 ? end : text.indexOf(parts[i]!, pos);
      if (at < 0 || at < pos || at + (i === parts.length - 1 ? 0 : parts[i]!.length) > end) return undefined;
      const segment = text.slice(pos, at);
      // An argument is never several lines: a multi-line text is translated line by line.
      if (segment.includes('\n')) return undefined;
      args.push(...(n === 1 ? [segment] : peel(segment, n)));
      pos = at + (i === parts.length - 1 ? last.length : parts[i]!.length);
      i++;
    }
    return args;
  };

  /** The text as a list of items joined by one separator, translated item by item: when every item (or, with !all, any) is known. */
  const list = (text: string, depth: number, all: boolean): string | undefined => {
    for (const sep of ['; ', ' · ', ', ']) {
      if (!text.includes(sep)) continue;
      const items = text.split(sep);
      const done = items.map((item) => one(item, depth));
      const known = done.filter((d, i) => d !== items[i]).length;
      if (all ? known === items.length : known > 0) return done.join(sep);
    }
    return undefined;
  };

  const one = (text: string, depth: number): string => {
    if (!text || depth > maxDepth) return text;
    // A whole text may be one word ("absent"); the docs catalogue keeps a value ("no") as it is.
    const known = wholeTexts.get(text);
    if (known !== undefined) return known;
    // An argument without a space is a value (a key, a name, `no`), never a phrase to translate.
    if (depth > 0 && !/\s/.test(text)) return text;
    const hit = exact.get(text);
    if (hit !== undefined) return hit;
    // The most specific template, preferring one whose arguments have balanced brackets: a
    // template that splits "b (or -b) and c (or -c)" at the first "(or " is the wrong one.
    // With whole texts, next a template that has one of them as an argument: "*{0}*: {1}" around
    // a doc's prose, not "{0} and {1}" cutting the prose in two.
    let best: { readonly c: Compiled; readonly args: string[]; readonly rank: number } | undefined;
    for (const group of [heads.get(text.charAt(0)), open]) {
      for (const { head, list } of group ?? []) {
        if (!text.startsWith(head)) continue;
        for (const c of list) {
          if (best?.rank === topRank && c.weight <= best.c.weight) break;
          const args = split(text, c.parts);
          if (!args) continue;
          const rank = (args.every(isBalanced) ? 2 : 0) + (wholeTexts.size && args.some((a) => wholeTexts.has(a)) ? 1 : 0);
          if (!best || rank > best.rank || (rank === best.rank && c.weight > best.c.weight)) best = { c, args, rank };
          if (rank === topRank) break;
        }
      }
    }
    // An argument that is a list of phrases ("a (or -x), b (or -y)"; "… needs a; … needs b"),
    // each of them known: item by item, unless a template takes the whole text with balanced
    // arguments (a finished message that holds such a list, wrapped in another template).
    if (depth && (!best || best.rank < 2)) {
      const items = list(text, depth, true);
      if (items) return items;
    }
    // A row's parts ("does not match its certificate · client.key"): whichever are known.
    // Not across lines: a multi-line text is translated line by line (text()).
    if (!best) return text.includes('\n') ? text : (list(text, depth, false) ?? text);
    const { parts, slots } = best.c.target;
    let out = parts[0]!;
    for (let i = 0; i < slots.length; i++) out += one(best.args[slots[i]!] ?? '', depth + 1) + parts[i + 1]!;
    return out;
  };

  return {
    locale,
    text(english) {
      const whole = one(english, 0);
      if (whole !== english || !english.includes('\n')) return whole;
      return english
        .split('\n')
        .map((line) => one(line, 0))
        .join('\n');
    },
  };
}

/**
 * The catalogue for a client's locale tag (`zh-cn`, `zh-CN`, `zh-Hans`, `zh_CN.UTF-8`):
 * Simplified Chinese for every Chinese tag but the traditional ones, else none.
 */
export function catalogueLanguage(locale: string | undefined): 'zh-cn' | undefined {
  const tag = (locale ?? '').toLowerCase().replace(/_/g, '-').replace(/\..*$/, '');
  if (!/^zh(-|$)/.test(tag)) return undefined;
  if (/^zh-(hant|tw|hk|mo)/.test(tag)) return undefined;
  return 'zh-cn';
}
