/**
 * `ALTER SYSTEM SET name = value` statements, as PostgreSQL applies them: each writes
 * the setting into postgresql.auto.conf of the data directory, which the server reads
 * after postgresql.conf (the command line still wins over it). Found in the init
 * scripts the official image runs on a container's first start — the `*.sql` and
 * `*.sh` (a `psql -c "ALTER SYSTEM …"` line, a heredoc) files a compose service mounts
 * or a Dockerfile copies into /docker-entrypoint-initdb.d, in file-name order.
 */
import * as nodePath from 'node:path';
import type { DmCheckContext } from './dmCheck';
import type { PathMapping } from './deployedPaths';
import type { ConfSetting } from './postgres';
import { scriptConfSettings } from './pgHeredocs';

const statementRe = /\balter[ \t\r\n]+system[ \t\r\n]+(set|reset)[ \t\r\n]+("?)([A-Za-z_][\w.]*)\2(?:[ \t\r\n]*(?:=|\bto\b)[ \t\r\n]*('(?:[^'\\\n]|''|\\.){0,4096}'|[^\s;,'"]+))?/dgi;

/** Statements read at most per text, and init files per folder. */
const maxStatements = 1000;
const maxFiles = 100;

/**
 * The settings the ALTER SYSTEM statements of `text` leave in postgresql.auto.conf, in
 * order over `into` (RESET and SET … TO DEFAULT remove one, RESET ALL every one). The
 * offsets are those of `text`.
 */
export function alterSystemSettings(text: string, into = new Map<string, ConfSetting>()): Map<string, ConfSetting> {
  if (!/alter/i.test(text)) return into;
  statementRe.lastIndex = 0;
  let n = 0;
  for (let m = statementRe.exec(text); m && n++ < maxStatements; m = statementRe.exec(text)) {
    const name = m[3]!;
    const raw = m[4];
    if (m[1]!.toLowerCase() === 'reset' || !raw || raw.toLowerCase() === 'default') {
      if (name.toLowerCase() === 'all' && m[1]!.toLowerCase() === 'reset') into.clear();
      else into.delete(name.toLowerCase());
      continue;
    }
    const quoted = raw.startsWith("'");
    // A value with a shell variable ($VAR) is kept as written: the caller cannot know it, only that it is set.
    const value = quoted ? raw.slice(1, -1).replace(/''/g, "'") : raw;
    const [keyStart, keyEnd] = m.indices![3]!;
    const valueStart = m.indices![4]![0] + (quoted ? 1 : 0);
    into.set(name.toLowerCase(), { name, value, keyStart, keyEnd, valueStart, valueEnd: valueStart + value.length });
  }
  return into;
}

const initDir = '/docker-entrypoint-initdb.d';

/** What the init scripts of a container leave behind, setting by setting. */
export interface InitScriptSettings {
  /** postgresql.auto.conf: what it held (`over`), then their ALTER SYSTEM statements. */
  readonly auto: Map<string, ConfSetting>;
  /** The lines they write into postgresql.conf (heredoc, echo; pgHeredocs.ts), the last of a name winning. */
  readonly conf: Map<string, ConfSetting>;
  /** The script each setting of `auto`, and of `conf`, comes from (by lower-case name; none: postgresql.auto.conf's own). */
  readonly autoFrom: Map<string, string>;
  readonly confFrom: Map<string, string>;
}

/**
 * What the init scripts of a container leave in postgresql.auto.conf (over the settings
 * `over` it holds already) and write into postgresql.conf: those of the folder or files
 * `mappings` (a compose service's volumes, its image's copies) put in
 * /docker-entrypoint-initdb.d, run in name order.
 */
export async function initScriptSettings(mappings: readonly PathMapping[], ctx: Pick<DmCheckContext, 'store' | 'depend'>, over?: ReadonlyMap<string, ConfSetting>): Promise<InitScriptSettings> {
  const files = new Map<string, string>();
  for (const m of mappings) {
    const deployed = m.deployed.replace(/\/+$/, '');
    if (deployed === initDir) {
      ctx.depend(m.local);
      for (const name of ((await ctx.store.listDirectory(m.local)) ?? []).slice(0, maxFiles)) files.set(name, nodePath.join(m.local, name));
    } else if (nodePath.posix.dirname(deployed) === initDir) files.set(nodePath.posix.basename(deployed), m.local);
  }
  const out: InitScriptSettings = { auto: new Map(over), conf: new Map(), autoFrom: new Map(), confFrom: new Map() };
  for (const name of [...files.keys()].filter((n) => /\.(sql|sh)$/i.test(n)).sort().slice(0, maxFiles)) {
    const file = files.get(name)!;
    ctx.depend(file);
    const text = await ctx.store.readText(file);
    if (text === undefined) continue;
    const before = new Map(out.auto);
    alterSystemSettings(text, out.auto);
    for (const k of before.keys()) if (!out.auto.has(k)) out.autoFrom.delete(k);
    for (const [k, x] of out.auto) if (before.get(k) !== x) out.autoFrom.set(k, file);
    if (!/\.sh$/i.test(name)) continue;
    for (const [k, x] of scriptConfSettings(text)) {
      out.conf.delete(k);
      out.conf.set(k, x);
      out.confFrom.set(k, file);
    }
  }
  return out;
}
