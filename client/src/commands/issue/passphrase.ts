/**
 * The passphrase of an encrypted CA key, for every palette command that signs with it
 * (issue, renew, revoke, publish CRL, sign a CSR, init, ...): given as an argument
 * (automation), remembered in VS Code's secret storage when the user asked for that, or
 * asked with a password box. It goes to the language server with the CA material and
 * nowhere else: it is never logged, never recorded by the wizard log, and stored only on
 * the user's request, only in the secret storage (the OS keychain). A stored passphrase
 * the server rejects is forgotten.
 */
import * as vscode from 'vscode';
import { WizardBack, WizardCancelled, WizardPage } from './wizard';

const l10n = vscode.l10n;

/** What the CLI and openssl treat as an encrypted key: PKCS#8 `ENCRYPTED PRIVATE KEY` or a legacy `Proc-Type: 4,ENCRYPTED` PEM. */
export function isEncryptedKey(pem: string | undefined): boolean {
  return pem !== undefined && /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem);
}

/** The server's answer to a wrong passphrase (core/issue/keyCrypt.ts). */
export function isWrongPassphrase(err: unknown): boolean {
  return /wrong passphrase/i.test(err instanceof Error ? err.message : String(err));
}

/**
 * A new passphrase, typed twice on the page of `w`: the second box says nothing while it
 * is typed into (no "not the same" before the user is done) and compares on Enter. After a
 * mismatch both are asked again, the first box saying why, as passwd and ssh-keygen do.
 * Back on the second box returns to the first; Back on the first leaves the step.
 */
export async function askNewPassphrase(w: WizardPage, prompt: string, minLength: number): Promise<string> {
  const confirmPage = new WizardPage(w.title, w.step, w.total, true);
  let notice: string | undefined;
  for (;;) {
    const first = await w.input({ prompt, password: true, notice, validate: (v) => (v.length < minLength ? l10n.t('At least {0} characters.', minLength) : undefined) });
    try {
      const again = await confirmPage.input({ prompt: l10n.t('Type the same passphrase again to confirm it (Back to change it)'), password: true });
      if (again === first) return first;
      notice = l10n.t('The two passphrases were not the same. Type the passphrase again, then once more to confirm it.');
    } catch (e) {
      if (!(e instanceof WizardBack)) throw e;
      notice = undefined;
    }
  }
}

export type PassphraseSource = 'argument' | 'stored' | 'typed';

export interface Obtained {
  readonly passphrase: string;
  readonly source: PassphraseSource;
}

export class PassphraseCancelled extends Error {}

/** How many wrong passphrases a command accepts before it gives up. */
export const PASSPHRASE_TRIES = 3;

export class CaPassphrases {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** One entry per CA folder. */
  private id(dir: vscode.Uri): string {
    return `certwright.caPassphrase:${dir.toString()}`;
  }

  /**
   * The passphrase for the CA key `keyPath` in `dir`. `retry` is the message of the
   * previous attempt's rejection (a typed passphrase is asked again, a stored one is
   * forgotten first). Undefined without a prompt to ask it (automation without `passphrase`).
   */
  async obtain(dir: vscode.Uri, keyPath: string, title: string, options: { interactive: boolean; given?: string; retry?: string }): Promise<Obtained | undefined> {
    if (options.given !== undefined && options.retry === undefined) return { passphrase: options.given, source: 'argument' };
    if (options.retry === undefined) {
      const stored = await this.secrets.get(this.id(dir));
      if (stored !== undefined) return { passphrase: stored, source: 'stored' };
    }
    if (!options.interactive) return undefined;
    const page = new WizardPage(l10n.t('{0}: passphrase of the CA key', title), 1, 1, false);
    try {
      const passphrase = await page.input({
        prompt: options.retry ? l10n.t('{0} Type the passphrase of {1} again.', options.retry, keyPath) : l10n.t('{0} is encrypted: its passphrase (used for this operation only; not logged)', keyPath),
        password: true,
        validate: (v) => (v === '' ? l10n.t('The passphrase is empty.') : undefined),
      });
      return { passphrase, source: 'typed' };
    } catch (e) {
      if (e instanceof WizardCancelled || e instanceof WizardBack) throw new PassphraseCancelled(l10n.t('no passphrase given; nothing was written'));
      throw e;
    }
  }

  /**
   * Runs `run` (a request that signs with the key) with `first`; after a wrong passphrase
   * a stored one is forgotten and a person is asked again, up to PASSPHRASE_TRIES times.
   * Returns the result and the passphrase that worked.
   */
  async signing<T>(dir: vscode.Uri, keyPath: string, title: string, options: { interactive: boolean; given?: string }, first: Obtained | undefined, run: (passphrase: string | undefined) => Promise<T>): Promise<{ value: T; used: Obtained | undefined }> {
    let used = first;
    for (let tries = 1; ; tries++) {
      try {
        return { value: await run(used?.passphrase), used };
      } catch (err) {
        if (!used || !isWrongPassphrase(err)) throw err;
        if (used.source === 'stored') await this.secrets.delete(this.id(dir));
        const again = used.source !== 'argument' && tries < PASSPHRASE_TRIES ? await this.obtain(dir, keyPath, title, { ...options, retry: err instanceof Error ? err.message : String(err) }) : undefined;
        if (!again) throw err;
        used = again;
      }
    }
  }

  /**
   * After a passphrase worked: `remember` true stores it, false leaves it; undefined asks
   * (without waiting for the answer: a notification can stay open for long).
   */
  accepted(dir: vscode.Uri, obtained: Obtained, remember: boolean | undefined): Promise<void> {
    if (obtained.source !== 'typed' && !(obtained.source === 'argument' && remember)) return Promise.resolve();
    if (remember === true) return Promise.resolve(this.secrets.store(this.id(dir), obtained.passphrase));
    if (remember === false) return Promise.resolve();
    const keep = l10n.t('Remember');
    void vscode.window
      .showInformationMessage(l10n.t("Remember the passphrase of this CA key in VS Code's secret storage (the OS keychain)? Without it, every operation asks again."), keep, l10n.t('Not Now'))
      .then((choice) => (choice === keep ? this.secrets.store(this.id(dir), obtained.passphrase) : undefined));
    return Promise.resolve();
  }

  async forget(dir: vscode.Uri): Promise<void> {
    await this.secrets.delete(this.id(dir));
  }
}
