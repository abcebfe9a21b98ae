/**
 * pg_hba.conf rows written by a shell heredoc (`cat > "$PGDATA/pg_hba.conf" <<EOF … EOF`,
 * `cat <<-EOF >>…/pg_hba.conf`, `… | tee pg_hba.conf`), as the init scripts of PostgreSQL containers and CI
 * setups write them: each row gets the checks of its own (PG-002 to PG-005), on its
 * line of the script. What the server runs with (ssl, ssl_ca_file) is not judged from
 * the script: the command line, other init scripts and ALTER SYSTEM may set it, so no
 * finding rests on it. A row with a `$` the shell expands is left out (unquoted
 * delimiter). One linear scan: at most 200 heredocs, each body read once.
 */
import type { Finding } from '../types';
import type { DmCheckContext } from './dmCheck';
import { checkHbaRows, parseHba, type HbaLine } from './postgres';

/** A heredoc redirected into a pg_hba file: its body's offsets and whether the shell expands it. */
interface HbaHeredoc {
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly expands: boolean;
}

const maxHeredocs = 200;
/** `<<WORD` / `<<-WORD`, not a here-string (`<<<`). */
const startRe = /(?<!<)<<(?!<)(-?)[ \t]*(["']?)([A-Za-z_][\w.-]*)\2/g;
const hbaTargetRe = /(?:(?:^|[^<])>>?|\btee(?:[ \t]+-a)?)[ \t]*["']?[^\s"'<>;|&]*pg_hba[^\s"'<>;|&]*\.conf\b/;

export function findHbaHeredocs(text: string): HbaHeredoc[] {
  const out: HbaHeredoc[] = [];
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
    if (hbaTargetRe.test(text.slice(lineStart, nl))) out.push({ bodyStart, bodyEnd, expands: !m[2] });
    // The next heredoc starts after this body (its lines are not commands).
    startRe.lastIndex = Math.min(text.length, pos);
  }
  return out;
}

export async function checkHbaHeredocs(text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const h of findHbaHeredocs(text)) {
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
