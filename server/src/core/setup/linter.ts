/**
 * The setup linter: picks the profile of a file (comment, setting, detection)
 * and runs the DM, CockroachDB or PostgreSQL checks. Decoded certificates are
 * cached per environment by path and content, so a re-check after one file
 * changes decodes only that file. The checks, the certificate store and the PEM
 * decoder under it load on the first file that needs them (the YAML and TOML
 * parsers with the checks that parse such files): an ordinary openssl.cnf loads
 * only the profile detection.
 */
import type { LintContext, LintInput, Linter } from '../linter';
import type { Finding } from '../types';
import { checkCrdbCnf } from './crdbCnf';
import type { DmCheckContext } from './dmCheck';
import { dmKindOf, type DmFileKind } from './dmKind';
import { baseName } from './fileNames';
import { appliesToSetup } from './applies';
import { chooseProfile, crdbCnfKind, pgKind } from './profile';
import { mentionsDeployment, mentionsPgServerCommand, mentionsPgYaml } from './workspaceIndex';

/** What every check reads but the store: the store comes with the first check (`withStore`). */
type BaseContext = Omit<DmCheckContext, 'store'>;

export class SetupLinter implements Linter {
  readonly name = 'setup';
  private readonly deps = new Map<string, string[]>();

  appliesTo(file: LintInput): boolean {
    return appliesToSetup(file);
  }

  async lint(file: LintInput, context: LintContext): Promise<Finding[]> {
    const deps = new Set<string>();
    const base: BaseContext = {
      env: context.env,
      settings: context.settings,
      workspaceRoots: context.workspaceRoots,
      depend: (p) => deps.add(p),
      ...(context.pki ? { pki: context.pki } : {}),
    };
    try {
      return await this.run(file, base);
    } finally {
      this.deps.set(file.path, [...deps]);
      if (this.deps.size > 2000) this.deps.delete(this.deps.keys().next().value!);
    }
  }

  async dependencies(file: LintInput): Promise<string[]> {
    return this.deps.get(file.path) ?? [];
  }

  private async run(file: LintInput, base: BaseContext): Promise<Finding[]> {
    let withStore: Promise<DmCheckContext> | undefined;
    const ctx = (): Promise<DmCheckContext> => (withStore ??= import('./certFacts.js').then(({ certStoreFor }) => ({ ...base, store: certStoreFor(base.env) })));
    const out = await this.runProfile(file, base, ctx);
    if (/\.(crt|key)$/i.test(file.path) || dmKindOf(file.path, file.text)) return out;
    const pg = pgKind(baseName(file.path), file.text);
    if (pg) return [...out, ...(await (await import('./connChecks.js')).checkPgServerEdges(file.path, file.text, await ctx(), pg))];
    // PostgreSQL servers started with `-c ssl_cert_file=…` (compose, Kubernetes, scripts): the files they name.
    if (mentionsPgServerCommand(file.text)) out.push(...(await (await import('./pgCommandChecks.js')).checkPgCommands(file.path, file.text, await ctx())));
    // The official image's POSTGRES_HOST_AUTH_METHOD / POSTGRES_INITDB_ARGS with cert: pg_hba rows PostgreSQL refuses.
    if (file.text.includes('POSTGRES_')) out.push(...(await import('./pgImageEnv.js')).checkPgImageEnv(file.path, file.text));
    // pg_hba.conf rows a shell heredoc writes (init scripts): their own checks, on the script's lines.
    if (file.text.includes('<<') && file.text.includes('pg_hba')) out.push(...(await (await import('./pgHeredocs.js')).checkHbaHeredocs(file.text, await ctx())));
    // ALTER SYSTEM SET ssl_… or postgresql.conf lines in an init script: the files they name, for the servers that run it.
    if (/\.(sql|sh)$/i.test(file.path) && (/alter[ \t\r\n]+system/i.test(file.text) || (file.path.endsWith('.sh') && file.text.includes('postgresql.conf')))) out.push(...(await (await import('./pgInitScripts.js')).checkInitScript(file.path, file.text, await ctx())));
    // Patroni's parameters and pg_hba lists, CloudNativePG's pg_hba: PostgreSQL's settings written in YAML.
    if (/\.ya?ml$/i.test(file.path) && mentionsPgYaml(file.text)) out.push(...(await (await import('./pgYaml.js')).checkPgYaml(file.path, file.text, await ctx())));
    // Start commands (`cockroach start`, `cockroach sql`) and connection strings wherever they are written:
    // one pass over the text finds whether any is (the searches below each read all of a large file).
    if (!mentionsDeployment(file.text)) return out;
    if (file.text.includes('cockroach')) {
      const [{ checkCrdbStartCommands }, { checkCrdbNodeClients }, c] = await Promise.all([import('./crdbDeployment.js'), import('./connChecks.js'), ctx()]);
      out.push(...(await checkCrdbStartCommands(file.path, file.text, c)), ...(await checkCrdbNodeClients(file.path, file.text, c)));
    }
    if (file.text.includes('dmctl')) out.push(...(await (await import('./dmCheck.js')).checkDmctlCommands(file.path, file.text, await ctx())));
    out.push(...(await (await import('./connChecks.js')).checkConnStrings(file.path, file.text, await ctx())));
    return out;
  }

  private async runProfile(file: LintInput, base: BaseContext, ctx: () => Promise<DmCheckContext>): Promise<Finding[]> {
    const choice = chooseProfile(file.path, file.text, base.settings.profile);
    const name = baseName(file.path);
    const lower = name.toLowerCase();
    switch (choice.profile) {
      case 'dm': {
        const { checkDm } = await import('./dmCheck.js');
        if (dmKindOf(file.path, file.text)) return checkDm(file.path, file.text, await ctx());
        // Forced by comment or setting: a TOML/YAML the detector did not recognise.
        return checkDm(file.path, file.text, await ctx(), forcedDmKind(lower, file.text));
      }
      case 'cockroach': {
        if (/\.(crt|key)$/.test(lower)) return (await import('./cockroach.js')).checkCrdbFile(file.path, file.text, await ctx(), choice.source !== 'auto');
        const cnf = crdbCnfKind(name, file.text);
        if (cnf) return checkCrdbCnf(cnf, file.text, { path: file.path, env: base.env, depend: base.depend });
        return [];
      }
      case 'postgres': {
        const kind = pgKind(name, file.text);
        if (!kind) return [];
        const [{ checkPgHba, checkPostgresConf }, { servedBy }, c] = await Promise.all([import('./postgres.js'), import('./pgCommandChecks.js'), ctx()]);
        // A server command of the workspace that names this file (-c config_file / -c hba_file) decides its settings.
        if (kind === 'postgresql.conf') return checkPostgresConf(file.path, file.text, c, await servedBy(file.path, 'config_file', c));
        if (kind === 'pg_hba.conf') return checkPgHba(file.path, file.text, c, await servedBy(file.path, 'hba_file', c));
        return [];
      }
      default:
        // A certificate or key with an unusual name inside a CockroachDB certs directory.
        if (choice.source === 'auto' && /\.(crt|key)$/.test(lower)) return (await import('./cockroach.js')).checkCrdbFile(file.path, file.text, await ctx());
        return [];
    }
  }
}

function forcedDmKind(lowerName: string, text: string): DmFileKind | undefined {
  if (lowerName.endsWith('.toml')) {
    if (/^\s*worker-addr\s*=/m.test(text)) return 'dm-worker';
    if (/^\s*master-addr\s*=/m.test(text) && /^\s*(peer-urls|initial-cluster|name)\s*=/m.test(text)) return 'dm-master';
    return /^\s*join\s*=/m.test(text) ? 'dm-worker' : 'dmctl';
  }
  if (/\.ya?ml$/.test(lowerName)) return /^target-database\s*:/m.test(text) ? 'task' : 'source';
  return undefined;
}

export const setupLinter = new SetupLinter();
