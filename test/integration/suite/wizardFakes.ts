/**
 * Answers the issuing wizard's pages from a test: replaces vscode.window's
 * createQuickPick / createInputBox with objects that behave like them (events,
 * selection, validation message) and ask the test which item to accept or what
 * to type. The wizard code runs unchanged.
 */
import * as vscode from 'vscode';

export type Item = vscode.QuickPickItem & { k?: string; more?: boolean; ca?: unknown };

export interface Answers {
  /** The items to accept (several on a multi-select page); undefined closes the page (Escape). */
  pick(items: readonly Item[], placeholder: string, canPickMany: boolean): readonly Item[] | undefined | Promise<readonly Item[] | undefined>;
  /** What to type; `validate` types a value and returns the message the page shows for it. */
  input(prompt: string, value: string, validate: (v: string) => string | undefined): string | Promise<string>;
}

function emitter<T>(): { event: vscode.Event<T>; fire: (v: T) => void } {
  const e = new vscode.EventEmitter<T>();
  return { event: e.event, fire: (v) => e.fire(v) };
}

export async function withFakeQuickInputs<T>(answers: Answers, run: () => Thenable<T>): Promise<T> {
  const w = vscode.window as unknown as Record<string, unknown>;
  const saved = { createQuickPick: w.createQuickPick, createInputBox: w.createInputBox };
  // A page the test does not expect (its answer throws) closes the page, as Escape does, and fails the run with
  // the test's message, instead of leaving the wizard waiting (and every later wizard behind it) until the timeout.
  let failure: unknown;
  const answering = async (page: () => Promise<void>, hide: () => void): Promise<void> => {
    try {
      await page();
    } catch (e) {
      failure ??= e;
      hide();
    }
  };
  w.createQuickPick = () => {
    const accept = emitter<void>();
    const hide = emitter<void>();
    const button = emitter<vscode.QuickInputButton>();
    const qp = {
      items: [] as Item[],
      activeItems: [] as Item[],
      selectedItems: [] as Item[],
      canSelectMany: false,
      placeholder: '',
      onDidAccept: accept.event,
      onDidHide: hide.event,
      onDidTriggerButton: button.event,
      onDidChangeValue: emitter<string>().event,
      show() {
        setTimeout(() => {
          void answering(async () => {
            const chosen = await answers.pick(qp.items, qp.placeholder ?? '', qp.canSelectMany);
            if (!chosen) return hide.fire();
            if (qp.canSelectMany) qp.selectedItems = [...chosen];
            else qp.activeItems = [...chosen];
            accept.fire();
          }, () => hide.fire());
        }, 0);
      },
      dispose() {},
    };
    return qp;
  };
  w.createInputBox = () => {
    const accept = emitter<void>();
    const hide = emitter<void>();
    const change = emitter<string>();
    const box = {
      value: '',
      prompt: '',
      validationMessage: undefined as string | undefined,
      onDidAccept: accept.event,
      onDidHide: hide.event,
      onDidTriggerButton: emitter<vscode.QuickInputButton>().event,
      onDidChangeValue: change.event,
      show() {
        setTimeout(() => {
          void answering(async () => {
            const validate = (v: string): string | undefined => {
              box.value = v;
              change.fire(v);
              return box.validationMessage;
            };
            const initial = box.value;
            const typed = await answers.input(box.prompt ?? '', initial, validate);
            validate(typed);
            accept.fire();
          }, () => hide.fire());
        }, 0);
      },
      dispose() {},
    };
    return box;
  };
  try {
    const result = await run();
    if (failure !== undefined) throw failure;
    return result;
  } catch (e) {
    throw failure ?? e;
  } finally {
    Object.assign(w, saved);
  }
}
