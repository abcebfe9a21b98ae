/**
 * How Certwright names a certificate, everywhere: the Certificates tree, hover,
 * doctor explanations and setup diagnostics. A name is what a person knows the
 * certificate by (its CN, else its first subjectAltName, else its subject); where
 * several certificates share a name (three DM certificates with CN `dm`), the
 * file tells them apart.
 */
import { runSteps } from './steps';

export interface NameParts {
  readonly commonName?: string;
  /** The subject as text (any DN form). */
  readonly subject: string;
  /** First subjectAltName, with or without its `DNS:` style prefix. */
  readonly firstSan?: string;
  readonly serial?: string;
}

export function certificateName(c: NameParts): string {
  if (c.commonName) return c.commonName;
  const san = c.firstSan?.replace(/^[A-Za-z ]+:/, '');
  if (san) return san;
  if (c.subject) return c.subject;
  return c.serial ? `serial ${c.serial}` : '(empty subject)';
}

/** The name with the file it is in: `"dm" (certs/dm-master.pem)`, for sentences. */
export function certificateNameInFile(c: NameParts, file: string): string {
  return `"${certificateName(c)}" (${file})`;
}

function segments(path: string): string[] {
  return path.split(/[\\/]/).filter(Boolean);
}

/**
 * Labels that tell certificates apart: the name alone where it is unique, else
 * `name · <file>` with the fewest trailing path segments that make the group
 * distinct (`dm · dm-master.pem`, then `dm · master/dm.pem`), and the
 * fingerprint's start where even the path does not (two blocks of one bundle).
 * Linear in the items plus the path segments of the colliding ones.
 */
export function distinctLabels<K>(items: readonly { readonly key: K; readonly name: string; readonly path: string; readonly sha256: string }[]): Map<K, string> {
  return runSteps(distinctLabelsInSteps(items));
}

/** Items between two yields of distinctLabelsInSteps. */
const labelsPerStep = 256;

/** distinctLabels yielding every few hundred items (the tree of 50,000 certificates labels them in time slices). */
export function* distinctLabelsInSteps<K>(items: readonly { readonly key: K; readonly name: string; readonly path: string; readonly sha256: string }[]): Generator<void, Map<K, string>, void> {
  const groups = new Map<string, (typeof items)[number][]>();
  let done = 0;
  for (const it of items) {
    const g = groups.get(it.name);
    if (g) g.push(it);
    else groups.set(it.name, [it]);
    if (++done % labelsPerStep === 0) yield;
  }
  const out = new Map<K, string>();
  for (const [name, group] of groups) {
    done += group.length;
    if (done >= labelsPerStep) {
      done = 0;
      yield;
    }
    if (group.length === 1) {
      out.set(group[0]!.key, name);
      continue;
    }
    const segs = group.map((g) => segments(g.path));
    // A loop, not Math.max(...): a spread of 100,000 arguments (one name shared that often) overflows the stack.
    let deepest = 0;
    for (const s of segs) deepest = Math.max(deepest, s.length);
    let depth = 1;
    const suffix = (s: string[], d: number): string => s.slice(-d).join('/');
    for (; depth < deepest; depth++) {
      const seen = new Set(segs.map((s) => suffix(s, depth)));
      if (seen.size === new Set(group.map((g) => g.path)).size) break;
    }
    const counts = new Map<string, number>();
    for (const s of segs) counts.set(suffix(s, depth), (counts.get(suffix(s, depth)) ?? 0) + 1);
    group.forEach((g, i) => {
      const where = suffix(segs[i]!, depth);
      out.set(g.key, `${name} · ${where}${(counts.get(where) ?? 0) > 1 ? ` · ${g.sha256.replace(/:/g, '').slice(0, 8).toUpperCase()}…` : ''}`);
    });
  }
  return out;
}
