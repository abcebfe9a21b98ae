/**
 * Start commands as written in shell scripts, systemd `ExecStart=`, Dockerfiles,
 * docker-compose `command:` (string or list) and Kubernetes `command:`/`args:`
 * (list items, or one shell string): every `cockroach` / `dmctl` invocation with its
 * subcommand and flags, each value with its offsets in the file. One linear scan
 * from each program word; quoting as the shell does it (single and double quotes),
 * backslash-newline (or CRLF) continues a shell line, a YAML list continues while its items
 * follow. A Dockerfile's `CMD [...]` over CockroachDB's image is the image's cockroach entrypoint
 * run with those words.
 */
import { baseName, dockerFrom, isDockerfileName } from './fileNames';

export interface FlagValue {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface Invocation {
  readonly program: 'cockroach' | 'dmctl';
  /** `start`, `start-single-node`, `sql`, `init`... (cockroach), or '' */
  readonly subcommand: string;
  /** The word after the subcommand when it is one too (`create-node` of `cockroach cert create-node`), or ''. */
  readonly action: string;
  readonly flags: ReadonlyMap<string, FlagValue>;
  /** Offsets of the program word. */
  readonly start: number;
  readonly end: number;
  /** Where its last word ends (a URL among its words is its argument: `cockroach workload init 'postgres://…'`). */
  readonly argsEnd: number;
}

/** Flags that take a value (so `--flag value` reads the next word). */
const valueFlags = new Set([
  'certs-dir', 'listen-addr', 'advertise-addr', 'sql-addr', 'advertise-sql-addr', 'http-addr', 'join', 'host', 'url', 'cert-principal-map', 'store', 'locality', 'cache', 'max-sql-memory', 'user', 'database', 'port',
  'master-addr', 'ssl-ca', 'ssl-cert', 'ssl-key', 'config',
]);

export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const programRe = /(?:^|[\s"'/[,=])(cockroach|dmctl)(?=[\s"',\]]|$)/gm;

/** Where the shell line holding `from` ends, before `limit`: a `\` before the newline goes on to the next line. */
export function logicalLineEnd(text: string, from: number, limit = text.length): number {
  for (let i = text.indexOf('\n', from); i !== -1 && i < limit; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] !== '\\' && !(text[i - 1] === '\r' && text[i - 2] === '\\')) return i;
  }
  return limit;
}

/** Words from `from` to the end of the command: shell quoting, continuations, YAML list items. */
export function words(text: string, from: number, yaml: boolean): Token[] {
  const out: Token[] = [];
  let i = from;
  const n = text.length;
  let budget = 400;
  while (i < n && budget-- > 0) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3;
      continue;
    }
    if (c === '\n') {
      if (!yaml) break;
      // A YAML list goes on while the next non-blank line is an item (`- x`) or a quoted flow item.
      const next = /^[ \t]*(\S)/m.exec(text.slice(i + 1, i + 400));
      if (!next || !(next[1] === '-' || next[1] === '"' || next[1] === "'")) break;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === ',' || c === '[') {
      i++;
      continue;
    }
    if (c === ']' || c === ';' || c === '|' || c === '&' || c === '#' || c === '`' || c === ')') break;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      const end = close === -1 ? Math.min(n, text.indexOf('\n', i) === -1 ? n : text.indexOf('\n', i)) : close;
      const inner = text.slice(i + 1, end);
      // A quoted item holding a whole command line (`args: ["start --join=..."]`): its words, with their offsets.
      for (const m of inner.matchAll(/\S+/g)) out.push({ text: m[0], start: i + 1 + m.index!, end: i + 1 + m.index! + m[0].length });
      i = close === -1 ? end : close + 1;
      continue;
    }
    const m = /^[^\s"'[\];|&#`]+/.exec(text.slice(i, i + 2000));
    if (!m) break;
    const w = m[0].replace(/,$/, ''); // a bare item of a flow list: `[start, --join=a,b]`
    if (yaml && w.endsWith(':') && !w.startsWith('-')) break; // the next YAML key
    if (w !== '-' && w) out.push({ text: w, start: i, end: i + w.length });
    i += m[0].length;
  }
  return out;
}

/**
 * Where the words after a program word start: past its closing quote when the word is
 * quoted on its own (`"/cockroach/cockroach"`, a flow item `['cockroach']`), else right
 * after it — read from there, that quote would open a string running to the next quote,
 * on a later line (a compose service's `profiles: ['cockroach']` took the flags of the
 * `command:` below it).
 */
function afterQuotedWord(text: string, start: number, end: number): number {
  const q = text[end];
  if (q !== '"' && q !== "'") return end;
  let b = start;
  while (b > 0 && !/[\s[,=]/.test(text[b - 1]!)) b--;
  return text[b] === q ? end + 1 : end;
}

const entrypointRe = /^[ \t-]*(command|args)[ \t]*:/gm;
const crdbSubcommands = /^(start|start-single-node|sql|init|node|cert)$/;

/** CockroachDB's official images (cockroachdb/cockroach, -unstable, on any registry). */
export const cockroachImageRe = /^(?:[^/]+\/)*cockroachdb\/cockroach(?:-unstable)?(?:[:@]|$)/;

const dockerInstructionRe = /^[ \t]*(FROM|CMD|ENTRYPOINT)[ \t]+(.*)$/gim;

/**
 * A Dockerfile's `CMD [...]` in a stage built FROM CockroachDB's image (through earlier stages)
 * that sets no ENTRYPOINT of its own: the image's entrypoint runs cockroach with these words, so
 * `CMD ["start-single-node", "--certs-dir=certs"]` is an invocation. Where each such list starts.
 */
function dockerCmdStarts(text: string): Array<{ start: number; from: number }> {
  const out: Array<{ start: number; from: number }> = [];
  const bases = new Map<string, string>();
  let base = '';
  let entrypoint = false;
  dockerInstructionRe.lastIndex = 0;
  for (let m = dockerInstructionRe.exec(text); m && out.length < 50; m = dockerInstructionRe.exec(text)) {
    const op = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (op === 'FROM') {
      const from = dockerFrom(args);
      base = bases.get(from.image.toLowerCase()) ?? from.image;
      if (from.name) bases.set(from.name, base);
      entrypoint = false;
    } else if (op === 'ENTRYPOINT') entrypoint = true;
    else if (!entrypoint && args.startsWith('[') && cockroachImageRe.test(base) && crdbSubcommands.test(/^\[\s*"([^"]*)"/.exec(args)?.[1] ?? '')) {
      const open = m.index + m[0].indexOf('[');
      out.push({ start: m.index + m[0].length - m[2]!.length - 4, from: open + 1 });
    }
  }
  return out;
}

/** The last file read: one lint asks for a file's invocations from several checks (start commands, connections, certs made, dmctl). */
let last: { readonly path: string; readonly text: string; readonly invocations: readonly Invocation[] } | undefined;

/** Every cockroach / dmctl invocation of a file (at most 200). */
export function findInvocations(path: string, text: string): readonly Invocation[] {
  if (last && last.path === path && last.text === text) return last.invocations;
  const invocations = readInvocations(path, text);
  last = { path, text, invocations };
  return invocations;
}

function readInvocations(path: string, text: string): Invocation[] {
  if (!text.includes('cockroach') && !text.includes('dmctl')) return [];
  const yaml = /\.ya?ml$/i.test(path);
  const starts: Array<{ start: number; program: Invocation['program']; from: number }> = [];
  programRe.lastIndex = 0;
  for (let m = programRe.exec(text); m && starts.length < 200; m = programRe.exec(text)) {
    const start = m.index + m[0].length - m[1]!.length;
    const program = m[1] as Invocation['program'];
    // A path such as /cockroach/certs is not an invocation: the word must not be followed by '/'.
    if (text[start + program.length] === '/') continue;
    starts.push({ start, program, from: afterQuotedWord(text, start, start + program.length) });
  }
  // Compose services and Kubernetes containers of the cockroachdb/cockroach image: the
  // program is the image's entrypoint, so `command:`/`args:` starts with the subcommand.
  if (yaml && /cockroachdb\/cockroach/.test(text)) {
    entrypointRe.lastIndex = 0;
    for (let m = entrypointRe.exec(text); m && starts.length < 200; m = entrypointRe.exec(text)) {
      const first = words(text, m.index + m[0].length, true)[0];
      if (first && crdbSubcommands.test(first.text)) starts.push({ start: m.index + m[0].length - m[1]!.length - 1, program: 'cockroach', from: m.index + m[0].length });
    }
  }
  if (isDockerfileName(baseName(path)) && /cockroachdb\/cockroach/.test(text)) for (const d of dockerCmdStarts(text)) starts.push({ ...d, program: 'cockroach' });
  const out: Invocation[] = [];
  for (const { start, program, from } of starts) {
    const ws = words(text, from, yaml);
    const flags = new Map<string, FlagValue>();
    let subcommand = '';
    let action = '';
    for (let k = 0; k < ws.length; k++) {
      const w = ws[k]!;
      const f = /^--?([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(w.text);
      if (!f) {
        if (!subcommand && !flags.size && /^[a-z][a-z-]*$/.test(w.text)) subcommand = w.text;
        else if (subcommand && !action && k > 0 && ws[k - 1]!.text === subcommand && /^[a-z][a-z-]*$/.test(w.text)) action = w.text;
        continue;
      }
      const name = f[1]!;
      if (f[2] !== undefined) {
        const vs = w.start + w.text.length - f[2].length;
        if (!flags.has(name)) flags.set(name, { value: f[2], start: vs, end: w.end });
      } else if (valueFlags.has(name) && ws[k + 1] && !ws[k + 1]!.text.startsWith('-')) {
        const v = ws[++k]!;
        if (!flags.has(name)) flags.set(name, { value: v.text, start: v.start, end: v.end });
      }
    }
    if (!subcommand && !flags.size) continue;
    out.push({ program, subcommand, action, flags, start, end: start + program.length, argsEnd: ws.length ? ws[ws.length - 1]!.end : start + program.length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** `host:port`, `[v6]:port`, `host` → host and port (the port may be empty). */
export function splitHostPort(addr: string): { host: string; port: string } {
  const v6 = /^\[([^\]]*)\](?::(\d*))?$/.exec(addr);
  if (v6) return { host: v6[1]!, port: v6[2] ?? '' };
  const c = addr.lastIndexOf(':');
  return c === -1 || addr.indexOf(':') !== c ? { host: addr, port: '' } : { host: addr.slice(0, c), port: addr.slice(c + 1) };
}
