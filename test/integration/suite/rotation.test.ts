/**
 * Rotate CA (New Key)… inside the real VS Code: the wizard driven by VS Code's own
 * quick-input commands (step page with the next step preselected, counter, Back, the
 * summary listing every file before anything is written), the step's questions answered
 * through the quick-input fakes (new keys on reissue), the other steps with arguments (the
 * language server runs the CLI's driver), the step shown on the CAs in the Certificates
 * view, and openssl verify of the re-issued certificate against the bundle and the new CA.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CertwrightApi } from '../../../client/src/extension';
import type { WizardShown } from '../../../client/src/commands/issue/wizard';
import type { RotateCaResult } from '../../../server/src/protocol/issue';
import type { ListCertificatesResult, PkiNode } from '../../../server/src/protocol/inspect';
import { activate, closeWizardsAndEditors, workspaceUri } from './helpers';
import { withFakeQuickInputs } from './wizardFakes';

const dir = 'rotate-it/pg';
const file = (...segments: string[]): string => workspaceUri(...dir.split('/'), ...segments).fsPath;
const certs = (path: string): number => (readFileSync(path, 'utf8').match(/BEGIN CERTIFICATE/g) ?? []).length;
const fingerprint = (pem: string): string => new X509Certificate(pem).fingerprint256;
const accept = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
const back = (): Thenable<unknown> => vscode.commands.executeCommand('workbench.action.quickInputBack');
const rotate = (step: string, extra: Record<string, unknown> = {}): Thenable<RotateCaResult> => vscode.commands.executeCommand<RotateCaResult>('certwright.rotateCa', { dir, profile: 'postgres', step, ...extra });

let api: CertwrightApi;

/** Waits until the wizard shows a page after `seen` pages that `accept` likes. */
async function nextPage(seen: number, like: (p: WizardShown) => boolean, timeoutMs = 30_000): Promise<WizardShown> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const page = api.wizardPages.slice(seen).find(like);
    if (page) {
      await new Promise((r) => setTimeout(r, 300)); // let the quick input finish opening
      return page;
    }
    if (Date.now() > until) throw new Error(`no wizard page after ${seen}: ${JSON.stringify(api.wizardPages.slice(-3))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The description the Certificates view shows on the CA certificate with this fingerprint. */
/** The CA row's description once it matches `expected` (the rotation note is fetched after the row is drawn), or the last one seen. */
async function caDescription(fp: string, expected: RegExp): Promise<string> {
  await vscode.commands.executeCommand('certwright.refreshCertificates');
  const t = await vscode.commands.executeCommand<ListCertificatesResult>('certwright.getCertificateTree');
  const find = (nodes: readonly PkiNode[]): PkiNode | undefined => {
    for (const n of nodes) {
      if (n.sha256 === fp) return n;
      const hit = find(n.children);
      if (hit) return hit;
    }
    return undefined;
  };
  const node = find(t?.roots ?? []);
  assert.ok(node, `no certificate ${fp} in the tree`);
  let description = '';
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    description = String((await api.certificateTreeItem(node.id))?.description ?? '');
    if (expected.test(description)) break;
  }
  return description;
}

suite('Rotate CA from the palette', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activate();
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'postgres', dir, keyType: 'p256' });
    await vscode.commands.executeCommand('certwright.issueNodeCert', { profile: 'postgres', dir, sans: ['127.0.0.1'], keyType: 'p256' });
  });

  suiteTeardown(closeWizardsAndEditors);

  test('the wizard: step page with the next step preselected, counter 1 then 2/4 … 4/4, Back keeps the answer, the summary lists the files; the view shows the step on both CAs', async function () {
    this.timeout(120_000);
    assert.equal((await rotate('status')).status.phase, 'none');
    await assert.rejects(Promise.resolve(rotate('publish')), /next step is new-ca/);
    const oldFp = fingerprint(readFileSync(file('root.crt'), 'utf8'));
    let mark = api.wizardPages.length;
    const page = async (step: number, timeoutMs?: number): Promise<WizardShown> => {
      const p = await nextPage(mark, (x) => x.title === 'Rotate CA' && x.step === step, timeoutMs);
      mark = api.wizardPages.length;
      return p;
    };
    // From the explorer's context menu on the CA folder: that CA, no CA page.
    const run = vscode.commands.executeCommand<RotateCaResult | undefined>('certwright.rotateCa', workspaceUri(...dir.split('/')));

    const steps = await page(1);
    // The step picked decides the pages after it: no total until it is.
    assert.deepEqual([steps.kind, steps.total, steps.back], ['pick', undefined, false], JSON.stringify(steps));
    assert.equal(steps.items?.length, 4, JSON.stringify(steps.items));
    assert.match(steps.active ?? '', /Create the new CA/, 'the next step is preselected');
    await accept();

    const key = await page(2);
    assert.deepEqual([key.total, key.back, key.active], [4, true, 'ECDSA P-256'], 'the new CA defaults to the old CA\'s kind of key');
    await back();
    const again = await page(1);
    assert.match(again.active ?? '', /Create the new CA/, 'Back keeps the answer');
    await accept();
    await page(2);
    await accept();
    const days = await page(3);
    assert.deepEqual([days.kind, days.value], ['input', '3650']);
    await accept();

    const summary = await page(4, 60_000);
    assert.deepEqual([summary.total, summary.back], [4, true]);
    assert.ok(summary.items?.some((i) => /rotation\/next-ca\.crt$/.test(i)), JSON.stringify(summary.items));
    assert.ok(summary.items?.some((i) => /rotation\/state\.json$/.test(i)), JSON.stringify(summary.items));
    assert.equal(existsSync(file('ca-private', 'rotation', 'next-ca.crt')), false, 'nothing is written before "Write"');
    await accept(); // "Write"
    const created = await run;
    assert.equal(created?.status.phase, 'created');
    assert.equal(created?.status.next, 'publish');
    assert.ok(existsSync(file('ca-private', 'rotation', 'next-ca.key')));
    const newPem = readFileSync(file('ca-private', 'rotation', 'next-ca.crt'), 'utf8');
    const newFp = fingerprint(newPem);
    const newCaAlone = join(mkdtempSync(join(tmpdir(), 'certwright-rotate-')), 'new-ca.crt');
    writeFileSync(newCaAlone, newPem);

    {
      const note = /rotation: created, next: publish \(this CA is being replaced\)/;
      assert.match(await caDescription(oldFp, note), note);
    }
    assert.equal((await rotate('new-ca')).result?.alreadyDone, true, 'new-ca again changes nothing');

    await rotate('publish');
    assert.equal(certs(file('root.crt')), 2, 'root.crt holds old + new');
    {
      const note = /rotation: published, next: reissue \(the new CA\)/;
      assert.match(await caDescription(newFp, note), note);
    }

    // reissue from the palette, with new keys: the summary lists the certificate and its key.
    const before = { crt: readFileSync(file('server.crt'), 'utf8'), key: readFileSync(file('server.key'), 'utf8') };
    const dry = await rotate('reissue', { dryRun: true });
    assert.ok(dry.result?.plan.files.some((f) => f.path === 'server.crt'), 'the dry run plans the server certificate');
    assert.equal(readFileSync(file('server.crt'), 'utf8'), before.crt, 'a dry run writes nothing');
    const seen: string[] = [];
    const reissued = await withFakeQuickInputs(
      {
        pick: (items, placeholder) => {
          seen.push(placeholder);
          if (/^Summary/.test(placeholder)) {
            assert.ok(items.some((i) => / server\.key$/.test(i.label)), JSON.stringify(items.map((i) => i.label)));
            return [items[0]!];
          }
          if (/Keys of the re-issued/.test(placeholder)) return [items.find((i) => i.label === 'New keys')!];
          return [items.find((i) => /^\$\(arrow-right\)/.test(i.label))!];
        },
        input: () => {
          throw new Error('no input expected');
        },
      },
      () => vscode.commands.executeCommand<RotateCaResult>('certwright.rotateCa', workspaceUri(...dir.split('/'))),
    );
    assert.equal(seen.length, 3, seen.join(' | '));
    assert.deepEqual(reissued?.result?.reissued.map((r) => r.path), ['server.crt']);
    assert.notEqual(readFileSync(file('server.key'), 'utf8'), before.key, 'a new key');
    assert.equal(existsSync(file('ca-private', 'rotation', 'next-ca.key')), false, 'the new CA key is only the CA key now');
    // openssl: the re-issued certificate verifies against the published bundle and against the new CA alone.
    const verify = (ca: string): string => execFileSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', ca, file('server.crt')], { encoding: 'utf8' });
    assert.match(verify(file('root.crt')), /: OK/);
    assert.match(verify(newCaAlone), /: OK/);

    const retired = await rotate('retire');
    assert.equal(retired.status.phase, 'retired');
    assert.equal(certs(file('root.crt')), 1);
    assert.equal(fingerprint(readFileSync(file('root.crt'), 'utf8')), newFp, 'root.crt is the new CA alone');
    assert.match(verify(file('root.crt')), /: OK/);
    assert.match(await caDescription(newFp, /rotation complete/), /rotation complete/);
  });

  test("Renew Certificate on the CA certificate (same key) replaces CockroachDB's per-node copies of it, as `certwright renew` does", async function () {
    this.timeout(60_000);
    const crdb = 'rotate-it/crdb';
    const at = (...p: string[]): string => workspaceUri('rotate-it', 'crdb', ...p).fsPath;
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'cockroach', dir: crdb, keyType: 'p256' });
    await vscode.commands.executeCommand('certwright.issueNodeCert', { profile: 'cockroach', dir: crdb, name: 'n1', sans: ['127.0.0.1'], keyType: 'p256' });
    const old = readFileSync(at('certs', 'ca.crt'), 'utf8');
    assert.equal(readFileSync(at('certs', 'n1', 'ca.crt'), 'utf8'), old, 'the node folder holds a copy of the CA file');
    await vscode.commands.executeCommand('certwright.renewCertificate', { profile: 'cockroach', dir: crdb, cert: 'certs/ca.crt', days: 4000 });
    const renewed = readFileSync(at('certs', 'ca.crt'), 'utf8');
    assert.notEqual(renewed, old);
    assert.equal(readFileSync(at('certs', 'n1', 'ca.crt'), 'utf8'), renewed, "the node's copy is the renewed CA certificate");
    const v = execFileSync('openssl', ['verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', at('certs', 'n1', 'ca.crt'), at('certs', 'n1', 'node.crt')], { encoding: 'utf8' });
    assert.match(v, /: OK/, 'the node certificate issued before the renewal verifies against the renewed copy');
  });
});
