/**
 * PostgreSQL servers started with settings on the command line: `postgres -c ssl=on
 * -c ssl_cert_file=…` (also `--ssl-cert-file=…`, `-cname=value`) in shell scripts,
 * Dockerfiles, systemd units, docker-compose `command:` (string or list) and
 * Kubernetes `command:`/`args:`. A command-line setting overrides postgresql.conf
 * and postgresql.auto.conf (PGC_S_ARGV). The official image's entrypoint prepends
 * `postgres` when the first argument starts with `-`, so a `command:`/`args:` that
 * begins with `-c` is a server too. `pg_ctl start` / `restart` runs the server with the
 * options of its `-o` (given more than once, they add up, as pg_ctl joins them) and its
 * `-D`; its other actions (`init` passes `-o` to initdb) start no server. A `postgres`
 * that names the account a program runs as (`su postgres -c`, `gosu postgres`,
 * `sudo -u postgres`, `-U postgres`) is not the server. Each setting keeps the offsets
 * of its name and value in the file, for findings on the setting that causes them.
 */
import type { ConfSetting } from './postgres';
import { words, type Token } from './startCommands';

export interface PgCommand {
  /** Offsets of the program word, or of the first setting when the image's entrypoint is the program. */
  readonly start: number;
  readonly end: number;
  /** Settings by lower-case name; the last one written wins, as in PostgreSQL. */
  readonly settings: ReadonlyMap<string, ConfSetting>;
  /** `-D <dir>`: the data directory, when the command names it. */
  readonly dataDir?: string;
}

const programRe = /(?:^|[\s"'/[,=])(postgres|postmaster|docker-entrypoint\.sh|pg_ctl)(?=[\s"',\]]|$)/gm;
const yamlKeyRe = /^[ \t-]*(command|args)[ \t]*:/gm;
const settingRe = /^([A-Za-z_][A-Za-z0-9_.]*)=(.*)$/s;
const longRe = /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s;

/**
 * A word and the quoted part right after it (`ssl_cert_file='/x'` is one shell word;
 * the word splitter gives `ssl_cert_file=` and `/x`).
 */
function joined(ws: readonly Token[], k: number, text: string): { tok: Token; used: number } {
  const w = ws[k]!;
  const next = ws[k + 1];
  if (w.text.endsWith('=') && next && next.start === w.end + 1 && (text[w.end] === '"' || text[w.end] === "'")) {
    return { tok: { text: w.text + next.text, start: w.start, end: next.end }, used: 2 };
  }
  return { tok: w, used: 1 };
}

function setting(tok: Token, nameOffset: number, dashes: boolean): ConfSetting | undefined {
  const m = (dashes ? longRe : settingRe).exec(tok.text.slice(nameOffset));
  if (!m) return undefined;
  const name = dashes ? m[1]!.replace(/-/g, '_') : m[1]!;
  const keyStart = tok.start + nameOffset;
  const keyEnd = keyStart + m[1]!.length;
  // A value joined from a quoted word starts after the quote.
  const value = m[2]!;
  const valueEnd = tok.end;
  return { name, value, keyStart, keyEnd, valueStart: valueEnd - value.length, valueEnd };
}

/** The settings of one command's words (from the program word, or from the first argument). */
function settingsOf(ws: readonly Token[], text: string): { settings: Map<string, ConfSetting>; dataDir?: string } {
  const settings = new Map<string, ConfSetting>();
  let dataDir: string | undefined;
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k]!;
    let s: ConfSetting | undefined;
    if (w.text === '-c' && ws[k + 1]) {
      const { tok, used } = joined(ws, k + 1, text);
      s = setting(tok, 0, false);
      if (s) k += used;
    } else if (/^-c[A-Za-z_]/.test(w.text)) {
      s = setting(joined(ws, k, text).tok, 2, false);
    } else if (/^--[A-Za-z_][\w-]*=/.test(w.text)) {
      const { tok, used } = joined(ws, k, text);
      s = setting(tok, 2, true);
      if (s) k += used - 1;
    } else if (w.text === '-D' && ws[k + 1] && !ws[k + 1]!.text.startsWith('-')) {
      dataDir = ws[++k]!.text;
    }
    if (s && !s.value.includes('$')) settings.set(s.name.toLowerCase(), s);
  }
  return { settings, dataDir };
}

/**
 * The words of a `command:`/`args:` value: a flow or block list, a plain string, or a
 * block scalar (`>` or `|`), whose lines are those indented deeper than the key.
 */
function yamlWords(text: string, keyLine: number, from: number): Token[] {
  const block = /^[ \t]*[>|][-+0-9]*[ \t]*(?:#.*)?(?:\r?\n|$)/.exec(text.slice(from, from + 200));
  if (!block) return words(text, from, true);
  const indent = /^[ \t-]*/.exec(text.slice(keyLine, keyLine + 200))![0].length;
  const out: Token[] = [];
  let pos = from + block[0].length;
  for (let lines = 0; pos < text.length && lines < 200 && out.length < 400; lines++) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const lead = /^[ \t]*/.exec(text.slice(pos, end))![0].length;
    if (pos + lead < end && lead <= indent) break;
    if (pos + lead < end) out.push(...words(text, pos + lead, false));
    pos = end + 1;
  }
  return out;
}

/** Programs that run a command as another account: the word after them (and their options) is the account. */
const asUser = new Set(['su', 'sudo', 'runuser', 'gosu', 'su-exec', 'chpst', 'setpriv', 'doas']);

/** Whether a `postgres` word after these words (nearest last) is an account name, not the program. */
function isAccount(prev: readonly string[]): boolean {
  let j = prev.length - 1;
  if (j >= 0 && /^(-u|--user|-U|--username)$/.test(prev[j]!)) return true;
  while (j >= 0 && prev[j]!.startsWith('-')) j--;
  return j >= 0 && asUser.has(prev[j]!.replace(/^.*\//, ''));
}

/** The quote a shell line is inside at its end ('' when none): `su -c "pg_ctl` is inside `"`. */
function openQuote(line: string): string {
  let q = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (q === "'") {
      if (c === "'") q = '';
    } else if (c === '\\') i++;
    else if (q === '"') {
      if (c === '"') q = '';
    } else if (c === '"' || c === "'") q = c;
  }
  return q;
}

/** pg_ctl's options that take the next word as their value. */
const pgCtlValued = new Set(['-D', '--pgdata', '-l', '--log', '-o', '--options', '-t', '--timeout', '-m', '--mode', '-e', '-N', '-P', '-U', '-S', '-p']);
const pgCtlActions = /^(init|initdb|start|stop|restart|reload|status|promote|logrotate|kill|register|unregister)$/;

/** A token without the quote a nested quoted string leaves on it (`'-c` of `su -c "pg_ctl -o '-c ssl=on'"`). */
function unquoted(t: Token, q: string): Token {
  const lead = t.text.startsWith(q) ? 1 : 0;
  const trail = t.text.length > lead && t.text.endsWith(q) ? 1 : 0;
  return { text: t.text.slice(lead, t.text.length - trail), start: t.start + lead, end: t.end - trail };
}

/**
 * The server words of a `pg_ctl` command (its words after the program): `-D <dir>` and the
 * words of each `-o`/`--options` argument, as pg_ctl passes them to postgres; undefined
 * unless it starts a server (start, restart).
 */
function pgCtlServerWords(ws: readonly Token[], text: string): Token[] | undefined {
  const out: Token[] = [];
  let action = '';
  for (let k = 0; k < ws.length; k++) {
    const w = ws[k]!;
    const long = /^--(pgdata|options)=(.*)$/s.exec(w.text);
    if (long && long[1] === 'pgdata' && long[2]) {
      out.unshift({ text: '-D', start: w.start, end: w.start }, { text: long[2], start: w.end - long[2].length, end: w.end });
      continue;
    }
    const isOptions = w.text === '-o' || w.text === '--options' || (long?.[1] === 'options' && !long[2]);
    if (!isOptions && pgCtlValued.has(w.text)) {
      const v = ws[k + 1];
      if (v && (w.text === '-D' || w.text === '--pgdata')) out.unshift({ text: '-D', start: w.start, end: w.end }, v);
      k++;
      continue;
    }
    if (isOptions) {
      const first = ws[k + 1];
      if (!first) break;
      const between = text.slice(w.end, first.start);
      const q = /["']/.exec(between)?.[0];
      if (q) {
        // A quoted argument: every word up to its closing quote.
        const close = text.indexOf(q, first.start);
        let j = k + 1;
        for (; j < ws.length && (close === -1 || ws[j]!.start < close); j++) out.push(ws[j]!);
        k = j - 1;
      } else if (first.text.startsWith("'") || first.text.startsWith('"')) {
        // Quoted inside an outer quoted string: up to the word that closes it.
        const nq = first.text[0]!;
        let j = k + 1;
        for (; j < ws.length; j++) {
          out.push(unquoted(ws[j]!, nq));
          if ((j > k + 1 || ws[j]!.text.length > 1) && ws[j]!.text.endsWith(nq)) break;
        }
        k = j;
      } else {
        out.push(first);
        k++;
      }
      continue;
    }
    if (!w.text.startsWith('-') && !action && pgCtlActions.test(w.text)) action = w.text;
  }
  return action === 'start' || action === 'restart' ? out : undefined;
}

/** Program words or `command:` keys read at most (each reads a bounded number of words after it): linear in the text. */
const maxExamined = 500;

/** Every PostgreSQL server command of a file that sets something (at most 100). */
export function findPgCommands(path: string, text: string): PgCommand[] {
  if (!/postgres|postmaster|pg_ctl|-c/.test(text)) return [];
  const yaml = /\.ya?ml$/i.test(path);
  const out: PgCommand[] = [];
  const seen = new Set<number>();
  const add = (start: number, end: number, ws: readonly Token[]): void => {
    const { settings, dataDir } = settingsOf(ws, text);
    if (!settings.size) return;
    const first = [...settings.values()][0]!;
    if (seen.has(first.keyStart)) return;
    seen.add(first.keyStart);
    out.push({ start: start < 0 ? first.keyStart : start, end: start < 0 ? first.keyEnd : end, settings, ...(dataDir ? { dataDir } : {}) });
  };
  if (yaml) {
    const postgresImage = /postgres/i.test(text);
    // command:/args: of a compose service or a container, as one word list (a shell string inside stays its words).
    yamlKeyRe.lastIndex = 0;
    for (let m = yamlKeyRe.exec(text), seenKeys = 0; m && out.length < 100 && seenKeys++ < maxExamined; m = yamlKeyRe.exec(text)) {
      const ws = yamlWords(text, m.index, m.index + m[0].length);
      const at = ws.findIndex((w, k) => /(^|\/)(postgres|postmaster|docker-entrypoint\.sh|pg_ctl)$/.test(w.text) && !isAccount(ws.slice(Math.max(0, k - 4), k).map((x) => x.text)));
      const ctl = at >= 0 && /(^|\/)pg_ctl$/.test(ws[at]!.text);
      const serverWords = at < 0 ? undefined : ctl ? pgCtlServerWords(ws.slice(at + 1), text) : ws.slice(at + 1);
      if (serverWords) add(ws[at]!.start, ws[at]!.end, serverWords);
      else if (ws[0] && (ws[0].text === '-c' || /^-c[A-Za-z_]|^--[A-Za-z_][\w-]*=/.test(ws[0].text)) && postgresImage) add(-1, -1, ws);
    }
    return out.sort((a, b) => a.start - b.start);
  }
  programRe.lastIndex = 0;
  for (let m = programRe.exec(text), seenWords = 0; m && out.length < 100 && seenWords++ < maxExamined; m = programRe.exec(text)) {
    const start = m.index + m[0].length - m[1]!.length;
    const end = start + m[1]!.length;
    // A path such as /usr/lib/postgresql is not the program: the word must not go on with '/'.
    if (text[end] === '/') continue;
    // Nor the account a program runs as (su postgres -c …, gosu postgres postgres …).
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const before = text.slice(Math.max(lineStart, start - 200), start);
    if (m[1] === 'postgres' && (/--user(name)?=$/.test(before) || isAccount(before.replace(/["'[\],]/g, ' ').split(/\s+/).filter(Boolean)))) continue;
    // Inside a quoted string (su -c "pg_ctl … start"): the command ends where the string does.
    const open = text[end] === '"' || text[end] === "'" ? '' : openQuote(text.slice(Math.max(lineStart, start - 2000), start));
    const close = open ? text.indexOf(open, end) : -1;
    const ws = words(close === -1 ? text : text.slice(0, close), text[end] === '"' || text[end] === "'" ? end + 1 : end, false);
    const serverWords = m[1] === 'pg_ctl' ? pgCtlServerWords(ws, text) : ws;
    if (serverWords) add(start, end, serverWords);
  }
  return out.sort((a, b) => a.start - b.start);
}
