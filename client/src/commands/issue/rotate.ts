/**
 * "Rotate CA (New Key)…": the steps of `certwright ca rotate` (new-ca, publish, reissue,
 * retire) as an issuing wizard: which CA, which step (each explained, done ones checked,
 * the next one preselected), the step's own questions, then the summary of every file the
 * step would write (a dry run) with Back; nothing is written before "Write". The language
 * server runs the CLI's driver (CA lock, journal, clean-up) on the local folder, so the
 * editor and the CLI can take turns on one rotation. With an argument object it runs one
 * step without prompts (`step` defaults to `status`, which only reads).
 */
import * as vscode from 'vscode';
import type { Services } from '../../services';
import type { CommandTable } from '../index';
import { rotateCaRequest, type RotateCaParams, type RotateCaResult, type RotationStatus, type RotationStep } from '../../../../server/src/protocol/issue';
import { certificateTree } from '../../views/certificateTree';
import { announce, ask, at, caCandidates, caStep, display, flowFrame, isArgs, keyTypeStep, openLastOpensslCommands, rememberOpensslCommands, serverLayouts, summary, type CaState, type FlowContext, type IssueCommandArgs } from '../issue';
import { daysProblem } from './inputs';
import { clientProfiles, isKeyType, keyTypes, keyTypeTitles, type KeyType, type ProfileId } from './profiles';

const l10n = vscode.l10n;

/** Rotate CA's arguments: the issuing ones plus the step. */
export interface RotateCaArgs extends IssueCommandArgs {
  /** The step to run; `status` (the default without prompts) reads only. */
  step?: RotationStep | 'status';
  /** Plan and check, write nothing. */
  dryRun?: boolean;
  /** new-ca after a completed rotation: begin another one. */
  startNew?: boolean;
}

interface RotateState extends CaState {
  /** The status of `statusDir`, read when the CA is chosen. */
  status?: RotationStatus;
  statusDir?: string;
  step?: RotationStep;
  startNew?: boolean;
  keyType?: KeyType;
  days?: number;
  newKey?: boolean;
}

type RotationOptions = NonNullable<RotateCaParams['options']>;

const icons = { done: '$(check)', next: '$(arrow-right)', later: '$(circle-large-outline)' } as const;

export function rotationCommands(services: Services): CommandTable {
  const layout = serverLayouts(services);
  const title = l10n.t('Rotate CA');
  return {
    rotateCa: async (raw?: unknown): Promise<RotateCaResult | undefined> => {
      const args = isArgs(raw) ? (raw as RotateCaArgs) : undefined;
      const ctx: FlowContext = { title, args: args ?? {}, interactive: args === undefined, raw, layout, resume: false };
      const untrusted = l10n.t('Certwright rotates a CA only in a trusted workspace. Trust this workspace (Manage Workspace Trust) and try again.');
      return flowFrame(services.output, ctx, untrusted, () => rotate(services, ctx, args ?? {}));
    },
  };
}

/** Whether a step can run now: the next one, reissue again while old certificates remain, new-ca after a completed rotation. */
function runnable(status: RotationStatus, step: RotationStep): boolean {
  return step === status.next || (step === 'reissue' && status.phase === 'reissued') || (step === 'new-ca' && status.phase === 'retired');
}

async function rotate(services: Services, ctx: FlowContext, args: RotateCaArgs): Promise<RotateCaResult | 'back' | undefined> {
  const candidates = await caCandidates(ctx);
  const s = (ctx.state ??= { ca: candidates[0], profile: candidates[0]!.profile }) as RotateState;
  const request = (dir: vscode.Uri, profile: ProfileId, params: Omit<RotateCaParams, 'dir' | 'profile'>): Promise<RotateCaResult> => {
    if (dir.scheme !== 'file') throw new Error(l10n.t('{0} is not on the local file system: run `certwright ca rotate` where the CA folder is.', display(dir)));
    return Promise.resolve(services.client.sendRequest<RotateCaResult>(rotateCaRequest, { dir: dir.fsPath, profile, ...params } satisfies RotateCaParams));
  };
  /** The chosen CA's rotation status (read once per CA); the next step preselected. */
  const statusOf = async (st: RotateState): Promise<RotationStatus> => {
    const dir = st.ca!.dir;
    if (st.status && st.statusDir === dir.toString()) return st.status;
    st.status = (await request(dir, st.ca!.profile, { step: 'status' })).status;
    st.statusDir = dir.toString();
    st.step = st.status.next ?? (st.status.phase === 'retired' ? 'new-ca' : undefined);
    return st.status;
  };
  const options = (st: RotateState): RotationOptions => {
    const keyType = args.keyType ?? st.keyType;
    if (keyType !== undefined && !isKeyType(keyType)) throw new Error(l10n.t('unknown key type {0}: use {1}', JSON.stringify(keyType), keyTypes.join(', ')));
    const days = args.days ?? st.days;
    const newKey = args.newKey ?? st.newKey;
    return {
      ...(keyType ? { keyType } : {}),
      ...(args.commonName ? { commonName: args.commonName } : {}),
      ...(days !== undefined ? { days } : {}),
      ...(newKey ? { newKey: true } : {}),
      ...(args.allowCapped ? { allowCapped: true } : {}),
      ...(args.startNew || st.startNew ? { startNew: true } : {}),
    };
  };

  if (!ctx.interactive) {
    const ca = s.ca!;
    const step = args.step ?? 'status';
    const r = await request(ca.dir, ca.profile, { step, options: options(s), ...(args.dryRun ? { dryRun: true } : {}) });
    if (step !== 'status' && !args.dryRun) certificateTree()?.refresh(true);
    return r;
  }

  await statusOf(s);
  const chosenCa = caStep<RotateState>(candidates, l10n.t('Which CA gets a new key?'));
  await ask<RotateState>(
    ctx,
    [
      {
        ...chosenCa,
        ask: async (w, st) => {
          await chosenCa.ask(w, st);
          await statusOf(st);
        },
      },
      {
        when: () => args.step === undefined,
        ask: async (w, st) => {
          const status = await statusOf(st);
          const items = status.steps.map((info) => {
            const can = runnable(status, info.step);
            const state = can ? 'next' : info.done ? 'done' : 'later';
            const again = can && info.done;
            return {
              label: `${icons[state]} ${info.title}`,
              description: again ? (info.step === 'new-ca' ? l10n.t('start another rotation') : l10n.t('again: certificates still from the old CA')) : state === 'next' ? l10n.t('next step') : state === 'done' ? l10n.t('done') : '',
              detail: info.explanation,
              step: info.step,
              can,
            };
          });
          const pending = status.pending.length ? ` — ${(status.pending.length === 1 ? l10n.t('1 certificate still from the old CA') : l10n.t('{0} certificates still from the old CA', status.pending.length))}` : '';
          for (;;) {
            const item = await w.pickOne(items, { placeholder: `${display(st.ca!.dir)}: ${status.summary}${pending}`, active: items.find((i) => i.step === st.step) });
            if (item.can) {
              st.step = item.step;
              st.startNew = item.step === 'new-ca' && status.phase === 'retired';
              return;
            }
            const next = items.find((i) => i.can);
            void vscode.window.showInformationMessage(next ? l10n.t('"{0}" cannot run now: the next step is "{1}".', item.label.replace(/^\$\([^)]*\) /, ''), next.label.replace(/^\$\([^)]*\) /, '')) : l10n.t('The rotation is complete.'));
          }
        },
      },
      keyTypeStep<RotateState>(ctx, (st) => st.status?.issuing.keyType, (st) => st.step === 'new-ca'),
      {
        when: (st) => args.days === undefined && st.step === 'new-ca',
        ask: async (w, st) => {
          st.days = Number(await w.input({ prompt: l10n.t('Validity of the new CA in days'), value: String(st.days ?? 3650), validate: daysProblem }));
        },
      },
      {
        when: (st) => args.newKey === undefined && st.step === 'reissue',
        ask: async (w, st) => {
          const items = [
            { label: l10n.t('Keep each key'), detail: l10n.t('Each certificate is issued again for the key it has: only certificate files change.'), fresh: false },
            { label: l10n.t('New keys'), detail: l10n.t('Every re-issued certificate gets a new key (each key file is replaced): do this when a key may have leaked.'), fresh: true },
          ];
          st.newKey = (await w.pickOne(items, { placeholder: l10n.t('Keys of the re-issued certificates'), active: items.find((i) => i.fresh === (st.newKey ?? false)) })).fresh;
        },
      },
    ],
    s,
    // The next step is preselected; the pages after the step page depend on what is picked.
    args.step === undefined ? ['step'] : [],
  );
  const { dir, profile } = s.ca!;
  const status = await statusOf(s);
  const step = (args.step === 'status' ? undefined : args.step) ?? s.step;
  if (!step) throw new Error(l10n.t('The rotation is complete.'));
  const info = status.steps.find((i) => i.step === step)!;
  const opts = options(s);
  const progress = (what: string, run: () => Promise<RotateCaResult>): Thenable<RotateCaResult> => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Certwright: ${what}` }, run);
  const dry = await progress(l10n.t('Rotate CA: planning "{0}"…', info.title), () => request(dir, profile, { step, options: opts, dryRun: true }));
  const plan = dry.result!;
  if (plan.alreadyDone) {
    void vscode.window.showInformationMessage(`${ctx.title}: ${plan.messages.join(' ')}`);
    return dry;
  }
  // The driver refuses to replace a file the step does not mean to replace: say so before the summary.
  const conflicts = dry.check?.conflicts ?? [];
  if (conflicts.length) throw new Error(l10n.t('these files exist with other contents and would not be replaced: {0}', conflicts.map((c) => c.path).join(', ')));
  const choices: Array<readonly [string, string]> = [
    [l10n.t('CA'), `${display(dir)} (${clientProfiles[profile].title})`],
    [l10n.t('Step'), info.title],
    ...(step === 'new-ca' ? [[l10n.t('Key'), opts.keyType ? keyTypeTitles[opts.keyType] : l10n.t('same kind as the old CA')] as const, [l10n.t('Validity'), l10n.t('{0} days', opts.days ?? 3650)] as const] : []),
    ...(step === 'reissue' ? [[l10n.t('Keys'), opts.newKey ? l10n.t('new keys') : l10n.t('kept')] as const] : []),
  ];
  if ((await summary(ctx, { choices }, plan.plan.files, [], plan.cleanup.map((c) => c.path))) === 'back') return 'back';

  const r = await progress(l10n.t('Rotate CA: "{0}"…', info.title), () => request(dir, profile, { step, options: opts }));
  const log = services.output;
  if (r.recovered) log.warn(r.recovered.action === 'completed' ? l10n.t('{0}: completed an interrupted operation on this CA ({1})', ctx.title, r.recovered.description) : l10n.t('{0}: rolled back an interrupted operation on this CA ({1})', ctx.title, r.recovered.description));
  const warnings = [...(r.result?.warnings ?? []), ...(r.commit?.warnings ?? [])];
  for (const w of warnings) log.warn(`${ctx.title}: ${w}`);
  // Paths and kinds only: contents (key material) are never logged.
  for (const w of r.commit?.written ?? []) log.info(l10n.t('{0}: wrote {1} ({2}, mode {3})', ctx.title, w.path, w.description, w.mode.toString(8)));
  for (const p of r.removed) log.info(l10n.t('{0}: removed {1}', ctx.title, p));
  rememberOpensslCommands(ctx.title, dir, r.result?.opensslCommands ?? []);
  certificateTree()?.refresh(true);
  const written = r.commit?.written ?? [];
  const files = written.length === 1 ? l10n.t('1 file written') : l10n.t('{0} files written', written.length);
  const text = `${ctx.title}, ${info.title}: ${files} in ${display(dir)}. ${(r.result?.messages ?? []).join(' ')} ${r.status.summary}.`.replace(/\s+/g, ' ').trim();
  log.info(text);
  void announce(text, warnings, dir, written.map((w) => at(dir, w.path)), written.map((w) => w.path), log, openLastOpensslCommands);
  return r;
}
