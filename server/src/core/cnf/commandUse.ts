/**
 * How an openssl command line uses a configuration file, read from the command itself
 * (`openssl ca -config ca.cnf -name CA_root -gencrl`): the file it names and what the rules
 * need to judge that use (CommandLineUse): the extension section it picks (`-extensions`,
 * `-reqexts`), the CA section (`-name`), what `openssl ca` does (sign, `-gencrl`, `-revoke`),
 * the TSA section of `ts -reply` (`-section`), and whether the file is loaded as OpenSSL's configuration (`-config`; `x509 -extfile` and
 * `ca -extfile` only read extensions from it). Options are written `-opt value` or
 * `-opt=value`, as OpenSSL's option parser takes them.
 */
import type { CaRun, CommandLineUse, OpensslCommand, TsReplyRun } from './model';
import { tr } from '../l10n';

export interface OpensslCommandUse {
  /** The file as the command names it (relative to where the command runs). */
  readonly file: string;
  readonly use: CommandLineUse;
}

/** Subcommands that read a configuration file, and the options naming it. */
const fileOptions: Readonly<Record<string, readonly string[]>> = {
  req: ['-config'],
  ca: ['-config', '-extfile'],
  x509: ['-extfile'],
  ts: ['-config'],
};

/** Options of these subcommands that take a value (the next word), so it is not read as an option. */
const valueOptions = new Set([
  '-config', '-extfile', '-extensions', '-reqexts', '-name', '-revoke', '-in', '-out', '-key', '-keyfile', '-cert', '-CA', '-CAkey', '-subj',
  '-days', '-newkey', '-keyout', '-passin', '-passout', '-policy', '-crldays', '-crlhours', '-crlexts', '-outdir', '-md', '-startdate',
  '-enddate', '-set_serial', '-sigopt', '-pkeyopt', '-addext', '-inform', '-outform', '-keyform', '-CAform', '-CAkeyform', '-section',
  '-infiles', '-spkac', '-ss_cert', '-crl_reason', '-crl_hold', '-crl_compromise', '-crl_CA_compromise', '-valid', '-status', '-rand',
  '-writerand', '-engine', '-provider', '-provider-path', '-propquery', '-nameopt', '-certopt', '-reqopt', '-CAserial', '-signkey', '-checkend',
  '-copy_extensions', '-not_before', '-not_after', '-vfyopt', '-queryfile', '-inkey', '-signer', '-chain', '-tspolicy', '-data', '-digest', '-CAfile', '-CApath', '-CAstore', '-untrusted',
]);

/**
 * What an openssl command line (its words, `openssl` first or not) says about each file it reads
 * as configuration: the `-config` file, and the `-extfile` one (`x509`, `ca`), where `-extensions`
 * then names its section rather than one of the `-config` file.
 */
export function commandUsesOf(words: readonly string[]): readonly OpensslCommandUse[] | { readonly error: string } {
  let i = words[0] === 'openssl' || /[\\/]openssl$/.test(words[0] ?? '') ? 1 : 0;
  const sub = words[i++];
  if (sub === undefined || !(sub in fileOptions)) return { error: tr`'${words.join(' ')}' is not an openssl req, ca, x509 or ts command.` };
  const opts = new Map<string, string>();
  const flags = new Set<string>();
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) continue;
    const eq = w.indexOf('=');
    // OpenSSL takes `-opt=value` for any option, and `--opt` as `-opt`.
    const name = (eq > 0 ? w.slice(0, eq) : w).replace(/^--/, '-');
    if (eq > 0) opts.set(name, w.slice(eq + 1));
    else if (valueOptions.has(name) && i + 1 < words.length) opts.set(name, words[++i]!);
    else flags.add(name);
  }
  const config = fileOptions[sub]!.includes('-config') ? opts.get('-config') : undefined;
  const extfile = fileOptions[sub]!.includes('-extfile') ? opts.get('-extfile') : undefined;
  if (config === undefined && extfile === undefined) return { error: tr`'${words.join(' ')}' names no file with ${fileOptions[sub]!.join(' or ')}.` };
  const ext = opts.get('-extensions') ?? opts.get('-reqexts');
  const extensions = ext !== undefined ? { extensions: [ext] } : {};
  const out: OpensslCommandUse[] = [];
  const options = [...new Set([...opts.keys(), ...flags])].filter((o) => o !== '-config' && o !== '-extfile');
  const given = options.length ? { options } : {};
  if (config !== undefined) {
    out.push({
      file: config,
      use: {
        // ts reads these settings only to -reply.
        commands: sub === 'ts' && !flags.has('-reply') ? [] : [sub as 'req' | 'ca' | 'ts'],
        ...(extfile === undefined ? extensions : {}),
        // -in: the subject comes from the request read, as with -subj (the DN section is not read).
        ...(sub === 'req' && (opts.has('-subj') || opts.has('-in')) ? { reqSubj: true as const } : {}),
        ...(sub === 'ca' ? { ca: [{ ...(opts.has('-name') ? { name: opts.get('-name')! } : {}), operation: flags.has('-gencrl') ? 'gencrl' : opts.has('-revoke') ? 'revoke' : 'sign', ...given }] } : {}),
        ...(sub === 'ts' && flags.has('-reply') ? { tsReply: [{ ...(opts.has('-section') ? { section: opts.get('-section')! } : {}), ...given }] } : {}),
        loadedAs: 'config',
      },
    });
  }
  if (extfile !== undefined) out.push({ file: extfile, use: { commands: ['extfile'], ...extensions } });
  return out;
}

const usedByRe = /^[ \t]*#[ \t]*certwright:[ \t]*used-by[ \t]+([^\r\n]*)/m;
/** How far into a file the comment is looked for (as `# certwright: profile=`). */
const usedByHead = 4000;

/**
 * The use a `# certwright: used-by openssl ca -name CA_root -gencrl` comment near the top of a
 * configuration file declares for it: the command as written, where a `-config` / `-extfile`
 * naming the file may be left out. Undefined without one, or when the command is not one the
 * rules can follow (the comment then changes nothing).
 */
export function usedByComment(text: string, fileName: string): CommandLineUse | undefined {
  const m = usedByMatch(text);
  if (!m) return undefined;
  const words = m[1]!.replace(/[ \t]#.*$/, '').trim().split(/[ \t]+/);
  const sub = words[words[0] === 'openssl' ? 1 : 0];
  const named = words.some((w) => /^--?(config|extfile)(=|$)/.test(w));
  const uses = commandUsesOf(named || sub === undefined ? words : [...words, sub === 'x509' ? '-extfile' : '-config', fileName]);
  if ('error' in uses || !uses.length) return undefined;
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  return (uses.find((u) => u.file === fileName || u.file.slice(u.file.lastIndexOf('/') + 1) === base) ?? uses[0]!).use;
}

/** Where the used-by comment's command line is in the text, if the file has one. */
export function usedByCommentSpan(text: string): { start: number; end: number } | undefined {
  const m = usedByMatch(text);
  if (!m) return undefined;
  const end = m.index + m[0].length;
  return { start: end - m[1]!.length, end };
}

function usedByMatch(text: string): RegExpExecArray | null {
  return usedByRe.exec(text.length > usedByHead ? text.slice(0, usedByHead) : text);
}

/**
 * Several uses of one file as one: the rules then judge by all of them. Extension sections any use
 * picks are in use; each openssl ca and ts -reply run is kept (a section is in use when some run
 * uses it, and `default_ca` is read only when some run has no -name); the file is loaded as the
 * configuration when some use gives it with -config. No use contradicts a finding made so: an
 * error names a section some real use fails on.
 */
export function mergeUses(uses: readonly CommandLineUse[]): CommandLineUse {
  if (uses.length === 1) return uses[0]!;
  const extensions = new Set<string>();
  const ca = new Map<string, CaRun>();
  const ts = new Map<string, TsReplyRun>();
  // The commands of all the uses (unknown when one use's are), and -subj only when every req run gives it.
  let commands: Set<OpensslCommand> | undefined = new Set();
  let subj: boolean | undefined;
  let loadedAs: CommandLineUse['loadedAs'];
  for (const u of uses) {
    for (const x of u.extensions ?? []) extensions.add(x);
    for (const r of u.ca ?? []) ca.set(`${r.name ?? ''}\u0000${r.operation}\u0000${r.options?.join(' ') ?? ''}`, r);
    for (const r of u.tsReply ?? []) ts.set(`${r.section ?? ''}\u0000${r.options?.join(' ') ?? ''}`, r);
    if (!u.commands) commands = undefined;
    for (const c of u.commands ?? []) commands?.add(c);
    if (u.commands?.includes('req')) subj = (subj ?? true) && u.reqSubj === true;
    if (u.loadedAs === 'config' || (u.loadedAs && !loadedAs)) loadedAs = u.loadedAs;
  }
  return {
    ...(extensions.size ? { extensions: [...extensions] } : {}),
    ...(ca.size ? { ca: [...ca.values()] } : {}),
    ...(ts.size ? { tsReply: [...ts.values()] } : {}),
    ...(loadedAs ? { loadedAs } : {}),
    ...(commands ? { commands: [...commands] } : {}),
    ...(subj ? { reqSubj: true as const } : {}),
  };
}
