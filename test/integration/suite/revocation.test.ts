/**
 * Revocation and the certificate rows in the real VS Code, on a CA run by the
 * real `openssl ca` inside the workspace: the revoked certificate's row opens
 * its deployed file (not the CA's newcerts/ copy) and lists both, carries the
 * revoked status, rows sharing the CN `dm` are told apart, the hover shows the
 * chain and the revocation with command links, and "Reveal in Certificates"
 * finds the row.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ListCertificatesResult, PkiNode } from '../../../server/src/protocol/inspect';
import { caFiles, makeOpensslCa } from '../../unit/pki/opensslCa';
import { activate, closeAllEditors, hoverText, workspaceUri } from './helpers';

const dir = 'revocation-it';

function all(nodes: readonly PkiNode[], out: PkiNode[] = []): PkiNode[] {
  for (const n of nodes) {
    out.push(n);
    all(n.children, out);
  }
  return out;
}

suite('Revocation in the Certificates view and hover', () => {
  let root: string;

  suiteSetup(async function () {
    this.timeout(60_000);
    root = workspaceUri(dir).fsPath;
    makeOpensslCa(root);
    await activate();
  });

  suiteTeardown(async () => {
    await closeAllEditors();
  });

  async function rows(): Promise<PkiNode[]> {
    await vscode.commands.executeCommand('certwright.refreshCertificates');
    const t = await vscode.commands.executeCommand<ListCertificatesResult>('certwright.getCertificateTree');
    assert.ok(t, 'certwright.getCertificateTree returned nothing');
    return all(t.roots).filter((n) => n.kind === 'certificate' && n.location.path.startsWith(root));
  }

  test('the revoked row: deployed file first, the newcerts/ copy second, revoked status; same-CN rows told apart', async function () {
    this.timeout(30_000);
    const certs = await rows();
    // Other suites' folders hold certificates with the same CNs: labels then carry a path as well.
    const named = (cn: string) => certs.filter((n) => n.label === cn || n.label.startsWith(`${cn} · `));
    const revoked = named('root').find((n) => n.location.path === `${root}/${caFiles.clientRoot}`);
    assert.ok(revoked, `rows: ${certs.map((n) => n.label).join(', ')}`);
    assert.equal(revoked.location.path, `${root}/${caFiles.clientRoot}`);
    assert.deepEqual(revoked.locations.map((l) => l.path.slice(root.length + 1)), [caFiles.clientRoot, 'demoCA/newcerts/1000.pem']);
    assert.equal(revoked.status[0], 'revoked');
    assert.match(revoked.description, /^revoked \d{4}-\d\d-\d\d · expires in/);
    assert.deepEqual(certs.filter((n) => n.label.startsWith('dm')).map((n) => n.label).sort(), ['dm · dm-client/dm.pem', 'dm · dm-master/dm.pem', 'dm · dm-worker/dm.pem']);
    assert.equal(certs.length, 7, 'one row per certificate, archive copies folded in');

    // "Reveal Certificate File" opens the deployed file.
    await vscode.commands.executeCommand('certwright.revealCertificateFile', revoked.id);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, `${root}/${caFiles.clientRoot}`);
    // The hover link's command finds the row in the view.
    assert.equal(await vscode.commands.executeCommand<boolean>('certwright.revealInCertificates', revoked.id), true);
  });

  test('hover on the deployed certificate: chain, revocation with reason, command links', async function () {
    this.timeout(30_000);
    const uri = vscode.Uri.file(`${root}/${caFiles.clientRoot}`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 2))).replace(/\\(.)/g, '$1');
    assert.match(text, /Issued by Cluster CA \(revocation-it\/demoCA\/cacert\.pem\), signature verified/);
    assert.match(text, /Cluster CA is self-signed and in this workspace/);
    assert.match(text, /\$\(error\) Revoked on \d{4}-\d\d-\d\d \(keyCompromise\) per the CRL revocation-it\/crl\/ca\.crl/);
    assert.match(text, /\[\$\(list-tree\) Reveal in Certificates\]\(command:certwright\.revealInCertificates\?/);
    const diagnostics = await waitFor(() => vscode.languages.getDiagnostics(uri).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'PEM-REVOKED'));
    assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Warning);
  });
});

async function waitFor<T>(get: () => T[], ms = 15_000): Promise<T[]> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v.length || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}
