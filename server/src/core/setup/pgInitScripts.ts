/**
 * The TLS settings an init script writes with `ALTER SYSTEM SET ssl_cert_file = '…'`, or
 * into postgresql.conf (`cat >> "$PGDATA/postgresql.conf" <<EOF`, `echo "ssl = on" >> …`),
 * checked in the script, on the statement or line. PostgreSQL 15 accepts such a statement
 * whatever the file (ALTER SYSTEM checks no path); a reload then only logs "could not
 * load server certificate file" and keeps the old TLS configuration, but the next start
 * — in the official image, the real server right after the init scripts — fails with
 * ssl on. So the files are checked as postgresql.conf's are, for each server that runs
 * the script: a compose service or an image that puts it in /docker-entrypoint-initdb.d
 * (its volumes and copies say where the named files are), with what wins over the
 * script (a later script, the command line) left out. A script no server of the
 * workspace runs says nothing about where its paths are: it is not judged.
 */
import * as nodePath from 'node:path';
import type { Finding } from '../types';
import type { DmCheckContext } from './dmCheck';
import { composeEnvironmentAt, composeServices } from './composeVolumes';
import { imageAt } from './imageCopies';
import { baseName, isDockerfileName } from './fileNames';
import { alterSystemSettings } from './pgAlterSystem';
import { heredocTargets, scriptConfSettings } from './pgHeredocs';
import { pgCommandServer } from './pgCommandChecks';
import { findPgCommands, type PgCommand } from './pgCommands';
import { checkPgTlsSettings, type ConfSetting } from './postgres';
import { deploymentFiles } from './workspaceIndex';
import { tr } from '../l10n';
import { lineAt } from '../lineIndex';

/** The data directory of the official image (its default PGDATA), where a server without -D keeps postgresql.auto.conf. */
const imageDataDir = '/var/lib/postgresql/data';

/**
 * The official image's data directory for the server at `offset` of `file`: the PGDATA its
 * entrypoint initialises and starts the server in, as the compose service's `environment:` or
 * the Dockerfile's `ENV` set it, else the image's default.
 */
function pgdataAt(file: string, text: string, offset: number, ctx: DmCheckContext): string {
  const v = composeEnvironmentAt(file, text, offset).get('PGDATA') ?? imageAt(file, text, offset, ctx)?.env?.get('PGDATA');
  return v && nodePath.posix.isAbsolute(v) && !v.includes('$') ? nodePath.posix.normalize(v).replace(/(?<=.)\/$/, '') : imageDataDir;
}
const tlsFileSettings = /^ssl(_cert_file|_key_file|_ca_file|_crl_file)?$/;
/** Servers examined at most per script. */
const maxServers = 200;

/** The server commands of a file that may run init scripts: its commands, and the official image's own (in its PGDATA) for a service or image without one. */
function serversOf(file: string, text: string, ctx: DmCheckContext): PgCommand[] {
  const commands = findPgCommands(file, text);
  const plain = (start: number): PgCommand => ({ start, end: start, settings: new Map(), dataDir: pgdataAt(file, text, start, ctx) });
  if (isDockerfileName(baseName(file))) return commands.length ? commands : [plain(Math.max(0, text.length - 1))];
  return composeServices(file, text).map((svc) => commands.find((c) => svc.start <= c.start && c.start < svc.end) ?? plain(svc.start));
}

export async function checkInitScript(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  // postgresql.conf lines a shell script writes, then its ALTER SYSTEM statements, which win over them.
  const written = alterSystemSettings(text, /\.sh$/i.test(path) ? scriptConfSettings(text) : new Map());
  if (![...written.keys()].some((k) => tlsFileSettings.test(k))) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  let examined = 0;
  for (const file of (await deploymentFiles(ctx)).pgInit) {
    ctx.depend(file);
    const t = await ctx.store.readText(file);
    if (t === undefined) continue;
    for (const cmd of serversOf(file, t, ctx)) {
      if (examined++ >= maxServers) return out;
      const server = await pgCommandServer(file, t, cmd, ctx);
      // This script's statements that are in force on that server, in place of their copies written elsewhere.
      const mine = [...written].filter(([k]) => server.initScriptOf.get(k) === path);
      if (!mine.length) continue;
      const settings = new Map<string, ConfSetting>(server.settings);
      for (const [k, x] of mine) settings.set(k, x);
      const own = new Set(mine.map(([, x]) => x));
      const ssl = own.has(written.get('ssl')!) ? written.get('ssl') : undefined;
      const related = { file, line: lineAt(t, cmd.start), message: tr`the server that runs this script` };
      // A file the script itself writes (a heredoc into $PGDATA) is there when the server starts: not looked for in the workspace.
      const pgdata = pgdataAt(file, t, cmd.start, ctx);
      const dataDir = cmd.dataDir && nodePath.posix.isAbsolute(cmd.dataDir) ? cmd.dataDir : pgdata;
      const made = new Set(heredocTargets(text).map((p) => nodePath.posix.resolve(dataDir, p.replace(/^\$\{?PGDATA\}?(?=\/|$)/, pgdata))));
      const resolve = (v: string): ReturnType<typeof server.resolve> => (made.has(nodePath.posix.resolve(dataDir, v)) ? undefined : server.resolve(v));
      const found = await checkPgTlsSettings(
        { settings, own: (x) => own.has(x), sslOn: server.sslOn === true, resolve, fallback: ssl ? { start: ssl.keyStart, end: ssl.keyEnd } : { start: -1, end: -1 }, complete: server.complete },
        ctx,
      );
      // One finding per cause when several servers run the script alike.
      for (const f of found) {
        const key = `${f.code}\u0000${f.start}\u0000${f.message}`;
        if (f.start < 0 || seen.has(key)) continue;
        seen.add(key);
        out.push({ ...f, related: [...(f.related ?? []), related] });
      }
    }
  }
  return out;
}
