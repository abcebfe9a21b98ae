/**
 * The files of the workspace that describe a deployment: those holding a start
 * command (`cockroach`, `dmctl`) or a connection string, and the postgresql.conf
 * files (servers). One bounded walk (depth ≤ 5, at most 5000 entries), reused
 * until a candidate file or folder is reported changed (or for 30 s).
 */
import * as nodePath from 'node:path';
import type { DmCheckContext } from './dmCheck';
import { pgKind } from './profile';
import { isDockerfileName, isWalkedFolderName } from './fileNames';

export interface DeploymentFiles {
  /** Files mentioning cockroach, dmctl or a PostgreSQL connection string. */
  readonly deploy: readonly string[];
  /** postgresql.conf files. */
  readonly pgConfs: readonly string[];
  /** Files that may start a PostgreSQL server with settings on its command line (mentionsPgServerCommand). */
  readonly pgCommands: readonly string[];
  /** Files that may run PostgreSQL init scripts: they name /docker-entrypoint-initdb.d (compose files, Dockerfiles). */
  readonly pgInit: readonly string[];
}

const deploymentFileRe = /\.(service|sh|bash|ya?ml|env|conf|properties|ini|toml)$|^(docker-compose|compose)|^\.env/i;

/** Whether a file name is one the deployment is read from (configs, scripts, manifests, container build files). */
export function isDeploymentFileName(name: string): boolean {
  return deploymentFileRe.test(name) || isDockerfileName(name);
}

/** What mentionsDeployment looks for, in one pass (six `includes` read a large text six times, each slower). */
const deploymentMarkers = /cockroach|dmctl|sslmode|postgres(?:ql)?:\/\/|sslrootcert/;

/** Whether a text may hold a start command or a connection string (cheap pre-filter). */
export function mentionsDeployment(text: string): boolean {
  return deploymentMarkers.test(text);
}

/**
 * Whether a text may start a PostgreSQL server with TLS settings on its command line
 * (`postgres -c ssl=on`), or naming the files that hold them (`-c config_file=`, `-c hba_file=`).
 */
export function mentionsPgServerCommand(text: string): boolean {
  return /ssl|hba_file|config_file/.test(text) && /postgres|postmaster|pg_ctl/i.test(text);
}

/** Whether a YAML text may be a Patroni configuration or a CloudNativePG Cluster (pgYaml.ts), without parsing it. */
export function mentionsPgYaml(text: string): boolean {
  return (/^postgresql[ \t]*:/m.test(text) && /^(scope|bootstrap|restapi)[ \t]*:/m.test(text)) || (/^kind:[ \t]*Cluster\b/m.test(text) && text.includes('postgresql.cnpg.io'));
}

export async function deploymentFiles(ctx: Pick<DmCheckContext, 'store' | 'workspaceRoots'>): Promise<DeploymentFiles> {
  return ctx.store.index(`deployment-files\u0000${ctx.workspaceRoots.join('\u0000')}`, 30_000, async () => {
    const deploy: string[] = [];
    const pgConfs: string[] = [];
    const pgCommands: string[] = [];
    const pgInit: string[] = [];
    let budget = 5000;
    const stack = ctx.workspaceRoots.map((d) => ({ d, depth: 0 }));
    while (stack.length && budget > 0) {
      const { d, depth } = stack.pop()!;
      const names = await ctx.store.listDirectory(d);
      if (!names) continue;
      for (const n of names) {
        if (--budget <= 0) break;
        const p = nodePath.join(d, n);
        if (isDeploymentFileName(n)) {
          const t = await ctx.store.readText(p);
          if (t === undefined) continue;
          const kind = pgKind(n, t);
          if (kind === 'postgresql.conf') pgConfs.push(p);
          else if (mentionsDeployment(t)) deploy.push(p);
          if (!kind && mentionsPgServerCommand(t)) pgCommands.push(p);
          if (!kind && t.includes('docker-entrypoint-initdb.d')) pgInit.push(p);
        } else if (depth < 5 && isWalkedFolderName(n)) stack.push({ d: p, depth: depth + 1 });
      }
    }
    return { deploy: deploy.sort(), pgConfs: pgConfs.sort(), pgCommands: pgCommands.sort(), pgInit: pgInit.sort() };
  });
}

/**
 * What one file of the workspace contributes to the deployment (its nodes, clients,
 * peers), derived once and reused until the file or a certificate it names changes:
 * a re-check after one change recomputes only the edges of what changed.
 */
export function deriveFromFile<T>(ctx: Pick<DmCheckContext, 'store' | 'settings' | 'workspaceRoots' | 'depend'>, what: string, file: string, compute: (ctx: { depend: (path: string) => void }) => Promise<T>): Promise<T> {
  const key = `${what}\u0000${file}\u0000${ctx.workspaceRoots.join('\u0000')}\u0000${JSON.stringify(ctx.settings.pathMappings ?? {})}`;
  return ctx.store.derive(key, 30_000, (p) => ctx.depend(p), async (dep) => {
    dep(file);
    return compute({ depend: dep });
  });
}
