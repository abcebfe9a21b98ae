import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { readClientCapabilities } from '../../../server/src/capabilities';
import { markdownToPlainText, snippetToPlainText } from '../../../server/src/plainText';

test('snippets become the text they insert by default', () => {
  assert.equal(snippetToPlainText('pathlen:${1:0}'), 'pathlen:0');
  assert.equal(snippetToPlainText('.include ${1:path}'), '.include path');
  assert.equal(snippetToPlainText('.pragma ${1|dollarid,abspath,includedir|}:${2}'), '.pragma dollarid:');
  assert.equal(snippetToPlainText('a $1 b $0'), 'a  b ');
  assert.equal(snippetToPlainText('cost \\$5 \\} ${1:x\\}y}'), 'cost $5 } x}y');
  assert.equal(snippetToPlainText('${1:outer ${2:inner}}'), 'outer inner');
  assert.equal(snippetToPlainText('plain } text'), 'plain } text');
});

test('Markdown becomes plain text: markers dropped, escapes and code spans literal', () => {
  assert.equal(markdownToPlainText('**Certificate** — CN=node · *server*'), 'Certificate — CN=node · server');
  assert.equal(markdownToPlainText('- **SANs:** IP:127\\.0\\.0\\.1, DNS:a\\-b'), '- SANs: IP:127.0.0.1, DNS:a-b');
  assert.equal(markdownToPlainText('Example: `basicConstraints = CA:TRUE` and `` a`b ``'), 'Example: basicConstraints = CA:TRUE and a`b');
  assert.equal(markdownToPlainText('# Title\n* item'), 'Title\n- item');
  assert.equal(markdownToPlainText('`'.repeat(3) + ' a `` b `'), '``` a `` b `');
  assert.equal(markdownToPlainText('an `unclosed code'), 'an `unclosed code');
  assert.equal(markdownToPlainText('\\*literal\\* and \\\\'), '*literal* and \\');
});

test('client capabilities are read once from initialize, untrusted shapes tolerated', () => {
  const none = readClientCapabilities({ capabilities: {} });
  assert.deepEqual([none.snippets, none.hoverMarkdown, none.completionMarkdown, none.configurationRequest, none.watchedFilesRegistration, none.showDocument], [false, false, false, false, false, false]);
  const eglot = readClientCapabilities({ capabilities: { textDocument: { hover: { contentFormat: ['plaintext'] } } } });
  assert.equal(eglot.hoverMarkdown, false);
  const nvim = readClientCapabilities({ capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } } } } });
  assert.deepEqual([nvim.hoverMarkdown, nvim.completionMarkdown, nvim.snippets], [true, true, false]);
  const prefersPlain = readClientCapabilities({ capabilities: { textDocument: { hover: { contentFormat: ['plaintext', 'markdown'] } } } });
  assert.equal(prefersPlain.hoverMarkdown, false);
  const vscode = readClientCapabilities({ capabilities: {}, initializationOptions: { clientCommands: ['certwright.showCertificateText', 7], clientWatchesFiles: true, certwright: { rules: {} } } });
  assert.deepEqual([...vscode.clientCommands], ['certwright.showCertificateText']);
  assert.equal(vscode.clientWatchesFiles, true);
  assert.deepEqual(vscode.initialSettings, { rules: {} });
  assert.equal(readClientCapabilities({ capabilities: {}, initializationOptions: 'junk' }).initialSettings, undefined);
  // A storage folder only as an absolute path (a relative one would depend on the server's working directory).
  const storage = (storagePath: unknown): string | undefined => readClientCapabilities({ capabilities: {}, initializationOptions: { storagePath } }).storagePath;
  assert.equal(storage('/home/u/.config/Code/User/workspaceStorage/x/certwright'), '/home/u/.config/Code/User/workspaceStorage/x/certwright');
  assert.equal(storage('C:\\Users\\u\\AppData\\certwright'), 'C:\\Users\\u\\AppData\\certwright');
  assert.equal(storage('relative/dir'), undefined);
  assert.equal(storage(7), undefined);
  assert.equal(readClientCapabilities({ capabilities: {} }).storagePath, undefined);
});
