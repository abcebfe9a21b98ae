/**
 * Multi-step QuickPick flows with a Back button: each step asks one question and
 * records the answer in the flow's state; Back returns to the previous step with
 * its answer preselected. The counter (`2/5`) counts only the steps that apply, and
 * shows the total only once it is fixed: while a step's `when` still reads an answer
 * not given yet (the profile decides whether a PostgreSQL CA gets its "What will it
 * sign?" page) the page says `(1)`, never a total that a later answer would change.
 * Escape cancels the whole flow.
 */
import * as vscode from 'vscode';

export class WizardCancelled extends Error {}
/** Thrown by a step when the user pressed Back. */
export class WizardBack extends Error {}

export interface WizardStep<S> {
  /** Whether the step applies, given the answers so far (default: always). */
  readonly when?: (state: S) => boolean;
  /**
   * A page that completes the one before it (the passphrase after "Encrypt with a
   * passphrase"): it carries that page's number and is not counted, so that choosing
   * it does not change the total.
   */
  readonly followUp?: boolean;
  readonly ask: (w: WizardPage, state: S) => Promise<void>;
}

/** What the last quick inputs showed, for the integration tests (exported through the extension API). */
export interface WizardShown {
  readonly title: string;
  readonly kind: 'pick' | 'input';
  readonly step: number;
  /** Undefined while later answers may still add or remove pages. */
  readonly total: number | undefined;
  readonly back: boolean;
  readonly items?: readonly string[];
  readonly active?: string;
  /** Never set for a password input: what is typed there is not recorded anywhere. */
  readonly value?: string;
  readonly password?: boolean;
  /** An input's prompt, and the warning it opened with (InputOptions.notice). */
  readonly prompt?: string;
  readonly notice?: string;
}

/**
 * Every page shown, in order (the test API's `wizardPages`: tests take its length as a mark
 * and read what comes after). Bounded, but far above any session's pages: dropping the
 * oldest once the full suite passed 100 pages shifted every mark and failed the tests after.
 */
export const wizardLog: WizardShown[] = [];
const wizardLogLimit = 10_000;

export interface PickOptions<T> {
  readonly placeholder: string;
  /** The item selected when the page opens (the previous answer, or the default). */
  readonly active?: T;
  readonly canPickMany?: boolean;
  readonly selected?: readonly T[];
}

export interface InputOptions {
  readonly prompt: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly validate?: (value: string) => string | undefined;
  /** A password box: the characters are hidden, and the value is neither trimmed nor recorded. */
  readonly password?: boolean;
  /** Why the page is asked again (a warning under the box until something is typed; it does not block Enter). */
  readonly notice?: string;
}

/** One page of a flow: its title with the counter, and Back when there is a step before it. */
export class WizardPage {
  constructor(
    readonly title: string,
    readonly step: number,
    readonly total: number | undefined,
    readonly canGoBack: boolean,
  ) {}

  private heading(): string {
    return this.total === undefined ? `${this.title} (${this.step})` : `${this.title} (${this.step}/${this.total})`;
  }

  private record(shown: Omit<WizardShown, 'title' | 'step' | 'total' | 'back'>): void {
    wizardLog.push({ title: this.title, step: this.step, total: this.total, back: this.canGoBack, ...shown });
    if (wizardLog.length > wizardLogLimit) wizardLog.shift();
  }

  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions<T>): Promise<T[]> {
    const qp = vscode.window.createQuickPick<T>();
    qp.title = this.heading();
    qp.placeholder = options.placeholder;
    qp.items = items;
    qp.ignoreFocusOut = true;
    qp.matchOnDescription = true;
    qp.canSelectMany = options.canPickMany === true;
    if (this.canGoBack) qp.buttons = [vscode.QuickInputButtons.Back];
    if (options.canPickMany) qp.selectedItems = options.selected ?? [];
    else if (options.active) qp.activeItems = [options.active];
    this.record({ kind: 'pick', items: items.map((i) => i.label), ...(options.active ? { active: options.active.label } : {}) });
    return new Promise<T[]>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void): void => {
        if (settled) return;
        settled = true;
        f();
        qp.dispose();
      };
      qp.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) done(() => reject(new WizardBack()));
      });
      qp.onDidAccept(() => {
        const chosen = options.canPickMany ? [...qp.selectedItems] : [...qp.activeItems];
        if (!chosen.length && !options.canPickMany) return;
        done(() => resolve(chosen));
      });
      qp.onDidHide(() => done(() => reject(new WizardCancelled())));
      qp.show();
    });
  }

  async pickOne<T extends vscode.QuickPickItem>(items: readonly T[], options: PickOptions<T>): Promise<T> {
    return (await this.pick(items, options))[0]!;
  }

  input(options: InputOptions): Promise<string> {
    const box = vscode.window.createInputBox();
    box.title = this.heading();
    box.prompt = options.prompt;
    box.value = options.value ?? '';
    box.placeholder = options.placeholder;
    box.ignoreFocusOut = true;
    box.password = options.password === true;
    if (this.canGoBack) box.buttons = [vscode.QuickInputButtons.Back];
    // A passphrase is taken as typed: spaces are part of it.
    const clean = (v: string): string => (options.password ? v : v.trim());
    const check = (v: string): void => {
      box.validationMessage = options.validate?.(clean(v));
    };
    // An empty box is not yet wrong: its prompt stays visible (a validation message takes its
    // place) until something is typed or Enter is pressed; a notice says why it is asked again.
    if (box.value) check(box.value);
    else if (options.notice) box.validationMessage = { message: options.notice, severity: vscode.InputBoxValidationSeverity.Warning };
    const shown = { prompt: options.prompt, ...(options.notice ? { notice: options.notice } : {}) };
    this.record(options.password ? { kind: 'input', password: true, ...shown } : { kind: 'input', value: box.value, ...shown });
    return new Promise<string>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void): void => {
        if (settled) return;
        settled = true;
        f();
        box.dispose();
      };
      box.onDidChangeValue(check);
      box.onDidTriggerButton((b) => {
        if (b === vscode.QuickInputButtons.Back) done(() => reject(new WizardBack()));
      });
      box.onDidAccept(() => {
        const v = clean(box.value);
        const problem = options.validate?.(v);
        if (problem) {
          box.validationMessage = problem;
          return;
        }
        done(() => resolve(v));
      });
      box.onDidHide(() => done(() => reject(new WizardCancelled())));
      box.show();
    });
  }
}

/**
 * Runs the steps that apply, in order; Back goes to the previous step that was
 * asked. `from: 'last'` reopens the last step (coming back from the summary).
 * The counter includes the summary page that follows the questions. Returns the
 * number of question pages. `guesses`: properties of the initial state that are
 * defaults a page may change (the total waits for them).
 */
export async function runWizard<S>(title: string, steps: readonly WizardStep<S>[], state: S, from: 'first' | 'last' = 'first', guesses: readonly (keyof S)[] = []): Promise<number> {
  const target = state as object;
  // Answers known: what the state held when the flow began (arguments, a resumed flow's
  // answers; not the `guesses`, defaults a page will ask) and every property a step has set since.
  const guessed = new Set<PropertyKey>(from === 'first' ? guesses : []);
  const answered = new Set<PropertyKey>(Reflect.ownKeys(target).filter((k) => (target as Record<PropertyKey, unknown>)[k] !== undefined && !guessed.has(k)));
  const answering = new Proxy(target, {
    set: (t, k, v) => {
      answered.add(k);
      return Reflect.set(t, k, v);
    },
  }) as S;
  const applies = (s: WizardStep<S>): boolean => !s.when || s.when(state);
  /** Whether a step's `when` reads only answers already known: its verdict is final. */
  const decided = (s: WizardStep<S>): boolean => {
    if (!s.when) return true;
    let open = false;
    s.when(new Proxy(target, { get: (t, k) => ((open ||= !answered.has(k)), Reflect.get(t, k)) }) as S);
    return !open;
  };
  const counted = (): WizardStep<S>[] => steps.filter((s) => !s.followUp && applies(s));
  const history: number[] = [];
  let i = 0;
  if (from === 'last') {
    for (let j = 0; j < steps.length; j++) if (applies(steps[j]!)) history.push(j);
    i = history.pop() ?? 0;
  }
  while (i < steps.length) {
    const s = steps[i]!;
    if (!applies(s)) {
      i++;
      continue;
    }
    const pages = counted();
    const number = pages.filter((p) => steps.indexOf(p) <= i).length || 1;
    const fixed = steps.every((p) => p.followUp || decided(p));
    const page = new WizardPage(title, number, fixed ? pages.length + 1 : undefined, history.length > 0);
    try {
      await s.ask(page, answering);
      history.push(i);
      i++;
    } catch (err) {
      if (!(err instanceof WizardBack)) throw err;
      const previous = history.pop();
      if (previous !== undefined) i = previous;
    }
  }
  return counted().length;
}
