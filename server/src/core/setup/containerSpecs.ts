/**
 * The container a command of a compose file or Kubernetes manifest runs in: the map
 * that holds its `command:`/`args:`/`entrypoint:` (a compose service, a pod's
 * container), with its `image:` and its working directory (compose `working_dir:`,
 * Kubernetes `workingDir:`). A relative path in the command resolves there; without
 * one, in the image's WORKDIR, known here for CockroachDB's official image only
 * (`/cockroach/`, set so that relative paths passed as arguments resolve there).
 * Read once per text (yamlDocuments), at most 200,000 YAML nodes.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { tr } from '../l10n';
import { yamlDocuments } from './yamlDocuments';
import { cockroachImageRe } from './startCommands';

interface ContainerSpec {
  readonly start: number;
  readonly end: number;
  readonly image?: string;
  readonly workdir?: { readonly dir: string; readonly key: string };
}

const cache = new Map<string, ContainerSpec[]>();
const maxNodes = 200_000;
const commandKeys = new Set(['command', 'args', 'entrypoint']);
const workdirKeys = new Set(['working_dir', 'workingDir']);

function specsOf(text: string): ContainerSpec[] {
  const hit = cache.get(text);
  if (hit) return hit;
  const out: ContainerSpec[] = [];
  let budget = maxNodes;
  for (const doc of yamlDocuments(text)) {
    const stack: unknown[] = [doc.contents];
    while (stack.length && budget-- > 0) {
      const n = stack.pop();
      if (isSeq(n)) for (const item of n.items) stack.push(item);
      if (!isMap(n)) continue;
      let command = false;
      let image: string | undefined;
      let workdir: ContainerSpec['workdir'];
      for (const p of n.items) {
        stack.push(p.value);
        const key = isScalar(p.key) ? String(p.key.value) : '';
        const value = isScalar(p.value) && typeof p.value.value === 'string' ? p.value.value : undefined;
        if (commandKeys.has(key)) command = true;
        else if (key === 'image' && value) image = value;
        else if (workdirKeys.has(key) && value?.startsWith('/')) workdir = { dir: value, key };
      }
      if (command && n.range) out.push({ start: n.range[0], end: n.range[1], ...(image ? { image } : {}), ...(workdir ? { workdir } : {}) });
    }
  }
  if (cache.size > 200) cache.clear();
  cache.set(text, out);
  return out;
}

export { cockroachImageRe };

/**
 * The working directory of the command written at `offset` of a YAML file, and how it
 * is known (for messages): its working_dir / workingDir, else the WORKDIR of the image
 * the service builds (`built`), else that of a known image; undefined when none says.
 */
export function containerWorkdirAt(path: string, text: string, offset: number, built?: { dir: string; how: string }): { dir: string; how: string } | undefined {
  if (!/\.ya?ml$/i.test(path) || !/command|args|entrypoint/.test(text)) return undefined;
  let best: ContainerSpec | undefined;
  for (const s of specsOf(text)) if (s.start <= offset && offset < s.end && (!best || s.end - s.start < best.end - best.start)) best = s;
  if (!best) return undefined;
  if (best.workdir) return { dir: best.workdir.dir, how: tr`relative to the container's ${best.workdir.key}: ${best.workdir.dir}` };
  if (built) return built;
  if (best.image && cockroachImageRe.test(best.image)) return { dir: '/cockroach', how: tr`relative to /cockroach, the working directory of the image ${best.image}` };
  return undefined;
}
