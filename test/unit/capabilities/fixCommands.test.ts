/**
 * A fix's client command goes to a client that declares it (the VS Code extension runs
 * `certwright.fixKeyPermissions`); any other client gets the server's command doing the same,
 * which it sends back with workspace/executeCommand (it would otherwise be unknown to the server).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixesToCodeActions, toDiagnostic } from '../../../server/src/convert';
import { serverCommands } from '../../../server/src/features/manifest';
import { fixKeyPermissionsCommand, fixKeyPermissionsServerCommand } from '../../../server/src/protocol/setup';

const doc = TextDocument.create('file:///w/certs/ca.crt', 'pem', 1, '-----BEGIN CERTIFICATE-----\n');
const d = toDiagnostic(doc, {
  code: 'CRDB-021',
  severity: 'error',
  start: 0,
  end: 5,
  message: 'loose key',
  fixes: [
    { title: 'Set node.key to 0600', command: { id: fixKeyPermissionsCommand, args: ['/w/certs/node.key'] } },
    { title: 'Something else', command: { id: 'certwright.server.checkWorkspace', args: [] } },
  ],
});

test('a client that declares the command runs it itself', () => {
  const [chmod, other] = fixesToCodeActions(doc, d, new Set([fixKeyPermissionsCommand]));
  assert.deepEqual(chmod!.command, { title: 'Set node.key to 0600', command: fixKeyPermissionsCommand, arguments: ['/w/certs/node.key'] });
  assert.equal(other!.command!.command, 'certwright.server.checkWorkspace');
});

test('any other client gets the server command, one the server declares it executes', () => {
  for (const actions of [fixesToCodeActions(doc, d), fixesToCodeActions(doc, d, new Set(['editor.action.triggerSuggest']))]) {
    assert.deepEqual(actions[0]!.command, { title: 'Set node.key to 0600', command: fixKeyPermissionsServerCommand, arguments: ['/w/certs/node.key'] });
    assert.equal(actions[1]!.command!.command, 'certwright.server.checkWorkspace');
  }
  assert.ok(serverCommands.includes(fixKeyPermissionsServerCommand));
});
