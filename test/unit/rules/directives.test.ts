import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as lsp from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyDisableComments, disableCommentEdit, disabledInFile, lineCommentFor } from '../../../server/src/core/rules/directives';
import { applyRuleSettings } from '../../../server/src/core/linter';
import { cnfLinter } from '../../../server/src/core/cnf/linter';
import { defaultLintSettings, type Finding } from '../../../server/src/core/types';
import { toDiagnostic } from '../../../server/src/convert';
import { minimalClient, readClientCapabilities } from '../../../server/src/capabilities';
import { rulesFeature } from '../../../server/src/features/rules';
import { disableRuleInSettingsCommand } from '../../../server/src/protocol/client';
import type { FeatureContext } from '../../../server/src/features/feature';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { clearEdits, trackEdits } from '../../../server/src/core/cnf/edits';
import fc from 'fast-check';
import { noteRandomEdit } from '../cnf/helpers';

const finding = (code: string): Finding => ({ code, severity: 'warning', start: 0, end: 1, message: code });

test('a disable comment turns its codes off for the file, in #, ; and // comments, anywhere in the file', () => {
  assert.deepEqual([...disabledInFile('a = 1\n# certwright: disable=CNF-031, x509-san-1\n')], ['CNF-031', 'X509-SAN-1']);
  assert.deepEqual([...disabledInFile('; certwright: disable = PG-010\n// certwright:disable=DM-002\n')], ['PG-010', 'DM-002']);
  assert.deepEqual([...disabledInFile('a = 1 # certwright: disable=CNF-031\n')], [], 'only a whole-line comment counts (a value may hold anything)');
  assert.deepEqual([...disabledInFile('# certwright: profile=dm\n')], []);
  const kept = applyDisableComments([finding('CNF-031'), finding('CNF-020')], '# certwright: disable=CNF-031\n');
  assert.deepEqual(kept.map((f) => f.code), ['CNF-020']);
  assert.deepEqual(applyRuleSettings([finding('CNF-031'), finding('CNF-020')], { 'CNF-020': 'error' }, '#certwright: disable=CNF-031').map((f) => [f.code, f.severity]), [['CNF-020', 'error']]);
});

test('the edit adds a comment on the first line, after a shebang, or extends the existing list', () => {
  const apply = (text: string, code: string) => {
    const e = disableCommentEdit(text, code);
    return text.slice(0, e.start) + e.newText + text.slice(e.end);
  };
  assert.equal(apply('[req]\na = 1\n', 'CNF-031'), '# certwright: disable=CNF-031\n[req]\na = 1\n');
  assert.equal(apply('#!/bin/sh\ncockroach start\n', 'CRDB-030'), '#!/bin/sh\n# certwright: disable=CRDB-030\ncockroach start\n');
  assert.equal(apply('a\r\nb\r\n', 'CNF-031'), '# certwright: disable=CNF-031\r\na\r\nb\r\n');
  const twice = apply(apply('x = 1\n', 'CNF-031'), 'CNF-020');
  assert.equal(twice, '# certwright: disable=CNF-031, CNF-020\nx = 1\n');
  assert.deepEqual([...disabledInFile(twice)], ['CNF-031', 'CNF-020']);
});

test('the comment is offered only for formats whose readers ignore # lines', () => {
  assert.equal(lineCommentFor('/w/openssl.cnf'), '#');
  assert.equal(lineCommentFor('/w/dm-master.toml'), '#');
  assert.equal(lineCommentFor('/w/pg_hba.conf'), '#');
  assert.equal(lineCommentFor('/w/x', 'yaml'), '#');
  assert.equal(lineCommentFor('/w/node.crt'), undefined);
  assert.equal(lineCommentFor('/w/bundle.json', 'json'), undefined);
});

test('OpenSSL-facing lint: a disabled code disappears and the comment itself raises nothing', async () => {
  const text = '# certwright: disable=CNF-031\n[ req ]\nprompt = no\nprompt = no\n';
  const input = { path: '/tmp/openssl.cnf', text, languageId: 'openssl-conf' };
  const raw = await cnfLinter.lint(input, { env: nodeEnvironment(), settings: defaultLintSettings, workspaceRoots: [] });
  assert.ok(raw.some((f) => f.code === 'CNF-031'), 'the duplicate key is found');
  assert.deepEqual(raw.filter((f) => f.start < text.indexOf('\n')), [], 'the comment line itself is clean');
  assert.deepEqual(applyRuleSettings(raw, {}, text).filter((f) => f.code === 'CNF-031'), []);
});

test('codeDescription links to the rule page only for clients that support it and only for catalogued codes', () => {
  const doc = TextDocument.create('file:///w/openssl.cnf', 'openssl-conf', 1, 'a = 1\n');
  const withSupport = readClientCapabilities({ capabilities: { textDocument: { publishDiagnostics: { codeDescriptionSupport: true } } } }, 'file:///ext/docs/rules/');
  const without = readClientCapabilities({ capabilities: {} }, 'file:///ext/docs/rules/');
  assert.equal(without.ruleDocs, undefined);
  assert.deepEqual(toDiagnostic(doc, finding('CNF-031'), withSupport.ruleDocs).codeDescription, { href: 'file:///ext/docs/rules/CNF-031.md' });
  assert.equal(toDiagnostic(doc, finding('NOT-A-RULE'), withSupport.ruleDocs).codeDescription, undefined);
  assert.equal(toDiagnostic(doc, finding('CNF-031'), without.ruleDocs).codeDescription, undefined);
});

function actionsFor(uri: string, languageId: string, text: string, code: string, clientCommands: string[]): lsp.CodeAction[] {
  const doc = TextDocument.create(uri, languageId, 1, text);
  const diagnostic = toDiagnostic(doc, finding(code));
  const ctx = { client: () => ({ ...minimalClient, clientCommands: new Set(clientCommands) }) } as unknown as FeatureContext;
  const params: lsp.CodeActionParams = { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic, { ...diagnostic }] } };
  return rulesFeature.codeActions!(doc, params, ctx) as lsp.CodeAction[];
}

test('quick fixes: "for this file" where the format has comments, "in settings" where the client runs the command, once per code', () => {
  const cnf = actionsFor('file:///w/openssl.cnf', 'openssl-conf', '[req]\n', 'CNF-031', [disableRuleInSettingsCommand]);
  assert.deepEqual(cnf.map((a) => a.title), ['Disable CNF-031 for this file', 'Disable CNF-031 in settings']);
  assert.deepEqual(cnf[0]!.edit!.changes!['file:///w/openssl.cnf'], [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# certwright: disable=CNF-031\n' }]);
  assert.deepEqual(cnf[1]!.command, { title: 'Disable CNF-031 in settings', command: disableRuleInSettingsCommand, arguments: ['CNF-031', 'file:///w/openssl.cnf'] });
  const pem = actionsFor('file:///w/node.crt', 'pem', '-----BEGIN CERTIFICATE-----\n', 'PEM-EXPIRING', [disableRuleInSettingsCommand]);
  assert.deepEqual(pem.map((a) => a.title), ['Disable PEM-EXPIRING in settings']);
  assert.deepEqual(actionsFor('file:///w/openssl.cnf', 'openssl-conf', '', 'CNF-031', []).map((a) => a.title), ['Disable CNF-031 for this file'], 'other clients get only the comment');
  assert.deepEqual(actionsFor('file:///w/openssl.cnf', 'openssl-conf', '', 'UNKNOWN-1', [disableRuleInSettingsCommand]), []);
});

/** What the disable comments of a text are, read from the whole text (the definition the incremental reading must match). */
function disabledReference(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*(?:#|;|\/\/)[ \t]*certwright:[ \t]*disable[ \t]*=[ \t]*([A-Za-z0-9][A-Za-z0-9 \t,-]*)/gm)) for (const c of m[1]!.match(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+/g) ?? []) out.add(c.toUpperCase());
  return [...out];
}

test('disable comments after noted edits (added, removed, edited, lines joined and split, CRLF, CR and U+2028 line ends): the lines read again give what the whole text gives', () => {
  const pieces = ['# certwright: disable=CNF-031', '; certwright: disable = PG-010, x-1', '// certwright:disable=DM-002', '  # certwright: disable=CNF-001', 'a = 1 # certwright: disable=CNF-020', 'k = v', '[ s ]', ''];
  const bits = ['\n', '\r\n', '\r', '\u2028', '#', ' ', 'certwright:', 'disable=', 'CNF-0', '31', ',', 'X', '-'];
  const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 12 }), fc.oneof(fc.string({ unit: fc.constantFrom(...bits), maxLength: 6 }), fc.constantFrom(...pieces.map((p) => `${p}\n`))));
  let incremental = 0;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), fc.constantFrom('\n', '\r\n'), fc.array(edit, { minLength: 1, maxLength: 8 }), (lines, eol, edits) => {
      clearEdits();
      const path = `/directives/${Math.random()}.cnf`;
      let text = lines.join(eol) + eol;
      trackEdits(path, text);
      assert.deepEqual([...disabledInFile(text)], disabledReference(text));
      for (const edit of edits) {
        text = noteRandomEdit(path, text, edit);
        assert.deepEqual([...disabledInFile(text)], disabledReference(text), JSON.stringify(text));
        incremental++;
      }
    }),
    { numRuns: 600 },
  );
  assert.ok(incremental > 1000);
});
