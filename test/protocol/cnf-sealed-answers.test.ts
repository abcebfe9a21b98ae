/**
 * The built server sends the outline and references of an openssl.cnf with the JSON kept from
 * their first sending (server/src/sealedJson.ts, spliced by the stdio writer): every message on
 * the wire must be exactly what JSON.stringify makes of it (read from the raw stdout), and the
 * answers, asked again and after edits, must equal those of a document opened afresh with the
 * same text, whether or not the server prepared them in idle time first. Run `npm run build` first.
 */
import { strict as assert } from 'node:assert';
import { resolve } from 'node:path';
import { test } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { startClient } from './lspClient';

const dir = resolve(__dirname, '.virtual-cnf-sealed'); // never written: documents live only in the protocol

/** Sections with keys, `$` references to one much-used name and `@` section references. */
function cnf(sections: number): string {
  const out = ['base = example', 'dir = ./ca', ''];
  for (let s = 0; s < sections; s++) {
    out.push(`[ sect_${s} ]`, `k${s} = $base/${s}`, `d = $dir/é${s}`, `alt = @sect_${(s * 7) % sections}`, '');
  }
  return out.join('\n');
}

/** Every frame the server wrote to stdout (Content-Length framing), as text. */
function frames(raw: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < raw.length) {
    const end = raw.indexOf('\r\n\r\n', at);
    if (end < 0) break;
    const length = Number(/Content-Length: (\d+)/i.exec(raw.subarray(at, end).toString('ascii'))![1]);
    out.push(raw.subarray(end + 4, end + 4 + length).toString('utf8'));
    at = end + 4 + length;
  }
  return out;
}

test('outline and references: the bytes are JSON.stringify of the message, and each answer equals a fresh document’s', async () => {
  const c = await startClient({ rootPath: dir, capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } } });
  const chunks: Buffer[] = [];
  c.process.stdout.on('data', (b: Buffer) => chunks.push(b));
  try {
    let text = cnf(300);
    const uri = c.open(resolve(dir, 'edited.cnf'), 'openssl-conf', text);
    const lines = (): string[] => text.split('\n');
    const baseUse = (): lsp.Position => {
      const l = lines().findIndex((x) => x.includes('$base'));
      return { line: l, character: lines()[l]!.indexOf('$base') + 2 };
    };
    const ask = async (u: string): Promise<string> => {
      const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri: u } });
      const refs = await c.request('textDocument/references', { textDocument: { uri: u }, position: baseUse(), context: { includeDeclaration: true } });
      const sectionRefs = await c.request('textDocument/references', { textDocument: { uri: u }, position: { line: 3, character: 4 }, context: { includeDeclaration: false } });
      return JSON.stringify([symbols, refs, sectionRefs]).replaceAll(u, 'file:///DOC');
    };
    let version = 1;
    for (let round = 0; round < 6; round++) {
      // Twice on the same version (the second from the kept JSON), then against a fresh document.
      const first = await ask(uri);
      assert.equal(await ask(uri), first);
      const fresh = c.open(resolve(dir, `fresh-${round}.cnf`), 'openssl-conf', text);
      assert.equal(await ask(fresh), first, `round ${round}`);
      c.close(fresh);
      assert.ok(first.length > 20_000, 'answers large enough to matter');
      // An edit: a value, a section renamed, a line inserted (moving every later symbol down).
      const l = 5 + round * 40;
      const line = lines()[l]!;
      const change: lsp.TextDocumentContentChangeEvent =
        round % 3 === 0
          ? { range: { start: { line: l, character: line.length }, end: { line: l, character: line.length } }, text: 'x' }
          : round % 3 === 1
            ? { range: { start: { line: 3, character: 2 }, end: { line: 3, character: 3 } }, text: 'T' }
            : { range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } }, text: `inserted = $base\n` };
      c.change(uri, ++version, [change]);
      // Every other version is asked for after its diagnostics, while or after the server
      // prepares its outline in idle time (LanguageFeature.prepare): the same answers either way.
      if (round % 2) {
        const v = version;
        await c.diagnostics(uri, (p) => p.version === v, 60_000);
        if (round % 4 === 1) await new Promise((r) => setTimeout(r, 300));
      }
      const ls = lines();
      const r = change.range!;
      const s = ls.slice(0, r.start.line).join('\n').length + (r.start.line ? 1 : 0) + r.start.character;
      const e = ls.slice(0, r.end.line).join('\n').length + (r.end.line ? 1 : 0) + r.end.character;
      text = text.slice(0, s) + change.text + text.slice(e);
    }
  } finally {
    await c.shutdown();
  }
  const all = frames(Buffer.concat(chunks));
  assert.ok(all.length > 30);
  for (const f of all) assert.equal(JSON.stringify(JSON.parse(f)), f);
});
