/**
 * Clients other than VS Code, against the BUILT server over stdio: the position encoding
 * a client offers (UTF-16 is the one every client must support, and the server says so),
 * with text where UTF-8, UTF-16 and UTF-32 columns differ; a client that never answers
 * the server's requests; a client that names its workspace only with the deprecated
 * rootPath; a client without relatedInformation. Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { dmPki, makePki, type Pki } from '../unit/setup/helpers';
import { serverApplyEditCommand } from '../../server/src/protocol/client';
import { fileUri, startClient, type TestClient } from './lspClient';

/**
 * An openssl.cnf whose columns differ in every encoding: a BOM, CJK, an emoji (two UTF-16
 * units, four UTF-8 bytes, one code point) and a combining accent before each thing a range
 * points at.
 */
const cnfLines = [
  '\uFEFF# 证书配置 — 中文注释 😀 e\u0301',
  '[ req ]',
  '😀 = x',
  'distinguished_name = dn',
  'prompt = no',
  'x509_extensions = v3_ca',
  '[ dn ] # 名前 😀',
  'CN = café e\u0301 😀 名字',
  'O = 組織😀 ${dn::CN} $nosuch::var',
  '[ v3_ca ]',
  'basicConstraints = 😀 critical, CA:TRUE',
  'keyUsage = 😀, keyCertSign, cRLSign',
  '',
];

/** The UTF-16 slice of `lines` a range covers (one line, or the rest of its first line and '…'). */
function covered(lines: readonly string[], r: lsp.Range): string {
  const first = lines[r.start.line] ?? '';
  return r.start.line === r.end.line ? first.slice(r.start.character, r.end.character) : `${first.slice(r.start.character)}…`;
}

const utf16 = (line: string, before: string): number => {
  const at = line.indexOf(before);
  assert.ok(at >= 0, `${before} in ${line}`);
  return at;
};

for (const offered of [['utf-8'], ['utf-32'], ['utf-8', 'utf-32', 'utf-16'], ['utf-16'], undefined]) {
  for (const eol of ['\n', '\r\n']) {
    describe(`positions with general.positionEncodings ${JSON.stringify(offered ?? null)}, ${JSON.stringify(eol)} line ends`, () => {
      let client: TestClient;
      let dir = '';
      let uri = '';
      const text = cnfLines.join(eol);
      const lines = text.split(eol);
      before(async () => {
        dir = mkdtempSync(join(tmpdir(), 'cw-clients-enc-'));
        client = await startClient({
          rootPath: dir,
          capabilities: {
            ...(offered ? { general: { positionEncodings: offered } } : {}),
            textDocument: { hover: { contentFormat: ['plaintext'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: false } },
          },
        });
        uri = client.open(join(dir, 'openssl.cnf'), 'openssl-conf', text);
      });
      after(async () => {
        await client.shutdown();
        rmSync(dir, { recursive: true, force: true });
      });

      test('the server says it speaks UTF-16', () => {
        assert.equal(client.initializeResult.capabilities.positionEncoding, 'utf-16');
      });

      test('diagnostics, symbols, hover, definition, references and quick-fix edits cover the right text in UTF-16 units', async () => {
        const ds = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'X509-KU-1'));
        const shown = ds.map((d) => `${String(d.code)} ${covered(lines, d.range)}`).sort();
        assert.deepEqual(shown, ['CNF-003 😀 = x', 'CNF-060 $nosuch::var', 'X509-BC-1 😀 critical', 'X509-KU-1 😀']);

        const symbols = await client.request<lsp.SymbolInformation[]>('textDocument/documentSymbol', { textDocument: { uri } });
        const cn = symbols.find((s) => s.name === 'CN');
        assert.equal(cn && covered(lines, cn.location.range), 'CN = café e\u0301 😀 名字');

        const at = { line: 8, character: utf16(lines[8]!, '${dn::CN}') + 7 };
        const hover = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: at });
        assert.equal(hover?.range && covered(lines, hover.range), '${dn::CN}');
        assert.match((hover?.contents as lsp.MarkupContent).value, /café e\u0301 😀 名字/);

        const onDn = { line: 3, character: utf16(lines[3]!, 'dn') + 1 };
        const def = await client.request<lsp.Location[]>('textDocument/definition', { textDocument: { uri }, position: onDn });
        assert.deepEqual(def.map((l) => `${l.range.start.line}:${covered(lines, l.range)}`), ['6:dn']);
        const refs = await client.request<lsp.Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 6, character: 3 }, context: { includeDeclaration: true } });
        assert.deepEqual(refs.map((l) => `${l.range.start.line}:${covered(lines, l.range)}`), ['3:dn', '6:dn', '8:dn']);

        const ku = ds.find((d) => d.code === 'X509-KU-1')!;
        const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: ku.range, context: { diagnostics: [ku] } });
        const disable = actions.find((a) => /^Disable X509-KU-1/.test(a.title));
        const edit = disable?.edit?.changes?.[uri]?.[0];
        assert.ok(edit, JSON.stringify(actions.map((a) => a.title)));
        assert.deepEqual(edit.range.start, { line: 0, character: 0 });
        assert.ok(edit.newText.endsWith(eol), JSON.stringify(edit.newText));
      });

      test('an incremental edit after the emoji is applied in UTF-16 units', async () => {
        // `😀 critical` → `critical`: the two units of the emoji and the space.
        const line = 10;
        const start = utf16(lines[line]!, '😀');
        const fixed = client.diagnostics(uri, (p) => p.version === 2);
        client.change(uri, 2, [{ range: { start: { line, character: start }, end: { line, character: start + 3 } }, text: '' }]);
        const ds = await fixed;
        assert.deepEqual(ds.map((d) => String(d.code)).sort(), ['CNF-003', 'CNF-060', 'X509-KU-1']);
        const ku = ds.find((d) => d.code === 'X509-KU-1')!;
        assert.equal(covered(lines, ku.range), '😀');
      });
    });
  }
}

for (const [how, broken] of [['never answers them', { neverAnswers: ['workspace/configuration', 'client/registerCapability'] }], ['refuses to watch files', { refuses: ['client/registerCapability'] }]] as const) {
  describe(`a client that declares workspace/configuration and registerCapability but ${how}`, () => {
    let client: TestClient;
    let dir = '';
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'cw-clients-silent-'));
      client = await startClient({
        rootPath: dir,
        capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, window: { workDoneProgress: true } },
        ...broken,
        initializationOptions: { certwright: { rules: { 'REQ-008': 'hint' } } },
      });
    });
    after(async () => {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    });

    test('still gets diagnostics, with the settings it pushed, for every document it opens', async () => {
      const text = '[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = x\n';
      for (const name of ['a.cnf', 'b.cnf']) {
        const uri = client.open(join(dir, name), 'openssl-conf', text);
        const ds = await client.diagnostics(uri, (p) => p.diagnostics.length > 0, 20_000);
        assert.equal(ds.find((d) => d.code === 'REQ-008')?.severity, 4, JSON.stringify(ds));
      }
      assert.ok(client.serverRequests().some((r) => r.method === 'workspace/configuration'));
    });

    test('the server watches the files diagnostics depend on itself: an included file created on disk clears the warning', async () => {
      assert.ok(client.serverRequests().some((r) => r.method === 'client/registerCapability'), 'registration was asked for');
      // The server gives up on the client's watching (at once on a refusal, after a bounded wait on silence).
      await client.logged(/watching dependencies in the server/, 20_000);
      const included = join(dir, 'extra.cnf');
      const u = client.open(join(dir, 'includer.cnf'), 'openssl-conf', `.include ${included}\n[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = x\n`);
      await client.diagnostics(u, (p) => p.diagnostics.some((d) => d.code === 'CNF-050'), 20_000);
      const cleared = client.diagnostics(u, (p) => !p.diagnostics.some((d) => d.code === 'CNF-050'), 20_000);
      writeFileSync(included, '# now it exists\n');
      await cleared;
    });
  });
}

describe('a client that names its workspace with rootPath only (no rootUri, no workspaceFolders)', () => {
  let client: TestClient;
  let dir = '';
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-clients-rootpath-'));
    // A script of the workspace signs with -name CA_root, where [ CA_root ] has no serial: openssl ca fails.
    writeFileSync(join(dir, 'gen.sh'), '#!/bin/sh\nopenssl ca -batch -config ca.cnf -name CA_root -in node.csr -out node.crt\n');
    client = await startClient({ rootPath: dir, rootAs: 'rootPath' });
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the workspace is the rootPath folder: its scripts say how the configuration file is used', async () => {
    const cnf = '[ ca ]\n[ CA_root ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\ndefault_md = sha256\ndefault_days = 30\npolicy = pol\n[ pol ]\nCN = supplied\n';
    writeFileSync(join(dir, 'ca.cnf'), cnf);
    const uri = client.open(join(dir, 'ca.cnf'), 'openssl-conf', cnf);
    const ds = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'CA-001' && d.severity === 1));
    assert.match(String(ds.find((d) => d.severity === 1)!.message), /CA_root::serial/);
  });
});

describe('a workspace folder added after start (workspace/didChangeWorkspaceFolders)', () => {
  let client: TestClient;
  let empty = '';
  let dir = '';
  before(async () => {
    empty = mkdtempSync(join(tmpdir(), 'cw-clients-folders-empty-'));
    dir = mkdtempSync(join(tmpdir(), 'cw-clients-folders-'));
    writeFileSync(join(dir, 'gen.sh'), '#!/bin/sh\nopenssl ca -batch -config ca.cnf -name CA_root -in node.csr -out node.crt\n');
    client = await startClient({ rootPath: empty, capabilities: { workspace: { workspaceFolders: true } } });
  });
  after(async () => {
    await client.shutdown();
    rmSync(empty, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  test('the server declares it follows folder changes; the new folder\'s scripts then judge its configuration file', async () => {
    assert.deepEqual(client.initializeResult.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
    const cnf = '[ ca ]\n[ CA_root ]\ndatabase = index.txt\nnew_certs_dir = .\ncertificate = ca.crt\nprivate_key = ca.key\ndefault_md = sha256\ndefault_days = 30\npolicy = pol\n[ pol ]\nCN = supplied\n';
    writeFileSync(join(dir, 'ca.cnf'), cnf);
    const uri = client.open(join(dir, 'ca.cnf'), 'openssl-conf', cnf);
    const first = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'CA-001'));
    assert.ok(first.every((d) => d.severity !== 1), 'outside the workspace: no script is known, warnings only');
    const judged = client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'CA-001' && d.severity === 1));
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: fileUri(dir), name: 'added' }], removed: [] } } satisfies lsp.DidChangeWorkspaceFoldersParams);
    assert.match(String((await judged).find((d) => d.severity === 1)!.message), /CA_root::serial/);
  });
});

describe('related places, by what the client declares', () => {
  let pki: Pki;
  const config = 'name = "worker1"\nworker-addr = ":8262"\nadvertise-addr = "127.0.0.1:8262"\njoin = "127.0.0.1:8261"\nssl-ca = "../tls/ca.pem"\nssl-cert = "../tls/dm.pem"\nssl-key = "../tls/other.key"\n';
  before(() => {
    pki = makePki('cw-clients-related-');
    const { ca } = dmPki(pki);
    pki.leaf({ cert: 'tls/other.pem', key: 'tls/other.key', ca, cn: 'other', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth' });
  });
  after(() => pki.cleanup());

  for (const related of [true, false]) {
    test(related ? 'relatedInformation declared: the places come as relatedInformation' : 'relatedInformation not declared (Eglot): each place is a line of the message', async () => {
      const client = await startClient({ rootPath: pki.dir, capabilities: { textDocument: { publishDiagnostics: { relatedInformation: related } } } });
      try {
        const path = pki.write('conf/dm-worker.toml', config);
        const uri = client.open(path, 'toml', config);
        const ds = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'DM-019'));
        const d = ds.find((x) => x.code === 'DM-019')!;
        const message = String(d.message);
        const places = [`${pki.path('tls/other.key')}:1`, `${pki.path('tls/dm.pem')}:1`];
        if (related) {
          assert.equal(d.relatedInformation?.length, 2);
          for (const p of places) assert.ok(!message.includes(p), message);
        } else {
          assert.equal(d.relatedInformation, undefined);
          const tail = message.split('\n').slice(1);
          assert.equal(tail.length, 2, message);
          for (const [i, p] of places.entries()) assert.ok(tail[i]!.endsWith(`: ${p}`), message);
        }
      } finally {
        await client.shutdown();
      }
    });
  }
});

describe('a client without CodeAction literals (LSP 3.0: textDocument/codeAction answers Commands)', () => {
  let dir = '';
  const text = '[ req ]\ndistinguished_name = dn\n[ dn ]\nCN = example\n';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cw-clients-commands-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const actionsFor = async (client: TestClient): Promise<Array<lsp.Command | lsp.CodeAction>> => {
    const uri = client.open(join(dir, 'openssl.cnf'), 'openssl-conf', text);
    const ds = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'REQ-008'));
    const req = ds.find((d) => d.code === 'REQ-008')!;
    return client.request('textDocument/codeAction', { textDocument: { uri }, range: req.range, context: { diagnostics: [req] } });
  };

  test('with workspace.applyEdit: each quick fix is a command; running it sends the edit with workspace/applyEdit', async () => {
    const client = await startClient({ rootPath: dir, codeActionLiterals: false, capabilities: { workspace: { applyEdit: true } } });
    try {
      assert.equal(client.initializeResult.capabilities.codeActionProvider, true);
      assert.ok(client.initializeResult.capabilities.executeCommandProvider?.commands.includes(serverApplyEditCommand));
      const actions = await actionsFor(client);
      assert.ok(actions.length >= 2, JSON.stringify(actions));
      for (const a of actions) {
        assert.equal(typeof a.command, 'string', `a Command, got ${JSON.stringify(a)}`);
        assert.ok(!('kind' in a) && !('edit' in a) && !('diagnostics' in a), JSON.stringify(a));
      }
      const prompt = actions.find((a) => /prompt = no/.test(a.title)) as lsp.Command;
      assert.equal(prompt.command, serverApplyEditCommand);
      assert.equal(await client.request('workspace/executeCommand', { command: prompt.command, arguments: prompt.arguments }), true);
      const sent = client.serverRequests().filter((r) => r.method === 'workspace/applyEdit');
      assert.equal(sent.length, 1);
      const edits = Object.values((sent[0]!.params as lsp.ApplyWorkspaceEditParams).edit.changes ?? {}).flat();
      assert.ok(edits.some((e) => e.newText.includes('prompt = no')), JSON.stringify(edits));
    } finally {
      await client.shutdown();
    }
  });

  test('without workspace.applyEdit: the fixes that edit are left out, and the server declares no code action kinds', async () => {
    const client = await startClient({ rootPath: dir, codeActionLiterals: false, capabilities: {} });
    try {
      assert.equal(client.initializeResult.capabilities.codeActionProvider, true);
      const actions = await actionsFor(client);
      assert.ok(actions.every((a) => typeof a.command === 'string' && a.command !== serverApplyEditCommand), JSON.stringify(actions));
    } finally {
      await client.shutdown();
    }
  });

  test('a client with literals still gets CodeActions with their kinds and edits', async () => {
    const client = await startClient({ rootPath: dir });
    try {
      assert.deepEqual(client.initializeResult.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor.rewrite'] });
      const prompt = (await actionsFor(client)).find((a) => /prompt = no/.test(a.title)) as lsp.CodeAction;
      assert.equal(prompt.kind, 'quickfix');
      assert.ok(prompt.edit);
    } finally {
      await client.shutdown();
    }
  });
});
