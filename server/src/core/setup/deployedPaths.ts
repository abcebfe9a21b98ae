/**
 * Paths as deployed: a config written for its host names files there
 * (`/home/tidb/deploy/dm-master-8261/tls/ca.pem`, `--certs-dir=/cockroach/certs`).
 * Mappings from a deployed prefix to a workspace folder come from the
 * `certwright.pathMappings` setting and from `# certwright: path-map <deployed>=<local>`
 * comments in the file; a relative path resolves against the base the consuming
 * program uses (a `# certwright: workdir=<dir>` comment says what that is on the host).
 * Every resolution says which base or mapping it used, for the messages.
 */
import * as nodePath from 'node:path';
import type { LintSettings } from '../types';
import { composeMappingsAt } from './composeVolumes';
import { containerWorkdirAt } from './containerSpecs';
import { imageAt, type BuiltImage } from './imageCopies';
import { baseName, isDockerfileName } from './fileNames';
import type { Environment } from '../environment';
import { tr } from '../l10n';

/** The directory a program resolves relative paths in its config against. */
export type RelativeBase =
  /** DM and CockroachDB: the process's working directory, which Certwright cannot see (the config's folder stands in for it). */
  | 'workdir'
  /** PostgreSQL: the data directory (the folder of postgresql.conf in a standard layout). */
  | 'datadir';

export interface Resolved {
  /** Absolute path in the workspace. */
  readonly path: string;
  /** How it was found, for messages: "mapped /home/tidb/deploy → …", "relative to the config's folder", ... */
  readonly how: string;
  /** An absolute path that no mapping applied to: a file on the host the config is written for. */
  readonly hostOnly?: boolean;
  /** Copied into an image (Dockerfile COPY): its mode and owner there are the build's, not the workspace file's. */
  readonly inImage?: boolean;
}

export interface PathMapping {
  readonly deployed: string;
  readonly local: string;
  readonly source: string;
  /** A Dockerfile COPY: see Resolved.inImage. */
  readonly inImage?: boolean;
}

const directiveRe = /^[ \t]*(?:#|;|\/\/)[ \t]*certwright:[ \t]*(path-map|workdir)[ \t]*=?[ \t]*(\S+?)(?:=(\S+))?[ \t]*$/gm;

/** `path-map` and `workdir` directives of a file (first 8 KB only: they go at the top). */
const directiveCache = new Map<string, { mappings: PathMapping[]; workdir?: string }>();

export function pathDirectives(text: string): { mappings: PathMapping[]; workdir?: string } {
  const head = text.length > 8192 ? text.slice(0, 8192) : text;
  const hit = directiveCache.get(head);
  if (hit) return hit;
  const found = scanDirectives(head);
  if (directiveCache.size > 500) directiveCache.clear();
  directiveCache.set(head, found);
  return found;
}

function scanDirectives(head: string): { mappings: PathMapping[]; workdir?: string } {
  const mappings: PathMapping[] = [];
  let workdir: string | undefined;
  directiveRe.lastIndex = 0;
  for (let m = directiveRe.exec(head); m; m = directiveRe.exec(head)) {
    if (m[1] === 'workdir') workdir = m[2];
    else if (m[3] !== undefined) mappings.push({ deployed: m[2]!, local: m[3], source: `# certwright: path-map ${m[2]}=${m[3]}` });
  }
  return { mappings, workdir };
}

/** `certwright.pathMappings` ({ "/home/tidb/deploy": "deploy" }): local folders relative to the first workspace folder. */
export function settingMappings(setting: Readonly<Record<string, string>> | undefined, roots: readonly string[]): PathMapping[] {
  if (!setting) return [];
  const root = roots[0];
  return Object.entries(setting)
    .filter(([k, v]) => typeof k === 'string' && typeof v === 'string' && k.startsWith('/'))
    .map(([deployed, local]) => ({ deployed, local: root && !nodePath.isAbsolute(local) ? nodePath.join(root, local) : local, source: 'certwright.pathMappings' }));
}

function underPrefix(p: string, prefix: string): string | undefined {
  const pre = prefix.replace(/\/+$/, '');
  if (p === pre) return '';
  return p.startsWith(`${pre}/`) ? p.slice(pre.length + 1) : undefined;
}

/**
 * Resolves `value` as `configPath`'s program would on its host, then maps it into
 * the workspace. The longest matching mapping wins; file directives before the setting.
 */
export function resolveDeployed(configPath: string, value: string, base: RelativeBase, text: string, setting: PathMapping[], cwd?: Workdir): Resolved {
  const configDir = nodePath.dirname(configPath);
  const { mappings: local, workdir } = pathDirectives(text);
  const mappings = [...local.map((m) => ({ ...m, local: nodePath.isAbsolute(m.local) ? m.local : nodePath.resolve(configDir, m.local) })), ...setting];
  let deployedPath: string | undefined;
  let how: string;
  if (nodePath.isAbsolute(value)) {
    deployedPath = nodePath.normalize(value);
    how = tr`absolute path`;
  } else if (workdir) {
    deployedPath = nodePath.resolve(workdir, value);
    how = tr`relative to the working directory ${workdir} (# certwright: workdir)`;
  } else if (cwd) {
    deployedPath = nodePath.resolve(cwd.dir, value);
    how = cwd.how;
  } else {
    const path = nodePath.resolve(configDir, value);
    const what = base === 'datadir' ? tr`the data directory (taken to be this file's folder)` : tr`the process's working directory, taken to be this file's folder (set it with # certwright: workdir=<dir>)`;
    return applyMapping(path, tr`relative to ${what}`, mappings);
  }
  // A path on the host: absolute, or relative to the program's working directory there.
  return applyMapping(deployedPath, how, mappings, { hostOnly: true });
}

/** A program's working directory on its host, and how it is known (for messages). */
export interface Workdir {
  readonly dir: string;
  readonly how: string;
}

/**
 * The working directory of a systemd unit's ExecStart (`WorkingDirectory=`, a leading
 * `-` only says a missing one is not an error): relative paths in its commands resolve
 * there, not in the unit file's folder. `~` (the user's home) is not known here.
 */
function unitWorkdir(text: string): Workdir | undefined {
  if (!/^[ \t]*\[Service\]/m.test(text)) return undefined;
  const dir = /^[ \t]*WorkingDirectory[ \t]*=[ \t]*-?(\/\S*)[ \t]*$/m.exec(text)?.[1];
  return dir ? { dir, how: tr`relative to the unit's WorkingDirectory=${dir}` } : undefined;
}

/**
 * The working directory of the command written at `offset` of `file`: a systemd unit's
 * WorkingDirectory=, the container's working_dir / workingDir, else the WORKDIR of its
 * image (`image`: the one its Dockerfile builds; or a known image); undefined when
 * nothing says.
 */
export function commandWorkdir(file: string, text: string, offset: number, image?: BuiltImage): Workdir | undefined {
  if (isDockerfileName(baseName(file))) return image?.workdir;
  return unitWorkdir(text) ?? containerWorkdirAt(file, text, offset, image?.workdir) ?? workflowWorkdir(file, text, offset);
}

/**
 * The working directory of a GitHub Actions step (a workflow or a composite action under
 * .github/): the repository's checkout, the folder holding .github, or the step's
 * `working-directory:` below it. undefined where a `defaults:` may set another one for
 * the step (not followed).
 */
function workflowWorkdir(file: string, text: string, offset: number): Workdir | undefined {
  const at = file.lastIndexOf('/.github/');
  if (at < 0 || !/\.ya?ml$/i.test(file)) return undefined;
  const root = file.slice(0, at) || '/';
  // The step holding the offset: from the nearest `- ` item line above it, to the next line indented as little.
  const base = Math.max(0, offset - 20_000);
  const items = [...text.slice(base, offset).matchAll(/^([ \t]*)-[ \t]+\S/gm)];
  const item = items[items.length - 1];
  let own: string | undefined;
  if (item) {
    const indent = item[1]!.length;
    const from = base + item.index!;
    const rest = text.slice(from + 1, from + 20_000);
    const end = new RegExp(`^[ \\t]{0,${indent}}\\S`, 'm').exec(rest.slice(rest.indexOf('\n') + 1));
    const block = text.slice(from, end ? from + 1 + rest.indexOf('\n') + 1 + end.index : from + 20_000);
    own = /^[ \t-]*working-directory[ \t]*:[ \t]*["']?([^"'#\s]+)/m.exec(block)?.[1];
  }
  if (own && own.includes('$')) return undefined;
  if (!own && /^[ \t]*working-directory[ \t]*:/m.test(text) && /^[ \t]*defaults[ \t]*:/m.test(text)) return undefined;
  const dir = own ? nodePath.resolve(root, own) : root;
  return { dir, how: own ? tr`relative to the step's working-directory ${own} in the repository` : tr`relative to the repository's checkout, where the workflow's steps run` };
}

/**
 * How to report a file that a setting names and that is not here. A host path outside
 * the workspace says nothing about the config, so it is information (with how to map
 * it). A path that should be in the workspace is a warning.
 */
export function missingFileSeverity(r: Resolved, roots: readonly string[]): 'warning' | 'information' {
  return r.hostOnly && !roots.some((root) => underPrefix(r.path, root) !== undefined) ? 'information' : 'warning';
}

/** `path` through the longest matching mapping; `unmapped` is added when none applies. */
function applyMapping(path: string, how: string, mappings: readonly PathMapping[], unmapped: Pick<Resolved, 'hostOnly'> = {}): Resolved {
  let best: PathMapping | undefined;
  let rest = '';
  for (const m of mappings) {
    const r = underPrefix(path, m.deployed);
    if (r !== undefined && (!best || m.deployed.length > best.deployed.length)) {
      best = m;
      rest = r;
    }
  }
  if (!best) return { path, how, ...unmapped };
  const mapped = rest ? nodePath.join(best.local, rest) : best.local;
  return { path: mapped, how: tr`${how}, mapped ${best.deployed} → ${best.local} by ${best.source}`, ...(best.inImage ? { inImage: true } : {}) };
}

/**
 * Where a path written in a start command or connection string (at `offset` of
 * `file`) is in the workspace: directives, the command's working directory, the
 * compose service's volumes, the files its image copies in (given `env` to read the
 * Dockerfile with), the setting.
 */
export function resolveCommandPath(
  file: string,
  text: string,
  value: string,
  offset: number,
  ctx: { readonly settings: LintSettings; readonly workspaceRoots: readonly string[]; readonly env?: Environment; depend?(path: string): void },
): Resolved {
  const image = ctx.env ? imageAt(file, text, offset, { env: ctx.env, depend: (p) => ctx.depend?.(p) }) : undefined;
  const mappings = [...composeMappingsAt(file, text, offset), ...(image?.copies ?? []), ...settingMappings(ctx.settings.pathMappings, ctx.workspaceRoots)];
  return resolveDeployed(file, value, 'workdir', text, mappings, commandWorkdir(file, text, offset, image));
}
