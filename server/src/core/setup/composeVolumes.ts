/**
 * docker-compose `volumes:` as path mappings: a service that mounts `./certs` at
 * `/cockroach/certs` reads `--certs-dir=/cockroach/certs` from the workspace
 * folder `./certs` (relative to the compose file), without a directive. Short
 * syntax (`host:container[:mode]`) and long syntax (`type: bind, source, target`);
 * named volumes map to nothing. Read once per text (yamlDocuments).
 */
import * as nodePath from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import type { PathMapping } from './deployedPaths';
import { tr } from '../l10n';
import { yamlDocuments } from './yamlDocuments';
import { yamlEnvironment } from './envVars';

interface ServiceMounts {
  readonly start: number;
  readonly end: number;
  readonly mappings: readonly PathMapping[];
  /** `build:`: the context folder and the Dockerfile (absolute), when the service builds its image. */
  readonly build?: { readonly context: string; readonly dockerfile: string };
  /** `environment:` (a map, or a list of NAME=value), at most 200. */
  readonly environment: ReadonlyMap<string, string>;
}

const cache = new Map<string, ServiceMounts[]>();

function isCompose(path: string, text: string): boolean {
  return /\.ya?ml$/i.test(path) && /^services\s*:/m.test(text) && /^\s+(volumes|build)\s*:/m.test(text);
}

function servicesOf(path: string, text: string): ServiceMounts[] {
  // The mappings are folders of the workspace, relative to the compose file: the same text elsewhere maps elsewhere.
  const key = `${path}\u0000${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: ServiceMounts[] = [];
  const dir = nodePath.dirname(path);
  const doc = yamlDocuments(text)[0];
  const services = isMap(doc?.contents) ? doc.contents.get('services', true) : undefined;
  if (isMap(services)) {
    for (const item of services.items.slice(0, 500)) {
      const svc = item.value;
      if (!isMap(svc) || !svc.range) continue;
      const name = isScalar(item.key) ? String(item.key.value) : '';
      const vols = svc.get('volumes', true);
      const mappings: PathMapping[] = [];
      if (isSeq(vols)) {
        for (const v of vols.items.slice(0, 200)) {
          let source: string | undefined;
          let target: string | undefined;
          if (isScalar(v) && typeof v.value === 'string') {
            const parts = v.value.split(':');
            if (parts.length >= 2) [source, target] = parts as [string, string];
          } else if (isMap(v)) {
            const type = v.get('type');
            const s = v.get('source');
            const t = v.get('target');
            if ((type === undefined || type === 'bind') && typeof s === 'string' && typeof t === 'string') [source, target] = [s, t];
          }
          // A bind mount names a path (./x, ../x, /x, ~/x); a bare word is a named volume.
          if (!source || !target || !/^(\.{1,2}(\/|$)|\/)/.test(source) || !target.startsWith('/')) continue;
          mappings.push({ deployed: target, local: nodePath.resolve(dir, source), source: tr`the volume ${source}:${target} of the service ${name} (${nodePath.basename(path)})` });
        }
      }
      const environment = new Map<string, string>();
      for (const e of yamlEnvironment(svc.get('environment', true), { start: svc.range[0], end: svc.range[1] }).slice(0, 200)) environment.set(e.name, e.value);
      const build = svc.get('build', true);
      const context: unknown = isMap(build) ? build.get('context') : isScalar(build) ? build.value : undefined;
      const dockerfile: unknown = isMap(build) ? build.get('dockerfile') : undefined;
      const built = typeof context === 'string' && !/^[a-z]+:\/\//i.test(context) ? nodePath.resolve(dir, context) : undefined;
      out.push({ start: svc.range[0], end: svc.range[1], mappings, environment, ...(built ? { build: { context: built, dockerfile: nodePath.resolve(built, typeof dockerfile === 'string' ? dockerfile : 'Dockerfile') } } : {}) });
    }
  }
  if (cache.size > 200) cache.clear();
  cache.set(key, out);
  return out;
}

/** Where each service of a compose file is defined (offsets of its map). */
export function composeServices(path: string, text: string): { start: number; end: number }[] {
  return isCompose(path, text) ? servicesOf(path, text).map((s) => ({ start: s.start, end: s.end })) : [];
}

/** The volume mappings of the compose service whose definition holds `offset` (none outside compose files). */
export function composeMappingsAt(path: string, text: string, offset: number): PathMapping[] {
  if (!isCompose(path, text)) return [];
  const svc = servicesOf(path, text).find((s) => s.start <= offset && offset < s.end);
  return svc ? [...svc.mappings] : [];
}

/** The `environment:` of the compose service whose definition holds `offset` (empty outside compose files). */
export function composeEnvironmentAt(path: string, text: string, offset: number): ReadonlyMap<string, string> {
  if (!isCompose(path, text)) return new Map();
  return servicesOf(path, text).find((s) => s.start <= offset && offset < s.end)?.environment ?? new Map();
}

/** The build context and Dockerfile of the compose service whose definition holds `offset`, if it builds its image. */
export function composeBuildAt(path: string, text: string, offset: number): { context: string; dockerfile: string } | undefined {
  if (!isCompose(path, text)) return undefined;
  return servicesOf(path, text).find((s) => s.start <= offset && offset < s.end)?.build;
}
