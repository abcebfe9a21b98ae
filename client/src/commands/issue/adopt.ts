/**
 * "Adopt Existing CA…": points Certwright at a CA that already exists (`openssl ca`,
 * easy-rsa, `cockroach cert`) so the issuing commands carry on from its files in place.
 * An issuing wizard: which kind, which CA of the workspace (and, for cockroach, which
 * key), then a summary of what was found and every file the adoption would add (a dry
 * run); nothing is written before "Write", and no existing file is ever rewritten. The
 * language server runs the CLI's driver (`certwright adopt`) under the CA lock. With an
 * argument object it runs without prompts.
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { CommandTable } from '../index';
import { adoptCaRequest, type AdoptCaParams, type AdoptCaResult, type AdoptSource } from '../../../../server/src/protocol/issue';
import { certificateTree } from '../../views/certificateTree';
import { announce, ask, at, Cancelled, display, flowFrame, isArgs, openLastOpensslCommands, summary, type FlowContext } from '../issue';
import type { ProfileId } from './profiles';

const l10n = vscode.l10n;

/** The command's arguments without prompts (tests, scripts): absolute paths. */
export interface AdoptCaArgs {
  from: AdoptSource;
  source: string;
  /** The layout root; default: the workspace folder holding `source`. */
  dir?: string;
  caKey?: string;
  profile?: ProfileId;
  dryRun?: boolean;
  createMissing?: boolean;
}

interface AdoptState {
  from?: AdoptSource;
  source?: vscode.Uri;
  caKey?: vscode.Uri;
}

const EXCLUDE = '**/{node_modules,.git}/**';
const MAX_CANDIDATES = 200;

const kinds: ReadonlyArray<{ from: AdoptSource; label: string; detail: string }> = [
  { from: 'openssl', label: 'openssl ca', detail: l10n.t('A CA run with openssl ca -config FILE: its database, serial and CRL number files stay where they are') },
  { from: 'easy-rsa', label: 'easy-rsa', detail: l10n.t('An easy-rsa 3 pki/ folder: new certificates go to pki/issued and pki/private, as easy-rsa names them') },
  { from: 'cockroach', label: 'cockroach cert', detail: l10n.t('A CockroachDB certs dir with ca.crt, and ca.key in a folder of its own') },
];

/** The CAs of the workspace that could be of this kind. */
async function candidates(from: AdoptSource): Promise<vscode.Uri[]> {
  const parent = (u: vscode.Uri): vscode.Uri => vscode.Uri.joinPath(u, '..');
  if (from === 'easy-rsa') return (await vscode.workspace.findFiles('**/pki/ca.crt', EXCLUDE, MAX_CANDIDATES)).map(parent);
  if (from === 'cockroach') return (await vscode.workspace.findFiles('**/ca.crt', EXCLUDE, MAX_CANDIDATES)).map(parent);
  const out: vscode.Uri[] = [];
  for (const f of await vscode.workspace.findFiles('**/*.{cnf,conf}', EXCLUDE, MAX_CANDIDATES)) {
    const st = await vscode.workspace.fs.stat(f);
    if (st.size > 1024 * 1024) continue;
    // Configurations of openssl ca name their CA section in [ ca ] default_ca.
    if (/^\s*default_ca\s*=/m.test(new TextDecoder().decode(await vscode.workspace.fs.readFile(f)))) out.push(f);
  }
  return out;
}

export function adoptCommands(services: Services): CommandTable {
  const title = l10n.t('Adopt Existing CA');
  return {
    adoptCa: async (raw?: unknown): Promise<AdoptCaResult | undefined> => {
      const args = isArgs(raw) ? (raw as unknown as AdoptCaArgs) : undefined;
      const ctx: FlowContext = { title, args: {}, interactive: args === undefined, raw, layout: () => Promise.reject(new Error('no layout')), resume: false };
      const untrusted = l10n.t('Certwright adopts a CA only in a trusted workspace. Trust this workspace (Manage Workspace Trust) and try again.');
      return flowFrame(services.output, ctx, untrusted, () => (args ? request(services, paramsOf(args)) : adoptFlow(services, ctx)));
    },
  };
}

/**
 * The layout root by default: the folder openssl ca is run from (the configuration's),
 * the one holding pki/, or the one holding both the certs dir and the CA key.
 */
function defaultRoot(from: AdoptSource, source: vscode.Uri, caKey: vscode.Uri | undefined): vscode.Uri {
  if (from === 'openssl' || from === 'easy-rsa') return vscode.Uri.joinPath(source, '..');
  const a = vscode.Uri.joinPath(source, '..').path.split('/');
  const b = caKey ? vscode.Uri.joinPath(caKey, '..', '..').path.split('/') : a;
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return source.with({ path: a.slice(0, n).join('/') || '/' });
}

function paramsOf(args: AdoptCaArgs): AdoptCaParams {
  const source = vscode.Uri.file(args.source);
  const dir = args.dir ?? defaultRoot(args.from, source, args.caKey ? vscode.Uri.file(args.caKey) : undefined).fsPath;
  return {
    from: args.from,
    dir,
    source: args.source,
    ...(args.caKey ? { caKey: args.caKey } : {}),
    ...(args.profile ? { profile: args.profile } : {}),
    ...(args.dryRun ? { dryRun: true } : {}),
    ...(args.createMissing ? { createMissing: true } : {}),
  };
}

function request(services: Services, params: AdoptCaParams): Promise<AdoptCaResult> {
  return Promise.resolve(services.client.sendRequest<AdoptCaResult>(adoptCaRequest, params));
}

async function adoptFlow(services: Services, ctx: FlowContext): Promise<AdoptCaResult | 'back'> {
  const s = (ctx.state ??= {}) as AdoptState;
  let found: vscode.Uri[] = [];
  let keys: vscode.Uri[] = [];
  await ask<AdoptState>(
    ctx,
    [
      {
        ask: async (w, st) => {
          const picked = await w.pickOne(kinds, { placeholder: l10n.t('Which kind of CA is it?'), active: kinds.find((k) => k.from === st.from) });
          if (picked.from !== st.from) delete st.source;
          st.from = picked.from;
          found = await candidates(picked.from);
          if (!found.length) throw new Error(l10n.t('No {0} CA was found in this workspace.', picked.label));
        },
      },
      {
        ask: async (w, st) => {
          const items = found.map((u) => ({ label: display(u), uri: u }));
          st.source = (await w.pickOne(items, { placeholder: l10n.t('Which CA?'), active: items.find((i) => i.uri.toString() === st.source?.toString()) })).uri;
        },
      },
      {
        when: (st) => st.from === 'cockroach',
        ask: async (w, st) => {
          // The key must not be in the certs dir every node is given.
          keys = (await vscode.workspace.findFiles('**/ca.key', EXCLUDE, MAX_CANDIDATES)).filter((k) => !k.toString().startsWith(`${st.source!.toString()}/`));
          if (!keys.length) throw new Error(l10n.t('No ca.key was found outside {0}.', display(st.source!)));
          const items = keys.map((u) => ({ label: display(u), uri: u }));
          st.caKey = (await w.pickOne(items, { placeholder: l10n.t('Where is the CA key?'), active: items.find((i) => i.uri.toString() === st.caKey?.toString()) })).uri;
        },
      },
    ],
    s,
  );
  if (!s.from || !s.source) throw new Cancelled();
  const dir = defaultRoot(s.from, s.source, s.caKey);
  if (dir.scheme !== 'file') throw new Error(l10n.t('{0} is not on the local file system: run `certwright adopt` where the CA is.', display(dir)));
  const base: AdoptCaParams = { from: s.from, dir: dir.fsPath, source: s.source.fsPath, ...(s.caKey ? { caKey: s.caKey.fsPath } : {}) };
  const progress = (what: string, run: () => Promise<AdoptCaResult>): Thenable<AdoptCaResult> => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Certwright: ${what}` }, run);

  let passphrase: string | undefined;
  let dry: AdoptCaResult;
  for (;;) {
    try {
      dry = await progress(l10n.t('Adopt Existing CA: reading the CA…'), () => request(services, { ...base, ...(passphrase !== undefined ? { passphrase } : {}), dryRun: true }));
      break;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!/is encrypted: give its passphrase|could not be decrypted|passphrase/i.test(message) || passphrase !== undefined) throw err;
      // Asked for this adoption only: never stored, never logged.
      passphrase = await vscode.window.showInputBox({ title: ctx.title, prompt: l10n.t('The CA key is encrypted: its passphrase (used for this check only, never stored)'), password: true, ignoreFocusOut: true });
      if (passphrase === undefined) throw new Cancelled();
    }
  }
  const r = dry.report;
  const choices: Array<readonly [string, string]> = [
    [l10n.t('CA'), `${r.ca.subject} (${r.ca.keyType}${r.ca.keyEncrypted ? l10n.t(', encrypted key') : ''})`],
    [l10n.t('Database'), l10n.t('{0}: {1} valid, {2} revoked, {3} expired', r.layout.index, r.entries.valid, r.entries.revoked, r.entries.expired)],
    [l10n.t('Next serial'), r.nextSerial === 'random' ? l10n.t('random, checked against the database') : l10n.t('{0}, continuing {1}', r.nextSerial, r.layout.serial)],
    [l10n.t('Next CRL'), `#${r.nextCrlNumber} → ${r.layout.crl}`],
    ...r.notes.map((n) => [l10n.t('Note'), n] as const),
    ...r.warnings.map((n) => [l10n.t('Warning'), n] as const),
  ];
  if ((await summary(ctx, { choices }, dry.report.plan.files, [])) === 'back') return 'back';
  // The summary listed every file to create: choosing "Write" is the agreement --create-missing asks for.
  const done = await progress(l10n.t('Adopt Existing CA: writing…'), () => request(services, { ...base, ...(passphrase !== undefined ? { passphrase } : {}), createMissing: true }));
  const log = services.output;
  for (const w of done.report.warnings) log.warn(`${ctx.title}: ${w}`);
  for (const w of done.written) log.info(l10n.t('{0}: wrote {1} ({2}, mode {3})', ctx.title, w.path, w.description, w.mode.toString(8)));
  certificateTree()?.refresh(true);
  const text = l10n.t('{0}: the {1} CA in {2} is adopted; the issuing commands now carry on from its files.', ctx.title, s.from, display(dir));
  log.info(text);
  void announce(text, done.report.warnings, dir, done.written.map((w) => at(dir, w.path)), done.written.map((w) => w.path), log, openLastOpensslCommands);
  return done;
}
