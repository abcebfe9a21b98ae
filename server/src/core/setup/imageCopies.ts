/**
 * Dockerfile `COPY`/`ADD` lines as path mappings: an image that copies
 * `certs/server.crt` to `/var/lib/postgresql/server.crt` runs a command whose
 * `-c ssl_cert_file=/var/lib/postgresql/server.crt` is that workspace file. Sources
 * are relative to the build context (a compose service's `build:`, else the
 * Dockerfile's folder); only sources that are in the workspace map, so a context
 * Certwright guessed wrong adds nothing. The files are marked `inImage`: their mode
 * and owner in the image come from the build (`RUN chmod`, `--chmod`), not from the
 * workspace. Multi-stage `--from=` copies and URLs are left out.
 */
import * as nodePath from 'node:path';
import type { DmCheckContext } from './dmCheck';
import type { PathMapping } from './deployedPaths';
import { composeBuildAt } from './composeVolumes';
import { baseName, isDockerfileName } from './fileNames';
import { tr } from '../l10n';

const instructionRe = /^[ \t]*(COPY|ADD|WORKDIR)[ \t]+(.*)$/gim;

/** The COPY/ADD mappings of a Dockerfile text (before `until`), sources resolved against `context`. */
export function dockerfileCopies(dockerfile: string, text: string, context: string, until = text.length): PathMapping[] {
  const out: PathMapping[] = [];
  let workdir = '/';
  instructionRe.lastIndex = 0;
  for (let m = instructionRe.exec(text); m && m.index < until && out.length < 500; m = instructionRe.exec(text)) {
    const args = m[2]!.trim();
    if (m[1]!.toUpperCase() === 'WORKDIR') {
      workdir = nodePath.posix.resolve(workdir, args.replace(/^["']|["']$/g, ''));
      continue;
    }
    const words = args.startsWith('[') ? [...args.matchAll(/"([^"]*)"/g)].map((x) => x[1]!) : args.split(/[ \t]+/);
    if (words.some((w) => w.startsWith('--from'))) continue;
    const paths = words.filter((w) => !w.startsWith('--') && w !== '\\');
    if (paths.length < 2) continue;
    const sources = paths.slice(0, -1).filter((x) => !/^[a-z]+:\/\//i.test(x) && !/[*?[$]/.test(x));
    const rawDest = paths[paths.length - 1]!;
    const dest = nodePath.posix.resolve(workdir, rawDest);
    // Several sources, or a destination ending in '/': the files go into that folder.
    const intoDir = paths.length > 2 || rawDest.endsWith('/');
    const line = `${m[1]} ${args}`;
    for (const src of sources) {
      const local = nodePath.resolve(context, src);
      const deployed = intoDir && !src.endsWith('/') && src !== '.' ? nodePath.posix.join(dest, nodePath.basename(src)) : dest;
      out.push({ deployed, local, source: tr`${line} in ${nodePath.basename(dockerfile)}`, inImage: true });
    }
  }
  return out;
}

/**
 * The image copies that apply to a command written at `offset` of `path`: the
 * Dockerfile's own (when `path` is one), or those of the Dockerfile a compose
 * service builds. Only sources present in the workspace.
 */
export async function imageMappingsAt(path: string, text: string, offset: number, ctx: Pick<DmCheckContext, 'env' | 'store' | 'depend'>): Promise<PathMapping[]> {
  let found: PathMapping[] = [];
  if (isDockerfileName(baseName(path))) found = dockerfileCopies(path, text, nodePath.dirname(path), offset);
  else {
    const build = composeBuildAt(path, text, offset);
    if (!build) return [];
    ctx.depend(build.dockerfile);
    const df = await ctx.store.readText(build.dockerfile);
    if (df === undefined) return [];
    found = dockerfileCopies(build.dockerfile, df, build.context);
  }
  return found.filter((m) => ctx.env.fs.statSync(m.local) !== undefined);
}
