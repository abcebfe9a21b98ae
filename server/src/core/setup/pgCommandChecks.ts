/**
 * The TLS files of a PostgreSQL server started with `-c` settings (pgCommands.ts),
 * checked where the command is written: the paths through the compose service's
 * volumes (and path mappings), over the postgresql.conf its `-c config_file=` names
 * when that file is in the workspace (the command line wins over it). Findings sit on
 * the `-c` setting at fault; those on settings of that postgresql.conf are reported
 * there.
 */
import * as nodePath from 'node:path';
import type { Finding } from '../types';
import type { DmCheckContext } from './dmCheck';
import { resolveCommandPath, type Resolved } from './deployedPaths';
import { findPgCommands, type PgCommand } from './pgCommands';
import { checkPgTlsSettings, parsePgConf, pgBool, pgSslOn, type ConfSetting } from './postgres';

/** What a command's server runs with: its settings over those of the postgresql.conf it names. */
export interface PgCommandServer {
  readonly cmd: PgCommand;
  readonly settings: ReadonlyMap<string, ConfSetting>;
  readonly sslOn: boolean;
  /** Where a file setting of this server is in the workspace (undefined: a relative path, data directory unknown). */
  readonly resolve: (value: string) => Resolved | undefined;
  readonly confPath?: string;
}

export async function pgCommandServer(path: string, text: string, cmd: PgCommand, ctx: DmCheckContext): Promise<PgCommandServer> {
  const dataDir = cmd.dataDir && nodePath.isAbsolute(cmd.dataDir) ? cmd.dataDir : undefined;
  const resolve = (v: string): Resolved | undefined => {
    const abs = nodePath.isAbsolute(v) ? v : dataDir ? nodePath.join(dataDir, v) : undefined;
    return abs ? resolveCommandPath(path, text, abs, cmd.start, ctx) : undefined;
  };
  const own = cmd.settings;
  const conf = own.get('config_file');
  const where = conf ? resolve(conf.value) : undefined;
  if (where) ctx.depend(where.path);
  const confText = where ? await ctx.store.readText(where.path) : undefined;
  if (confText === undefined) return { cmd, settings: own, sslOn: pgBool(own.get('ssl')?.value) === true, resolve };
  // The file's settings, marked as written elsewhere (negative offsets), under the command's.
  const merged = new Map<string, ConfSetting>();
  for (const [k, s] of parsePgConf(confText)) merged.set(k, { ...s, keyStart: -1, keyEnd: -1, valueStart: -1, valueEnd: -1 });
  for (const [k, s] of own) merged.set(k, s);
  return { cmd, settings: merged, sslOn: pgSslOn(merged) === true, resolve, confPath: where!.path };
}

export async function checkPgCommands(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const cmd of findPgCommands(path, text)) {
    const server = await pgCommandServer(path, text, cmd, ctx);
    const hbaFile = cmd.settings.get('hba_file');
    const hbaWhere = hbaFile ? server.resolve(hbaFile.value) : undefined;
    out.push(
      ...(await checkPgTlsSettings(
        {
          settings: server.settings,
          own: (s) => cmd.settings.get(s.name.toLowerCase()) === s,
          sslOn: server.sslOn,
          resolve: server.resolve,
          fallback: { start: cmd.start, end: cmd.end },
          ...(hbaFile && hbaWhere ? { hba: { path: hbaWhere.path, at: { start: hbaFile.keyStart, end: hbaFile.keyEnd } } } : {}),
        },
        ctx,
      )),
    );
  }
  return out;
}
