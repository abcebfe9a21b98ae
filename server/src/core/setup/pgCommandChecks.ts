/**
 * The TLS files of a PostgreSQL server started with `-c` settings (pgCommands.ts),
 * checked where the command is written: the paths through the compose service's
 * volumes (and path mappings), over the postgresql.conf its `-c config_file=` names
 * when that file is in the workspace (the command line wins over it). As PostgreSQL 15
 * does, a relative `-D`, `config_file` or `hba_file` is taken against the working
 * directory it starts in (a container's working_dir, a unit's WorkingDirectory=; not
 * judged when unknown), a relative TLS file against the data directory. Findings sit on
 * the `-c` setting at fault; those on settings of that postgresql.conf are reported
 * there.
 */
import * as nodePath from 'node:path';
import type { Finding } from '../types';
import type { DmCheckContext } from './dmCheck';
import { composeMappingsAt } from './composeVolumes';
import { commandWorkdir, resolveDeployed, settingMappings, type Resolved } from './deployedPaths';
import { imageAt } from './imageCopies';
import { findPgCommands, type PgCommand } from './pgCommands';
import { checkPgTlsSettings, parsePgConf, pgBool, pgSslOn, writtenElsewhere, type ConfSetting, type ServedBy } from './postgres';
import { initScriptSettings } from './pgAlterSystem';
import { deploymentFiles } from './workspaceIndex';

/** What a command's server runs with: its settings over those of the postgresql.conf it names. */
export interface PgCommandServer {
  readonly cmd: PgCommand;
  readonly settings: ReadonlyMap<string, ConfSetting>;
  /** undefined: neither the command nor a postgresql.conf it names sets ssl. */
  readonly sslOn: boolean | undefined;
  /** Where a file setting of this server is in the workspace (undefined: a relative path, data directory unknown). */
  readonly resolve: (value: string) => Resolved | undefined;
  /**
   * Where config_file or hba_file is: PostgreSQL makes them absolute at start against its
   * working directory, not the data directory (undefined: relative, working directory unknown).
   */
  readonly resolveStartup: (value: string) => Resolved | undefined;
  readonly confPath?: string;
  /** What wins over that postgresql.conf: postgresql.auto.conf and ALTER SYSTEM (marked as written elsewhere), the command line. */
  readonly over: ReadonlyMap<string, ConfSetting>;
  /** Whether the whole configuration is seen: the command line and the postgresql.conf the server reads. */
  readonly complete: boolean;
  /** The init script (ALTER SYSTEM) each setting in force that one of them wrote comes from, by lower-case name. */
  readonly initScriptOf: ReadonlyMap<string, string>;
}

export async function pgCommandServer(path: string, text: string, cmd: PgCommand, ctx: DmCheckContext): Promise<PgCommandServer> {
  // -D, config_file and hba_file are relative to the working directory PostgreSQL starts in; the TLS files to the data directory.
  const image = imageAt(path, text, cmd.start, ctx);
  const cwd = commandWorkdir(path, text, cmd.start, image);
  const fromCwd = (v: string): string | undefined => (nodePath.isAbsolute(v) ? v : cwd ? nodePath.join(cwd.dir, v) : undefined);
  const dataDir = cmd.dataDir ? fromCwd(cmd.dataDir) : undefined;
  // The service's volumes, the files its image copies in, the setting.
  const mappings = [...composeMappingsAt(path, text, cmd.start), ...(image?.copies ?? []), ...settingMappings(ctx.settings.pathMappings, ctx.workspaceRoots)];
  const at = (abs: string | undefined): Resolved | undefined => (abs ? resolveDeployed(path, abs, 'workdir', text, mappings) : undefined);
  const resolve = (v: string): Resolved | undefined => at(nodePath.isAbsolute(v) ? v : dataDir ? nodePath.join(dataDir, v) : undefined);
  const resolveStartup = (v: string): Resolved | undefined => at(fromCwd(v));
  const own = cmd.settings;
  // The postgresql.conf the server reads: -c config_file, else the one in the data directory -D names.
  const configFile = own.get('config_file')?.value;
  const where = configFile ? resolveStartup(configFile) : dataDir ? at(nodePath.join(dataDir, 'postgresql.conf')) : undefined;
  if (where) ctx.depend(where.path);
  const confText = where ? await ctx.store.readText(where.path) : undefined;
  // Read after it, winning over it: postgresql.auto.conf of the data directory, with what the
  // ALTER SYSTEM statements of the container's init scripts add to it.
  const autoWhere = dataDir ? at(nodePath.join(dataDir, 'postgresql.auto.conf')) : undefined;
  if (autoWhere) ctx.depend(autoWhere.path);
  const autoText = autoWhere ? await ctx.store.readText(autoWhere.path) : undefined;
  const scripts = await initScriptSettings(mappings, ctx, autoText === undefined ? undefined : parsePgConf(autoText));
  const auto = scripts.auto;
  // What the scripts append to the data directory's postgresql.conf counts where the server reads that one.
  const appended = configFile ? new Map<string, ConfSetting>() : scripts.conf;
  // A value a shell variable fills in is not known: that setting is neither judged nor taken as absent.
  const unknown = [...auto.values(), ...appended.values()].filter((x) => x.value.includes('$') && /^(ssl|hba_file)/i.test(x.name));
  for (const x of unknown) {
    auto.delete(x.name.toLowerCase());
    appended.delete(x.name.toLowerCase());
  }
  // The script each setting in force comes from: ALTER SYSTEM over postgresql.conf lines; the command line wins over both.
  const initScriptOf = new Map<string, string>();
  for (const k of appended.keys()) if (scripts.confFrom.has(k)) initScriptOf.set(k, scripts.confFrom.get(k)!);
  for (const k of auto.keys()) {
    const from = scripts.autoFrom.get(k);
    if (from) initScriptOf.set(k, from);
    else initScriptOf.delete(k);
  }
  for (const k of own.keys()) initScriptOf.delete(k);
  // The files' settings, marked as written elsewhere (negative offsets), under the command's.
  const merged = new Map<string, ConfSetting>();
  for (const [k, x] of confText === undefined ? [] : parsePgConf(confText)) merged.set(k, writtenElsewhere(x));
  const over = new Map<string, ConfSetting>();
  for (const [k, x] of appended) over.set(k, writtenElsewhere(x));
  for (const [k, x] of auto) over.set(k, writtenElsewhere(x));
  for (const [k, x] of own) over.set(k, x);
  for (const [k, x] of over) merged.set(k, x);
  const ssl = merged.get('ssl');
  // postgresql.conf not seen: what the command leaves out is unknown (an image's data directory).
  if (confText === undefined) return { cmd, settings: merged, over, sslOn: ssl ? pgBool(ssl.value) === true : undefined, resolve, resolveStartup, complete: false, initScriptOf };
  return { cmd, settings: merged, over, sslOn: pgSslOn(merged) === true, resolve, resolveStartup, confPath: where!.path, complete: unknown.length === 0, initScriptOf };
}

export async function checkPgCommands(path: string, text: string, ctx: DmCheckContext): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const cmd of findPgCommands(path, text)) {
    const server = await pgCommandServer(path, text, cmd, ctx);
    const hbaFile = cmd.settings.get('hba_file');
    const hbaWhere = hbaFile ? server.resolveStartup(hbaFile.value) : undefined;
    out.push(
      ...(await checkPgTlsSettings(
        {
          settings: server.settings,
          own: (s) => cmd.settings.get(s.name.toLowerCase()) === s,
          sslOn: server.sslOn === true,
          resolve: server.resolve,
          fallback: { start: cmd.start, end: cmd.end },
          complete: server.complete,
          ...(hbaFile && hbaWhere ? { hba: { path: hbaWhere.path, at: { start: hbaFile.keyStart, end: hbaFile.keyEnd } } } : {}),
        },
        ctx,
      )),
    );
  }
  return out;
}

/**
 * The server command of the workspace that reads `path` as its `hba_file` or
 * `config_file` (the first, in file order), through its volumes and path mappings.
 */
export async function servedBy(path: string, key: 'hba_file' | 'config_file', ctx: DmCheckContext): Promise<ServedBy | undefined> {
  const { pgCommands } = await deploymentFiles(ctx);
  for (const file of pgCommands) {
    ctx.depend(file);
    const text = await ctx.store.readText(file);
    if (text === undefined) continue;
    for (const cmd of findPgCommands(file, text)) {
      const named = cmd.settings.get(key);
      if (!named) continue;
      const server = await pgCommandServer(file, text, cmd, ctx);
      if (server.resolveStartup(named.value)?.path !== path) continue;
      const hba = cmd.settings.get('hba_file');
      const hbaPath = hba ? server.resolveStartup(hba.value)?.path : undefined;
      return { file, text, settings: cmd.settings, over: server.over, effective: server.settings, sslOn: server.sslOn, complete: server.complete, resolve: server.resolve, ...(hbaPath ? { hbaPath } : {}) };
    }
  }
  return undefined;
}
