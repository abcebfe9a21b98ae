/**
 * "Certwright: Explain TLS Error" in the real VS Code: a Go error about a
 * certificate made by openssl in the workspace opens a read-only explanation
 * that names the certificate and the fix; unknown text opens nothing.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, makeEcPki } from './helpers';

const dir = 'doctor-it';

interface Explained {
  recognised: boolean;
  explanations: Array<{ id: string; why: Array<{ file?: string }> }>;
  markdown: string;
  shownAt?: string;
}

suite('Explain TLS Error', () => {
  suiteSetup(async function () {
    this.timeout(60_000);
    await makeEcPki(dir, {
      caCn: 'Doctor IT Root',
      caDays: 365,
      leaf: 'node',
      leafCn: 'node',
      leafDays: 30,
      ext: 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nauthorityKeyIdentifier=keyid\n',
    });
    await activate();
  });
  suiteTeardown(closeAllEditors);

  test('a Go name mismatch is explained against the workspace and shown as a read-only document', async function () {
    this.timeout(30_000);
    const r = await vscode.commands.executeCommand<Explained>('certwright.explainTlsError', 'dial tcp: x509: certificate is valid for localhost, 127.0.0.1, not 10.0.0.7');
    assert.equal(r.recognised, true);
    assert.equal(r.explanations[0]!.id, 'go-x509-name-mismatch');
    assert.ok(r.explanations[0]!.why.some((w) => w.file === `${dir}/node.crt`), JSON.stringify(r.explanations[0]!.why));
    assert.ok(r.shownAt?.startsWith('certwright-explain:'), `shown at ${r.shownAt}`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(r.shownAt!));
    assert.match(doc.getText(), /doctor-it\/node\.crt/);
    assert.match(doc.getText(), /--san localhost,127\.0\.0\.1,10\.0\.0\.7/);
    assert.equal(doc.isDirty, false);
  });

  test('text without a known TLS error is not explained', async function () {
    this.timeout(30_000);
    const r = await vscode.commands.executeCommand<Explained>('certwright.explainTlsError', 'no space left on device');
    assert.equal(r.recognised, false);
  });
});
