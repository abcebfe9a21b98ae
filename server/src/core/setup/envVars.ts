/**
 * Environment variables a file sets for a container or a process, each with the offsets of
 * its value in the file (so a finding lands on the value) and the range of what it applies
 * to (a compose service, a pod's container, a Dockerfile, a shell command line). One reader
 * for every setup check: compose `environment:` (map, or list of NAME=value), Kubernetes
 * `env:` (name/value items), GitHub Actions `env:` maps, Dockerfile `ENV` (both forms, with
 * continuation lines), .env files, and NAME=value words of shell lines (`export`,
 * `docker run -e`, systemd `Environment=`), also inside YAML strings (a workflow's `run:`).
 * Comments are not settings. At most 500 variables a file.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import { baseName, isDockerfileName } from './fileNames';
import { logicalLineEnd } from './startCommands';
import { yamlDocuments } from './yamlDocuments';

export interface EnvVar {
  readonly name: string;
  readonly value: string;
  /** Offsets of the value in the file (inside its quotes). */
  readonly start: number;
  readonly end: number;
  /** What it is set for: the compose service or container map, the Dockerfile, the shell command line. */
  readonly scope: { readonly start: number; readonly end: number };
}

const maxVars = 500;
const maxNodes = 200_000;

/** A scalar's text and offsets: the source between its quotes (plain and quoted scalars), else its value. */
function scalarText(s: Scalar): { value: string; start: number; end: number } | undefined {
  if (!s.range || s.value === null || s.value === undefined || typeof s.value === 'object') return undefined;
  const quoted = s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE';
  const start = s.range[0] + (quoted ? 1 : 0);
  const end = s.range[1] - (quoted ? 1 : 0);
  return { value: String(s.value), start, end: Math.max(start, end) };
}

/** The variables of one `environment:` / `env:` value (a map, or a list of NAME=value or name/value maps). */
export function yamlEnvironment(node: unknown, scope: { start: number; end: number }): EnvVar[] {
  const out: EnvVar[] = [];
  if (isMap(node)) {
    for (const p of node.items.slice(0, maxVars)) {
      if (!isScalar(p.key) || !isScalar(p.value)) continue;
      const v = scalarText(p.value);
      if (v) out.push({ name: String(p.key.value), ...v, scope });
    }
  } else if (isSeq(node)) {
    for (const item of node.items.slice(0, maxVars)) {
      if (isScalar(item) && typeof item.value === 'string') {
        const v = scalarText(item);
        const eq = item.value.indexOf('=');
        if (v && eq > 0) out.push({ name: item.value.slice(0, eq), value: item.value.slice(eq + 1), start: v.start + eq + 1, end: v.end, scope });
      } else if (isMap(item)) {
        const name = item.get('name');
        const value = item.get('value', true);
        const v = isScalar(value) ? scalarText(value) : undefined;
        if (typeof name === 'string' && v) out.push({ name, ...v, scope });
      }
    }
  }
  return out;
}

function yamlVars(text: string): EnvVar[] {
  const out: EnvVar[] = [];
  let budget = maxNodes;
  for (const doc of yamlDocuments(text)) {
    const stack: unknown[] = [doc.contents];
    while (stack.length && budget-- > 0 && out.length < maxVars) {
      const n = stack.pop();
      if (isSeq(n)) for (const item of n.items) stack.push(item);
      else if (isScalar(n)) {
        // A shell line inside a string (`run: docker run -e NAME=value …`).
        if (n.range && typeof n.value === 'string' && /\w=/.test(n.value)) out.push(...shellVars(text, n.range[0], n.range[1]));
      } else if (isMap(n)) {
        for (const p of n.items as Pair<unknown, unknown>[]) {
          const key = isScalar(p.key) ? String(p.key.value) : '';
          if ((key === 'environment' || key === 'env') && n.range) out.push(...yamlEnvironment(p.value, { start: n.range[0], end: n.range[1] }));
          else stack.push(p.value as Node);
        }
      }
    }
  }
  return out;
}

/** A shell word's value from `at`: quoted (to its quote) or bare (to white space or a quote ending an outer string). */
function shellValue(text: string, at: number, limit: number, outerQuote: string): { value: string; start: number; end: number } {
  const q = text[at];
  if ((q === '"' || q === "'") && !outerQuote) {
    const close = text.indexOf(q, at + 1);
    const end = close === -1 || close > limit ? limit : close;
    return { value: text.slice(at + 1, end), start: at + 1, end };
  }
  let end = at;
  while (end < limit && !/[\s;&|]/.test(text[end]!) && text[end] !== (outerQuote || '\u0000')) end++;
  // An outer quote (systemd "NAME=a b", a quoted docker -e "NAME=a b") holds the whole value.
  if (outerQuote) {
    const close = text.indexOf(outerQuote, at);
    if (close !== -1 && close <= limit) end = close;
  }
  return { value: text.slice(at, end), start: at, end };
}

const assignRe = /(^|[\s"'=])([A-Za-z_][A-Za-z0-9_]*)=/gm;

/** NAME=value words of shell lines in text[from, to), comment lines left out. */
function shellVars(text: string, from: number, to: number): EnvVar[] {
  const out: EnvVar[] = [];
  assignRe.lastIndex = from;
  for (let m = assignRe.exec(text); m && m.index + m[0].length <= to && out.length < maxVars; m = assignRe.exec(text)) {
    const nameStart = m.index + m[1]!.length;
    // `# NAME=x` is a comment (options such as `-c hba_file=x` are read too: their names are not a variable's).
    const lineStart = Math.max(from, text.lastIndexOf('\n', nameStart - 1) + 1);
    if (/^\s*#/.test(text.slice(lineStart, nameStart))) continue;
    const lineEnd = logicalLineEnd(text, nameStart, to);
    const outer = m[1] === '"' || m[1] === "'" ? m[1] : '';
    const v = shellValue(text, m.index + m[0].length, lineEnd, outer);
    out.push({ name: m[2]!, ...v, scope: { start: lineStart, end: lineEnd } });
    assignRe.lastIndex = Math.max(v.end, assignRe.lastIndex);
  }
  return out;
}

const dotEnvLineRe = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*(.*)$/gm;

/** A .env file (docker compose's env_file, --env-file): NAME=value lines, the rest of the line is the value. */
function dotEnvVars(text: string): EnvVar[] {
  const out: EnvVar[] = [];
  const scope = { start: 0, end: text.length };
  dotEnvLineRe.lastIndex = 0;
  for (let m = dotEnvLineRe.exec(text); m && out.length < maxVars; m = dotEnvLineRe.exec(text)) {
    let start = m.index + m[0].length - m[2]!.length;
    let value = m[2]!.replace(/\r$/, '');
    const q = value[0];
    if ((q === '"' || q === "'") && value.indexOf(q, 1) > 0) {
      value = value.slice(1, value.indexOf(q, 1));
      start++;
    } else value = value.replace(/[ \t]+#.*$/, '').trimEnd();
    out.push({ name: m[1]!, value, start, end: start + value.length, scope });
  }
  return out;
}

/**
 * The variables of a Dockerfile `ENV` whose arguments start at `from`: `ENV NAME=value NAME2="v 2"`
 * (continuation lines included) or the old `ENV NAME value` (the rest of the line).
 */
export function dockerEnvArgs(text: string, from: number, scope: { start: number; end: number }): EnvVar[] {
  const end = logicalLineEnd(text, from, text.length);
  const args = text.slice(from, end);
  const old = /^([A-Za-z_]\w*)[ \t]+([^=\s][^\r\n]*)/.exec(args);
  if (old && !/^[A-Za-z_]\w*=/.test(args)) {
    const value = old[2]!.trimEnd();
    const start = from + old[0].length - old[2]!.length;
    return [{ name: old[1]!, value, start, end: start + value.length, scope }];
  }
  const out: EnvVar[] = [];
  for (const e of args.matchAll(/([A-Za-z_]\w*)=("[^"]*"|'[^']*'|[^\s\\]*)/g)) {
    if (out.length >= 200) break;
    const quoted = /^["']/.test(e[2]!);
    const value = quoted ? e[2]!.slice(1, -1) : e[2]!;
    const start = from + e.index! + e[1]!.length + 1 + (quoted ? 1 : 0);
    out.push({ name: e[1]!, value, start, end: start + value.length, scope });
  }
  return out;
}

const envInstructionRe = /^[ \t]*ENV[ \t]+/gim;

function dockerfileVars(text: string): EnvVar[] {
  const out: EnvVar[] = [];
  const scope = { start: 0, end: text.length };
  envInstructionRe.lastIndex = 0;
  for (let m = envInstructionRe.exec(text); m && out.length < maxVars; m = envInstructionRe.exec(text)) out.push(...dockerEnvArgs(text, m.index + m[0].length, scope));
  return out;
}

/** The last file read: a lint asks once per file, and an unchanged file is not read again. */
let last: { readonly path: string; readonly text: string; readonly vars: readonly EnvVar[] } | undefined;

/** Every variable `path` sets, by the kind of file it is. */
export function envVarsOf(path: string, text: string): readonly EnvVar[] {
  if (last && last.path === path && last.text === text) return last.vars;
  const name = baseName(path);
  const kind = /\.ya?ml$/i.test(name) ? 'yaml' : isDockerfileName(name) ? 'docker' : /^\.env(\..*)?$|\.env$/i.test(name) ? 'dotenv' : 'shell';
  const vars = kind === 'yaml' ? yamlVars(text) : kind === 'docker' ? dockerfileVars(text) : kind === 'dotenv' ? dotEnvVars(text) : shellVars(text, 0, text.length);
  const out = vars.sort((a, b) => a.start - b.start).slice(0, maxVars);
  last = { path, text, vars: out };
  return out;
}
