/**
 * PostgreSQL config lines a shell script writes: a heredoc (`cat > "$PGDATA/pg_hba.conf" <<EOF … EOF`,
 * `cat <<-EOF >>…/postgresql.conf`, `… | tee pg_hba.conf`) or an `echo "ssl = on" >> …/postgresql.conf`,
 * as the init scripts of PostgreSQL containers and CI setups write them. pg_hba rows get
 * the checks of their own (PG-002 to PG-005), on their line of the script; what the
 * server runs with (ssl, ssl_ca_file) is not judged from the rows: the command line,
 * other init scripts and ALTER SYSTEM may set it, so no finding rests on it. The
 * postgresql.conf settings are read as settings of the server that runs the script
 * (pgInitScripts.ts). A line with a `$` the shell expands is left out (unquoted
 * delimiter, double quotes). One linear scan: at most 200 heredocs, each body read
 * once, and 1,000 echo lines.
 */
import type { Finding } from '../types';
import type { DmCheckContext } from './dmCheck';
import { checkHbaRows, parseHba, parsePgConf, type ConfSetting, type HbaLine } from './postgres';

/** Text a script writes into a config file: its offsets and whether the shell expands `$` in it. */
interface ConfWrite {
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly expands: boolean;
}

export type ConfTarget = 'pg_hba.conf' | 'postgresql.conf';

const maxHeredocs = 200;
const maxEchoes = 1000;
/** `<<WORD` / `<<-WORD`, not a here-string (`<<<`). */
const startRe = /(?<!<)<<(?!<)(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2/g;
const fileWord = (name: string): string => `["']?[^\\s"'<>;|&]*${name}\\b`;
const targetRes: Record<ConfTarget, RegExp> = {
  'pg_hba.conf': new RegExp(`(?:(?:^|[^<])>>?|\\btee(?:[ \\t]+-a)?)[ \\t]*${fileWord('pg_hba[^\\s"\'<>;|&]*\\.conf')}`),
  'postgresql.conf': new RegExp(`(?:(?:^|[^<])>>?|\\btee(?:[ \\t]+-a)?)[ \\t]*${fileWord('postgresql\\.conf')}`),
};
/** `echo "line" >> file`, `echo 'line' > file`, `echo line >> file` (no -e escapes, no $ in an expanded line). */
const echoRe = /^[ \t]*echo(?:[ \t]+-n)?[ \t]+(?:"([^"\n\\$`]*)"|'([^'\n]*)'|([^\s"'<>;|&$`\\]+(?:[ \t]+[^\s"'<>;|&$`\\]+)*))[ \t]*(>>?[^\n]*)$/gm;

interface Heredoc extends ConfWrite {
  /** The command line that opens it. */
  readonly line: string;
}

const heredocCache = new Map<string, Heredoc[]>();

/** Every heredoc of a script, with the line that opens it (cached per text: both targets read the same scan). */
function heredocs(text: string): Heredoc[] {
  const hit = heredocCache.get(text);
  if (hit) return hit;
  const out: Heredoc[] = [];
  startRe.lastIndex = 0;
  for (let m = startRe.exec(text), n = 0; m && n++ < maxHeredocs; m = startRe.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const nl = text.indexOf('\n', m.index);
    if (nl === -1) break;
    // A shift in shell arithmetic (`$((1 << bits))`, `(( x << n ))`) is no heredoc: its line goes on as commands.
    if (text.lastIndexOf('((', m.index) >= lineStart && text.lastIndexOf('))', m.index) < text.lastIndexOf('((', m.index)) continue;
    const bodyStart = nl + 1;
    // The body runs to the line that is the delimiter (after leading tabs for <<-).
    const strip = m[1] === '-';
    let pos = bodyStart;
    let bodyEnd = text.length;
    while (pos < text.length) {
      const e = text.indexOf('\n', pos);
      const lineEnd = e === -1 ? text.length : e;
      let line = text.slice(pos, lineEnd).replace(/\r$/, '');
      if (strip) line = line.replace(/^\t+/, '');
      if (line === m[3]) {
        bodyEnd = pos;
        break;
      }
      pos = lineEnd + 1;
    }
    out.push({ bodyStart, bodyEnd, expands: !m[2], line: text.slice(lineStart, nl) });
    // The next heredoc starts after this body (its lines are not commands).
    startRe.lastIndex = Math.min(text.length, pos);
  }
  if (heredocCache.size > 50) heredocCache.clear();
  heredocCache.set(text, out);
  return out;
}

/** What a script writes into `target` files, in order: heredoc bodies and echoed lines. */
export function findConfWrites(text: string, target: ConfTarget): ConfWrite[] {
  const re = targetRes[target];
  const out: ConfWrite[] = heredocs(text)
    .filter((h) => re.test(h.line))
    .map(({ bodyStart, bodyEnd, expands }) => ({ bodyStart, bodyEnd, expands }));
  if (text.includes('echo')) {
    echoRe.lastIndex = 0;
    for (let m = echoRe.exec(text), n = 0; m && n++ < maxEchoes; m = echoRe.exec(text)) {
      if (!re.test(m[4]!)) continue;
      const body = m[1] ?? m[2] ?? m[3]!;
      const bodyStart = m.index + m[0].indexOf(body, m[0].indexOf('echo') + 4);
      out.push({ bodyStart, bodyEnd: bodyStart + body.length, expands: false });
    }
  }
  return out.sort((a, b) => a.bodyStart - b.bodyStart);
}

const redirectRe = /(?:^|[^<>&0-9])>>?[ \t]*["']?([^\s"'<>;|&]+)|\btee(?:[ \t]+-a)?[ \t]+["']?([^\s"'<>;|&]+)/;

/** The files a script writes with a heredoc (`cat > "$PGDATA/server.key" <<EOF`), as written (`$PGDATA/…` kept). */
export function heredocTargets(text: string): string[] {
  const out: string[] = [];
  for (const h of heredocs(text)) {
    const m = redirectRe.exec(h.line);
    const target = m?.[1] ?? m?.[2];
    if (target) out.push(target);
  }
  return out;
}

/** The postgresql.conf settings a script writes (the last one of a name wins), offsets in the script. */
export function scriptConfSettings(text: string): Map<string, ConfSetting> {
  const out = new Map<string, ConfSetting>();
  if (!text.includes('postgresql.conf')) return out;
  for (const w of findConfWrites(text, 'postgresql.conf')) {
    const body = text.slice(w.bodyStart, w.bodyEnd);
    for (const [k, x] of parsePgConf(body)) {
      if (w.expands && x.value.includes('$')) continue;
      const at = (o: number): number => w.bodyStart + o;
      out.delete(k);
      out.set(k, { ...x, keyStart: at(x.keyStart), keyEnd: at(x.keyEnd), valueStart: at(x.valueStart), valueEnd: at(x.valueEnd) });
    }
  }
  return out;
}

export async function checkHbaHeredocs(text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const h of findConfWrites(text, 'pg_hba.conf')) {
    const body = text.slice(h.bodyStart, h.bodyEnd);
    const rows: HbaLine[] = [];
    for (const l of parseHba(body)) {
      if (h.expands && body.slice(l.start, l.end).includes('$')) continue;
      const at = (o: number): number => h.bodyStart + o;
      const options = new Map([...l.options].map(([k, o]) => [k, { value: o.value, start: at(o.start), end: at(o.end) }]));
      rows.push({ ...l, options, start: at(l.start), end: at(l.end), methodStart: at(l.methodStart) });
    }
    // The server's settings are not known here: only the rows' own checks apply.
    out.push(...(await checkHbaRows(rows, { file: '', sslLine: 0, what: 'pg_hba.conf', noCa: { message: '', note: '' } }, ctx)));
  }
  return out;
}
