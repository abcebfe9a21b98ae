/**
 * Issuing inside the real VS Code: the palette commands run WITH ARGUMENTS (no
 * prompts), the server generates the keys, the client writes the plan through
 * workspace.fs. Checks the files, their modes (0600 keys, 0700 key folders) and
 * their content (PEM labels; CN, SANs, issuer, key match via node:crypto).
 */
import * as assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { IssueCommandResult } from '../../../client/src/commands/issue';
import { activate, closeAllEditors, extension, workspaceUri } from './helpers';
import { withFakeQuickInputs, type Answers } from './wizardFakes';

const dir = 'issue-it/cockroach';

function file(...segments: string[]): string {
  const uri = workspaceUri(...dir.split('/'), ...segments);
  assert.equal(uri.scheme, 'file', 'the test workspace is expected on the extension host machine');
  return uri.fsPath;
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function pemLabel(path: string): string {
  return /^-----BEGIN ([A-Z0-9 ]+)-----/.exec(readFileSync(path, 'utf8'))?.[1] ?? '(no PEM)';
}

suite('Issuing certificates from the palette', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await activate();
  });

  suiteTeardown(async () => {
    await closeAllEditors();
  });

  test('Create CA writes the CockroachDB CA: certificate, key in its own 0700 folder, OpenSSL state', async function () {
    this.timeout(60_000);
    const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.createCa', { profile: 'cockroach', dir, keyType: 'p256', days: 900 });
    assert.ok(result, 'createCa returned nothing');
    assert.equal(result.profile, 'cockroach');
    assert.ok(result.written.length >= 3, JSON.stringify(result.written));
    assert.equal(pemLabel(file('certs', 'ca.crt')), 'CERTIFICATE');
    assert.equal(pemLabel(file('ca-private', 'ca.key')), 'PRIVATE KEY');
    assert.equal(mode(file('ca-private', 'ca.key')), 0o600);
    assert.equal(mode(file('ca-private')), 0o700);
    const ca = new X509Certificate(readFileSync(file('certs', 'ca.crt')));
    assert.equal(ca.ca, true);
    assert.match(ca.subject, /CN=Cockroach CA/);
    assert.ok(ca.checkPrivateKey(createPrivateKey(readFileSync(file('ca-private', 'ca.key')))), 'CA key does not match the CA certificate');
    assert.ok(statSync(file('ca-private', 'index.txt')).isFile());
  });

  test('Issue node cert with arguments: node.crt / node.key, 0600 / 0700, CN=node, the given SANs, signed by the CA', async function () {
    this.timeout(60_000);
    const sans = ['localhost', '127.0.0.1', 'node1.example.internal'];
    const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.issueNodeCert', { profile: 'cockroach', dir, sans, keyType: 'p256' });
    assert.ok(result, 'issueNodeCert returned nothing');
    assert.ok(result.issued, 'no issued summary');
    const cert = file('certs', 'node.crt');
    const key = file('certs', 'node.key');
    assert.ok(result.written.some((u) => u.endsWith('/certs/node.key')), JSON.stringify(result.written));
    assert.equal(pemLabel(cert), 'CERTIFICATE');
    assert.equal(pemLabel(key), 'PRIVATE KEY');
    assert.equal(mode(key), 0o600);
    assert.equal(mode(file('certs')), 0o700);

    const x = new X509Certificate(readFileSync(cert));
    const ca = new X509Certificate(readFileSync(file('certs', 'ca.crt')));
    assert.match(x.subject, /CN=node/);
    assert.equal(x.ca, false);
    const altNames = x.subjectAltName ?? '';
    assert.match(altNames, /DNS:localhost/);
    assert.match(altNames, /IP Address:127\.0\.0\.1/);
    assert.match(altNames, /DNS:node1\.example\.internal/);
    assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(x.checkHost('node1.example.internal'), 'node1.example.internal');
    assert.equal(x.checkHost('other.example.internal'), undefined);
    assert.ok(x.checkIssued(ca), 'node.crt is not issued by ca.crt');
    assert.ok(x.verify(ca.publicKey), 'node.crt signature does not verify with the CA key');
    assert.ok(x.checkPrivateKey(createPrivateKey(readFileSync(key))), 'node.key does not match node.crt');
    // serverAuth + clientAuth (node certs are used as server and as client, rules doc CRDB-002)
    assert.deepEqual([...(x.keyUsage ?? [])].sort(), ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
  });

  test('Issue client cert for root: certs/client.root.crt, CN=root, clientAuth only', async function () {
    this.timeout(60_000);
    const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.issueClientCert', { profile: 'cockroach', dir, user: 'root', keyType: 'p256' });
    assert.ok(result?.issued);
    const x = new X509Certificate(readFileSync(file('certs', 'client.root.crt')));
    assert.match(x.subject, /CN=root/);
    assert.deepEqual([...(x.keyUsage ?? [])], ['1.3.6.1.5.5.7.3.2']);
    assert.equal(mode(file('certs', 'client.root.key')), 0o600);
  });

  test('never overwrites an existing key when told to refuse, and leaves it untouched', async function () {
    this.timeout(60_000);
    const before = readFileSync(file('certs', 'node.key'), 'utf8');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('certwright.issueNodeCert', { profile: 'cockroach', dir, sans: ['127.0.0.1'], keyType: 'p256', overwrite: false })),
      /refusing to overwrite/,
    );
    assert.equal(readFileSync(file('certs', 'node.key'), 'utf8'), before);
  });

  test('asks (modal) before overwriting an existing key: "no" keeps it, "Overwrite" replaces it, still 0600', async function () {
    this.timeout(60_000);
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = w.showWarningMessage;
    const asked: Array<{ message: string; options: vscode.MessageOptions | undefined }> = [];
    let answer: string | undefined;
    w.showWarningMessage = async (message: string, options?: vscode.MessageOptions | string) => {
      asked.push({ message, options: typeof options === 'object' ? options : undefined });
      return answer;
    };
    const args = { profile: 'cockroach', dir, sans: ['127.0.0.1'], keyType: 'p256' };
    try {
      const before = readFileSync(file('certs', 'node.key'), 'utf8');
      answer = undefined;
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('certwright.issueNodeCert', args)), /nothing was written/);
      assert.equal(asked.length, 1);
      assert.equal(asked[0]!.options?.modal, true);
      assert.match(asked[0]!.options?.detail ?? '', /certs\/node\.key/);
      assert.equal(readFileSync(file('certs', 'node.key'), 'utf8'), before);

      answer = 'Overwrite';
      const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.issueNodeCert', args);
      assert.ok(result?.written.some((u) => u.endsWith('/certs/node.key')));
      assert.notEqual(readFileSync(file('certs', 'node.key'), 'utf8'), before);
      assert.equal(mode(file('certs', 'node.key')), 0o600);
      assert.equal(new X509Certificate(readFileSync(file('certs', 'node.crt'))).subjectAltName, 'IP Address:127.0.0.1');
    } finally {
      w.showWarningMessage = saved;
    }
  });

  test('refuses in an untrusted workspace (isTrusted false), writing nothing', async function () {
    this.timeout(30_000);
    const ws = vscode.workspace as unknown as Record<string, unknown>;
    const own = Object.getOwnPropertyDescriptor(ws, 'isTrusted');
    assert.ok(own?.configurable, 'cannot simulate an untrusted workspace in this VS Code');
    Object.defineProperty(ws, 'isTrusted', { get: () => false, configurable: true });
    try {
      assert.equal(vscode.workspace.isTrusted, false);
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('certwright.createCa', { profile: 'generic', dir: 'issue-it/untrusted', keyType: 'p256' })),
        /trusted workspace/,
      );
    } finally {
      Object.defineProperty(ws, 'isTrusted', own);
    }
    assert.equal(vscode.workspace.isTrusted, true);
    assert.throws(() => statSync(workspaceUri('issue-it', 'untrusted').fsPath), /ENOENT/);
  });

  test('bad input is refused before anything is written (DN injection in the user name)', async function () {
    this.timeout(30_000);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('certwright.issueClientCert', { profile: 'cockroach', dir, user: 'root,O=evil' })), /not allowed/);
    assert.throws(() => statSync(file('certs', 'client.root,O=evil.crt')));
  });

  test('palette flow without arguments: prompts validate the user name, default to the CA found, offer key types with warnings', async function () {
    this.timeout(60_000);
    // Answer the prompts the way a person would, by replacing the window's prompt functions
    // for the duration of one command (the extension and this suite share the vscode API object).
    // Answer the wizard's pages the way a person would (wizardFakes: the real wizard code, fake quick inputs).
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = { showInformationMessage: w.showInformationMessage, showWarningMessage: w.showWarningMessage };
    const seen: string[] = [];
    let keyItems: Array<vscode.QuickPickItem & { k?: string }> = [];
    try {
      const answers: Answers = {
        pick: (list, placeholder) => {
          seen.push(`pick:${placeholder}`);
          if (/^Summary/.test(placeholder)) return [list[0]!];
          if (list.some((i) => i.k)) {
            keyItems = [...list];
            return [list.find((i) => i.k === 'p256')!];
          }
          return [list.find((i) => i.label.includes('issue-it/cockroach')) ?? list[0]!];
        },
        input: (prompt, value, validate) => {
          seen.push(`input:${prompt}`);
          if (/^Validity/.test(prompt)) {
            assert.ok(validate('0'), 'zero days accepted');
            return '20';
          }
          assert.ok(validate('alice,O=evil'), 'a comma in the user name was accepted');
          assert.ok(validate('alice\nCN=root'), 'a newline in the user name was accepted');
          assert.ok(validate('root'), 'a user that already has a certificate from this CA was accepted');
          assert.equal(validate('alice'), undefined);
          assert.equal(value, 'app', 'root already has a client certificate from this CA (issued above): the default is a user without one');
          return 'alice';
        },
      };
      w.showInformationMessage = async () => undefined;
      w.showWarningMessage = async () => undefined;
      const result = await withFakeQuickInputs(answers, () => vscode.commands.executeCommand<IssueCommandResult>('certwright.issueClientCert'));
      assert.ok(result, `the interactive flow did not finish; prompts seen: ${JSON.stringify(seen)}`);
      assert.ok(seen.some((s) => s.startsWith('input:SQL user')), JSON.stringify(seen));
      const ed = keyItems.find((i) => i.k === 'ed25519');
      assert.ok(ed?.detail && /TLS 1\.3/.test(ed.detail), `no Ed25519 warning in the key type picker: ${JSON.stringify(ed)}`);
      const x = new X509Certificate(readFileSync(file('certs', 'client.alice.crt')));
      assert.match(x.subject, /CN=alice/);
      const lifetimeDays = (Date.parse(x.validTo) - Date.parse(x.validFrom)) / 86_400_000;
      assert.ok(Math.abs(lifetimeDays - 20) <= 1, `asked for 20 days, got ${lifetimeDays}`);
      assert.equal(mode(file('certs', 'client.alice.key')), 0o600);
    } finally {
      Object.assign(w, saved);
    }
  });

  test('palette flow for a DM node: component pick, SAN multi-pick with localhost/127.0.0.1 offered plus typed names, CN default dm (DM\'s docs)', async function () {
    this.timeout(60_000);
    const dmDir = 'issue-it/dm';
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'dm', dir: dmDir, keyType: 'p256', days: 900 });
    const w = vscode.window as unknown as Record<string, unknown>;
    const saved = { showInformationMessage: w.showInformationMessage, showWarningMessage: w.showWarningMessage, showErrorMessage: w.showErrorMessage };
    const seen: string[] = [];
    let offeredSans: string[] = [];
    try {
      const answers: Answers = {
        pick: (list, placeholder, canPickMany) => {
          seen.push(`pick:${placeholder}`);
          if (/^Summary/.test(placeholder)) return [list[0]!];
          if (canPickMany) {
            offeredSans = list.filter((i) => !i.more).map((i) => i.label);
            return list.filter((i) => i.label === 'localhost' || i.label === '127.0.0.1' || i.more);
          }
          if (list.some((i) => i.k)) return [list.find((i) => i.k === 'p256')!];
          if (list.some((i) => i.label === 'worker')) return [list.find((i) => i.label === 'worker')!];
          return [list.find((i) => i.label.includes(dmDir))!];
        },
        input: (prompt, value, validate) => {
          seen.push(`input:${prompt}`);
          if (/^Validity/.test(prompt)) {
            assert.equal(value, '825');
            assert.ok(validate('ten'), 'a non-number accepted as days');
            return '60';
          }
          if (/DNS names \/ IP addresses/.test(prompt)) {
            assert.ok(validate('bad_name!'), 'an invalid SAN was accepted');
            return 'dm-worker.internal, 10.0.0.7';
          }
          assert.equal(value, 'dm', 'the DM CN default: DM\'s docs set cert-allowed-cn = ["dm"]');
          assert.ok(validate('dm/worker'));
          return value;
        },
      };
      w.showInformationMessage = async () => undefined;
      w.showWarningMessage = async () => undefined;
      w.showErrorMessage = async (message: string) => void seen.push(`error:${message}`);
      const result = await withFakeQuickInputs(answers, () => vscode.commands.executeCommand<IssueCommandResult>('certwright.issueNodeCert'));
      assert.ok(result, `the interactive flow did not finish; prompts seen: ${JSON.stringify(seen)}`);
    } finally {
      Object.assign(w, saved);
    }
    assert.ok(offeredSans.includes('localhost') && offeredSans.includes('127.0.0.1'), JSON.stringify(offeredSans));
    const certPath = workspaceUri(...dmDir.split('/'), 'worker-cert.pem').fsPath;
    const x = new X509Certificate(readFileSync(certPath));
    assert.match(x.subject, /CN=dm$/);
    assert.equal(x.subjectAltName, 'DNS:localhost, DNS:dm-worker.internal, IP Address:127.0.0.1, IP Address:10.0.0.7');
    assert.equal(mode(workspaceUri(...dmDir.split('/'), 'worker-key.pem').fsPath), 0o600);

    // Explorer context menu: "Revoke certificate" on worker-cert.pem passes its URI; only the reason is asked.
    const reasons: string[] = [];
    try {
      w.showInformationMessage = async () => undefined;
      w.showErrorMessage = async (message: string) => void reasons.push(`error:${message}`);
      const revoked = await withFakeQuickInputs(
        {
          pick: (list, placeholder) => {
            if (/^Summary/.test(placeholder)) return [list[0]!];
            reasons.push(...list.map((i) => i.label));
            return [list.find((i) => i.label === 'superseded')!];
          },
          input: () => assert.fail('no text is asked when revoking from the explorer'),
        },
        () => vscode.commands.executeCommand<IssueCommandResult>('certwright.revokeCertificate', vscode.Uri.file(certPath)),
      );
      assert.ok(revoked, JSON.stringify(reasons));
      assert.equal(revoked.profile, 'dm');
    } finally {
      Object.assign(w, saved);
    }
    assert.ok(reasons.includes('keyCompromise'), JSON.stringify(reasons));
    const index = readFileSync(workspaceUri(...dmDir.split('/'), 'ca-private', 'index.txt').fsPath, 'utf8');
    assert.match(index, /^R\t.*,superseded\t.*CN=dm$/m, index);
  });

  test("Publish CRL for an intermediate keeps the parent's CRL in the file (PostgreSQL checks a CRL for every CA of the chain)", async function () {
    this.timeout(90_000);
    // The CA pair is made by the CLI (no palette command creates an intermediate yet); the CRL is published from the editor.
    const cli = (...args: string[]): string => execFileSync(process.execPath, [`${extension().extensionPath}/dist/server/cli.js`, ...args], { cwd: workspaceUri().fsPath, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    cli('ca', 'create', '--profile', 'postgres', '--dir', 'crl-root', '--key', 'p256', '--pathlen', '1');
    cli('ca', 'create', '--profile', 'postgres', '--dir', 'crl-inter', '--parent', 'crl-root', '--key', 'p256');
    const published = await vscode.commands.executeCommand<IssueCommandResult>('certwright.publishCrl', { profile: 'postgres', dir: 'crl-inter', crlDays: 7 });
    const crlFile = published?.written.find((u) => u.endsWith('.crl') && !/parent/.test(u));
    assert.ok(crlFile, JSON.stringify(published?.written));
    const crls = readFileSync(vscode.Uri.parse(crlFile).fsPath, 'utf8').match(/-----BEGIN X509 CRL-----/g) ?? [];
    assert.equal(crls.length, 2, "the intermediate's CRL file must carry its own CRL and the root's");
  });

  test('Revoke certificate, Publish CRL and Renew certificate with arguments update the CA state and the files', async function () {
    this.timeout(60_000);
    const index = (): string => readFileSync(file('ca-private', 'index.txt'), 'utf8');
    const aliceSerial = new X509Certificate(readFileSync(file('certs', 'client.alice.crt'))).serialNumber.toUpperCase().replace(/^(00)+/, '');
    const revoked = await vscode.commands.executeCommand<IssueCommandResult>('certwright.revokeCertificate', { dir, cert: 'certs/client.alice.crt', reason: 'keyCompromise' });
    assert.equal(revoked?.profile, 'cockroach', 'the profile is found from the folder');
    assert.match(index(), new RegExp(`^R\\t[^\\t]+\\t[^\\t]+,keyCompromise\\t${aliceSerial}\\t.*CN=alice$`, 'm'));
    const crlFile = revoked.written.find((u) => u.endsWith('.crl'));
    assert.ok(crlFile, `no CRL written: ${JSON.stringify(revoked.written)}`);
    assert.equal(pemLabel(vscode.Uri.parse(crlFile).fsPath), 'X509 CRL');

    const published = await vscode.commands.executeCommand<IssueCommandResult>('certwright.publishCrl', { profile: 'cockroach', dir, crlDays: 7 });
    assert.ok(published?.written.some((u) => u.endsWith('.crl')), JSON.stringify(published?.written));

    const oldCert = new X509Certificate(readFileSync(file('certs', 'node.crt')));
    const oldKey = readFileSync(file('certs', 'node.key'), 'utf8');
    const same = await vscode.commands.executeCommand<IssueCommandResult>('certwright.renewCertificate', { dir, cert: 'certs/node.crt', days: 20 });
    assert.ok(same?.issued);
    const renewed = new X509Certificate(readFileSync(file('certs', 'node.crt')));
    assert.notEqual(renewed.serialNumber, oldCert.serialNumber);
    assert.equal(readFileSync(file('certs', 'node.key'), 'utf8'), oldKey, 'renewing with the same key changed the key file');
    assert.ok(renewed.checkPrivateKey(createPrivateKey(oldKey)));
    assert.equal(renewed.subjectAltName, oldCert.subjectAltName);

    const fresh = await vscode.commands.executeCommand<IssueCommandResult>('certwright.renewCertificate', { dir, cert: 'certs/node.crt', newKey: true, keyType: 'p256' });
    assert.ok(fresh?.issued);
    const newKey = readFileSync(file('certs', 'node.key'), 'utf8');
    assert.notEqual(newKey, oldKey);
    assert.equal(mode(file('certs', 'node.key')), 0o600);
    assert.ok(new X509Certificate(readFileSync(file('certs', 'node.crt'))).checkPrivateKey(createPrivateKey(newKey)));

    // The CA certificate is renewed as a CA: same key, and the node certificate issued before still verifies.
    const oldCa = new X509Certificate(readFileSync(file('certs', 'ca.crt')));
    const caKey = readFileSync(file('ca-private', 'ca.key'), 'utf8');
    const caRenewed = await vscode.commands.executeCommand<IssueCommandResult>('certwright.renewCertificate', { dir, cert: 'certs/ca.crt', days: 3650 });
    assert.ok(caRenewed?.issued);
    const newCa = new X509Certificate(readFileSync(file('certs', 'ca.crt')));
    assert.notEqual(newCa.serialNumber, oldCa.serialNumber);
    assert.equal(newCa.subject, oldCa.subject);
    assert.ok(newCa.ca && newCa.checkPrivateKey(createPrivateKey(caKey)));
    assert.equal(readFileSync(file('ca-private', 'ca.key'), 'utf8'), caKey, 'the CA key is untouched');
    assert.ok(new X509Certificate(readFileSync(file('certs', 'node.crt'))).verify(newCa.publicKey));
    // A revoked key is not certified again: alice's certificate was revoked for keyCompromise above.
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('certwright.renewCertificate', { dir, cert: 'certs/client.alice.crt' })), /keyCompromise.*--new-key/s);
  });

  test('RSA 4096 key generation runs in the language server: the extension host keeps turning', async function () {
    this.timeout(120_000);
    // Warm up first (server code paths, layout cache), so the measurement is about key generation.
    await vscode.commands.executeCommand('certwright.createCa', { profile: 'generic', dir: 'issue-it/warmup', keyType: 'p256', days: 2 });
    const gaps: number[] = [];
    const started = performance.now();
    let last = started;
    const timer = setInterval(() => {
      const now = performance.now();
      gaps.push(now - last);
      last = now;
    }, 10);
    const cpuBefore = process.cpuUsage();
    try {
      const result = await vscode.commands.executeCommand<IssueCommandResult>('certwright.createCa', { profile: 'generic', dir: 'issue-it/rsa4096', keyType: 'rsa4096', days: 30 });
      assert.ok(result?.written.length);
    } finally {
      clearInterval(timer);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const took = performance.now() - started;
    const worst = Math.max(0, ...gaps);
    const x = new X509Certificate(readFileSync(workspaceUri('issue-it', 'rsa4096', 'ca.crt').fsPath));
    assert.equal(x.publicKey.asymmetricKeyDetails?.modulusLength, 4096);
    const figures = `took ${took.toFixed(0)} ms wall, extension-host CPU ${cpuMs.toFixed(0)} ms, ${gaps.length} timer ticks, worst gap ${worst.toFixed(0)} ms`;
    console.log(`      RSA 4096 CA: ${figures}`);
    // Had the key been generated on this thread, one timer gap would span most of the run.
    // Gaps also depend on scheduling (goal 50 ms; seen 43 ms on a quiet machine, 90-180 ms
    // at load average 16-20 on 2 cores), so the bound only rules out a stall of most of
    // the run. (CPU time is reported, not asserted: the host also serves file events and
    // views while the files are written — seen ~480 ms over a 4 s run at load 19.)
    assert.ok(gaps.length > 0, `the timer never fired (${figures})`);
    assert.ok(worst < Math.max(1000, took * 0.6), `the extension host stalled (${figures})`);
  });

  test('Show equivalent openssl commands opens a read-only shell script with the openssl recipe, without key material, that never asks to be saved', async function () {
    this.timeout(30_000);
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('certwright.showOpensslCommands');
    assert.ok(doc, 'no document opened');
    assert.equal(doc.languageId, 'shellscript');
    assert.equal(doc.uri.scheme, 'certwright-openssl', 'a virtual document, not an untitled one');
    assert.equal(doc.isUntitled, false);
    assert.equal(doc.isDirty, false);
    assert.doesNotMatch(doc.getText(), /\d{2}:\d{2}:\d{2}\.\d{3}Z/, 'no raw ISO timestamp');
    const text = doc.getText();
    assert.match(text, /^#!\/bin\/sh/);
    assert.match(text, /\bopenssl\b/);
    assert.doesNotMatch(text, /PRIVATE KEY-----/);
  });
});
