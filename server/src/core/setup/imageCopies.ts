/**
 * The image a command runs in, as its Dockerfile builds it: the files its `COPY`/`ADD`
 * lines bring in, as path mappings (an image that copies `certs/server.crt` to
 * `/var/lib/postgresql/server.crt` runs a command whose
 * `-c ssl_cert_file=/var/lib/postgresql/server.crt` is that workspace file; init scripts
 * copied to `/docker-entrypoint-initdb.d` are read the same way), and its `WORKDIR`,
 * where relative paths of the command resolve. Sources are relative to the build context
 * (a compose service's `build:`, else the Dockerfile's folder); only sources that are in
 * the workspace map, so a context Certwright guessed wrong adds nothing. The files are
 * marked `inImage`: their mode and owner in the image come from the build (`RUN chmod`,
 * `--chmod`), not from the workspace.
 *
 * Multi-stage builds: the image is the stage a command is written in (a Dockerfile's own
 * `CMD`), else the final stage; a stage `FROM` an earlier one starts with its files and
 * WORKDIR, and `COPY --from=<stage>` brings that stage's copied files. A base image's own
 * WORKDIR is known for CockroachDB's official image only (`/cockroach`). URLs, globs and
 * `$VARIABLES` are left out.
 */
import * as nodePath from 'node:path';
import type { Environment } from '../environment';
import type { PathMapping, Workdir } from './deployedPaths';
import { composeBuildAt } from './composeVolumes';
import { dockerEnvArgs } from './envVars';
import { cockroachImageRe } from './containerSpecs';
import { baseName, dockerFrom, isDockerfileName } from './fileNames';
import { tr } from '../l10n';

export interface BuiltImage {
  /** The image's WORKDIR, when the Dockerfile sets it or its base image is known (for a RUN line: the one it runs in). */
  readonly workdir?: Workdir;
  /** The image the stage starts FROM (through earlier stages), '' when unknown. */
  readonly base?: string;
  /** Its ENV variables (of the Dockerfile's stages only; a base image's own are not known). */
  readonly env?: ReadonlyMap<string, string>;
  /** The files its COPY/ADD lines bring in (all of them, present in the workspace or not). */
  readonly copies: readonly PathMapping[];
}

interface Stage {
  readonly start: number;
  readonly name?: string;
  /** The base image (FROM's first word). */
  readonly base: string;
  workdir?: Workdir;
  copies: PathMapping[];
  env: Map<string, string>;
  /** Its RUN instructions (continuation lines included), with the WORKDIR and the copies made before each. */
  runs: Array<{ readonly start: number; readonly end: number; readonly workdir?: Workdir; readonly copied: number }>;
}

const instructionRe = /^[ \t]*(FROM|COPY|ADD|WORKDIR|RUN|ENV)[ \t]+(.*)$/gim;
const maxCopies = 500;
const maxStages = 50;

function underPrefix(p: string, prefix: string): string | undefined {
  const pre = prefix.replace(/\/+$/, '') || '/';
  if (p === pre) return '';
  if (pre === '/') return p.slice(1);
  return p.startsWith(`${pre}/`) ? p.slice(pre.length + 1) : undefined;
}

const cache = new Map<string, readonly Stage[]>();

/** The image the stage of `text` holding `at` builds (the final stage by default), sources resolved against `context`. */
export function dockerImage(dockerfile: string, text: string, context: string, at = text.length): BuiltImage {
  const key = `${dockerfile}\u0000${context}\u0000${text}`;
  let stages = cache.get(key);
  if (!stages) {
    stages = readStages(dockerfile, text, context);
    if (cache.size >= 64) cache.clear();
    cache.set(key, stages);
  }
  let stage = stages[0]!;
  for (const s of stages) if (s.start <= at) stage = s;
  // A RUN line runs while the image is built: in the WORKDIR set above it, with the files copied before it
  // (CMD and ENTRYPOINT run in the finished image, in its last WORKDIR).
  const run = stage.runs.find((r) => r.start <= at && at < r.end);
  if (run) return { ...(run.workdir ? { workdir: run.workdir } : {}), copies: stage.copies.slice(0, run.copied), base: stage.base, env: stage.env };
  return { ...(stage.workdir ? { workdir: stage.workdir } : {}), copies: stage.copies, base: stage.base, env: stage.env };
}

/** Every stage of a Dockerfile (a first one without FROM holds what comes before any). */
function readStages(dockerfile: string, text: string, context: string): Stage[] {
  let stage: Stage = { start: 0, base: '', copies: [], env: new Map(), runs: [] };
  const stages: Stage[] = [stage];
  const file = nodePath.basename(dockerfile);
  instructionRe.lastIndex = 0;
  for (let m = instructionRe.exec(text); m; m = instructionRe.exec(text)) {
    const op = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (op === 'FROM') {
      if (stages.length > maxStages) break;
      const { image: base, name } = dockerFrom(args);
      const parent = stages.find((s) => s.name !== undefined && s.name === base.toLowerCase());
      const workdir = parent ? parent.workdir : cockroachImageRe.test(base) ? { dir: '/cockroach', how: tr`relative to /cockroach, the working directory of the image ${base}` } : undefined;
      stage = { start: m.index, base: parent ? parent.base : base, ...(name ? { name } : {}), ...(workdir ? { workdir } : {}), copies: parent ? [...parent.copies] : [], env: new Map(parent?.env), runs: [] };
      stages.push(stage);
      continue;
    }
    if (op === 'ENV') {
      for (const e of dockerEnvArgs(text, m.index + m[0].length - m[2]!.length, { start: m.index, end: m.index + m[0].length })) if (stage.env.size < 200) stage.env.set(e.name, e.value);
      continue;
    }
    if (op === 'RUN') {
      let end = m.index + m[0].length;
      // Continuation lines: a line ending in a backslash goes on (bounded by the text).
      while (/\\[ \t]*\r?$/.test(text.slice(text.lastIndexOf('\n', end - 1) + 1, end)) && end < text.length) {
        const next = text.indexOf('\n', end + 1);
        end = next === -1 ? text.length : next;
      }
      instructionRe.lastIndex = end;
      stage.runs.push({ start: m.index, end, ...(stage.workdir ? { workdir: stage.workdir } : {}), copied: stage.copies.length });
      continue;
    }
    if (op === 'WORKDIR') {
      const dir = args.replace(/^["']|["']$/g, '');
      const abs = dir.includes('$') ? undefined : nodePath.posix.resolve(stage.workdir?.dir ?? '/', dir);
      if (abs) stage.workdir = { dir: abs, how: tr`relative to WORKDIR ${abs} of ${file}` };
      else delete stage.workdir;
      continue;
    }
    if (stage.copies.length >= maxCopies) continue;
    const words = args.startsWith('[') ? [...args.matchAll(/"([^"]*)"/g)].map((x) => x[1]!) : args.split(/[ \t]+/);
    const fromFlag = words.find((w) => w.startsWith('--from='));
    const from = fromFlag ? stages.find((s) => s !== stage && s.name !== undefined && s.name === fromFlag.slice('--from='.length).toLowerCase()) : undefined;
    if (fromFlag && !from) continue; // another image, or a stage not known
    const paths = words.filter((w) => !w.startsWith('--') && w !== '\\');
    if (paths.length < 2) continue;
    const sources = paths.slice(0, -1).filter((x) => !/^[a-z]+:\/\//i.test(x) && !/[*?[$]/.test(x));
    const rawDest = paths[paths.length - 1]!;
    if (rawDest.includes('$')) continue;
    const dest = nodePath.posix.resolve(stage.workdir?.dir ?? '/', rawDest);
    // Several sources, a destination ending in '/', or one that is a folder already (`.`, `..`, the WORKDIR, `/`):
    // the files go into that folder (`COPY postgresql.conf .` writes <WORKDIR>/postgresql.conf).
    const intoDir = paths.length > 2 || rawDest.endsWith('/') || /(^|\/)\.\.?$/.test(rawDest) || dest === (stage.workdir?.dir ?? '/');
    const line = `${m[1]} ${args}`;
    for (const src of sources.slice(0, maxCopies - stage.copies.length)) {
      const local = from ? stageLocal(from, src) : nodePath.resolve(context, src);
      if (!local) continue;
      const deployed = intoDir && !src.endsWith('/') && src !== '.' ? nodePath.posix.join(dest, nodePath.posix.basename(src)) : dest;
      stage.copies.push({ deployed, local, source: tr`${line} in ${file}`, inImage: true });
    }
  }
  return stages;
}

/** The workspace file behind a path of an earlier stage, through that stage's own copies. */
function stageLocal(from: Stage, src: string): string | undefined {
  const p = nodePath.posix.resolve(from.workdir?.dir ?? '/', src);
  let best: PathMapping | undefined;
  let rest = '';
  for (const c of from.copies) {
    const r = underPrefix(p, c.deployed);
    if (r !== undefined && (!best || c.deployed.length > best.deployed.length)) [best, rest] = [c, r];
  }
  return best ? (rest ? nodePath.join(best.local, rest) : best.local) : undefined;
}

const maxDockerfileBytes = 1 << 20;

/**
 * The image of a command written at `offset` of `path`: the Dockerfile's own stage (when
 * `path` is one), or the image a compose service builds (read here, bounded). Only
 * copies whose sources are in the workspace.
 */
export function imageAt(path: string, text: string, offset: number, ctx: { readonly env: Environment; depend?(path: string): void }): BuiltImage | undefined {
  let image: BuiltImage;
  if (isDockerfileName(baseName(path))) image = dockerImage(path, text, nodePath.dirname(path), offset);
  else {
    const build = composeBuildAt(path, text, offset);
    if (!build) return undefined;
    ctx.depend?.(build.dockerfile);
    const read = ctx.env.fs.readBoundedSync(build.dockerfile, maxDockerfileBytes);
    if (!read.ok) return undefined;
    image = dockerImage(build.dockerfile, new TextDecoder().decode(read.bytes), build.context);
  }
  return { ...image, copies: image.copies.filter((m) => ctx.env.fs.statSync(m.local) !== undefined) };
}
